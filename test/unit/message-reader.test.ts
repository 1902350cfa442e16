/**
 * Large messages are read in a worker thread that is kept for the next message a while
 * (src/syndication/messageReader.ts): what it reads is what the main thread would read, one
 * message's findings never leak into the next, a refused message leaves the reader usable, and
 * a worker waiting for work does not keep the process alive.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OFF_THREAD_CHARS, readMessage, readMessageHere } from '../../src/syndication/messageReader';
import { XmlInputError } from '../../src/xzufi/xml';

const FIXTURE_FILE = join(__dirname, '..', 'fixtures', 'pvog-2.2.0-shape.xml');
const FIXTURE = readFileSync(FIXTURE_FILE, 'utf8');

/** The fixture made large enough to be read off the main thread (padding after the head), with `edit` applied. */
function large(edit: (xml: string) => string = (x) => x): string {
  const padding = '<!-- padding -->\n'.repeat(Math.ceil(OFF_THREAD_CHARS / 17) + 100);
  const xml = edit(FIXTURE).replace('</x:nachrichtenkopf>', `</x:nachrichtenkopf>\n${padding}`);
  expect(xml.length).toBeGreaterThan(OFF_THREAD_CHARS);
  return xml;
}

describe('reading large messages off the main thread', () => {
  it('reads message after message as the main thread does, each on its own', async () => {
    const clean = large();
    // A script in a text: one more text-rule finding (HTML reduced) in one of the two.
    const dirty = large((x) => x.replace('wenn:&lt;/p&gt;', 'wenn:&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    expect(dirty).not.toBe(clean);
    const here = { clean: readMessageHere(clean), dirty: readMessageHere(dirty) };
    expect(here.dirty.textProblems[0]!.problems.length).toBe(here.clean.textProblems[0]!.problems.length + 1);
    for (const [name, xml] of [['dirty', dirty], ['clean', clean], ['dirty', dirty], ['clean', clean]] as const) {
      const read = await readMessage(xml);
      expect(read.message).toEqual(here[name].message);
      expect(read.textProblems).toEqual(here[name].textProblems);
    }
  });

  it('refuses a malformed message with its position, and reads the next one all the same', async () => {
    const broken = large().replace('</x:nachrichtenkopf>', '</x:nachrichtenkopf></x:falsch>');
    const error = await readMessage(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XmlInputError);
    expect((error as XmlInputError).position?.line).toBeGreaterThan(1);
    const read = await readMessage(large());
    expect(read.message.items.length).toBe(readMessageHere(FIXTURE).message.items.length);
  });

  it('lets the process end while its worker waits for the next message (a CLI import ends when its work does)', () => {
    // Read, then wait: a reader worker that held the process would let the unref'd timer fire (a second, well before the worker's idle end).
    const script = `
      const { readFileSync } = require('node:fs');
      const { OFF_THREAD_CHARS, readMessage } = require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'syndication', 'messageReader.ts'))});
      const padding = '<!-- padding -->\\n'.repeat(Math.ceil(OFF_THREAD_CHARS / 17) + 100);
      const xml = readFileSync(${JSON.stringify(FIXTURE_FILE)}, 'utf8').replace('</x:nachrichtenkopf>', '</x:nachrichtenkopf>\\n' + padding);
      readMessage(xml).then((read) => {
        console.log('read ' + read.message.items.length);
        setTimeout(() => { console.log('still running'); process.exit(2); }, 1000).unref();
      });`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: child.status, stdout: child.stdout?.trim(), stderr: child.stderr?.trim(), error: child.error }).toEqual({ status: 0, stdout: `read ${readMessageHere(FIXTURE).message.items.length}`, stderr: '', error: undefined });
  });
});
