/**
 * The worker thread of messageReader.ts: reads one message (decode, parse, text rules) and, when
 * asked, validates it against the XSD with xmllint from here — the bytes never travel back.
 */
import { parentPort } from 'node:worker_threads';
import { createSchemaValidator, type SchemaValidator } from '../xzufi/schemaValidator';
import { XmlInputError } from '../xzufi/xml';
import { messageText, readMessageHere, type WorkerReply } from './messageReader';

const validators = new Map<string, SchemaValidator>();

parentPort!.on('message', async ({ id, xml, validate }: { id: number; xml: string | Uint8Array; validate?: { officialDir: string | undefined; mode: 'read' | 'write' } }) => {
  let reply: WorkerReply;
  try {
    const text = messageText(xml);
    const { message, textProblems } = readMessageHere(text);
    const { items, ...head } = message;
    let schemaProblems;
    if (validate) {
      const key = `${validate.mode}:${validate.officialDir ?? ''}`;
      if (!validators.has(key)) validators.set(key, createSchemaValidator(validate.officialDir, validate.mode));
      schemaProblems = await validators.get(key)!.validate(text);
    }
    reply = { id, head, items: items.map((i) => JSON.stringify(i)), textProblems, schemaProblems };
  } catch (err) {
    reply = err instanceof XmlInputError
      ? { id, error: { code: err.code, message: err.message, position: err.position, xml: true } }
      : { id, error: { code: 'internal_error', message: (err as Error).message, xml: false } };
  }
  parentPort!.postMessage(reply);
});
