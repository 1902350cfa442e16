import { systemPrincipal } from '../../src/auth/policy';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../../src/seed/demo';
import { exportToDirectory, importFiles, messageFiles } from '../../src/syndication/files';
import { createSchemaValidator } from '../../src/xzufi/schemaValidator';
import { createTestApp, type TestApp } from '../helpers/testApp';

let source: TestApp;
let target: TestApp;
let dir: string;

beforeAll(async () => {
  [source, target] = await Promise.all([createTestApp(), createTestApp()]);
  await seedDemo(source.database, source.config.schemeAgencyId);
  dir = mkdtempSync(join(tmpdir(), 'xzufi-export-'));
});
afterAll(async () => {
  await Promise.all([source.close(), target.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('export to and import from a directory (CLI)', () => {
  it('writes index.txt and the files it lists, the same as served over HTTP', async () => {
    const summary = await exportToDirectory(source.database, dir, source.config.schemeAgencyId, { validator: createSchemaValidator() });
    expect(summary.invalid).toEqual([]);
    const index = readFileSync(join(dir, 'index.txt'), 'utf8');
    expect(index).toBe((await source.api.get('/xzufi/v1/index.txt')).text);
    expect(readdirSync(join(dir, 'files')).sort()).toEqual(index.split('\n').filter(Boolean).map((l) => l.replace('files/', '')).sort());
    for (const line of index.split('\n').filter(Boolean)) {
      expect(readFileSync(join(dir, line), 'utf8')).toBe((await source.api.get(`/xzufi/v1/${line}`)).text);
    }
    expect(summary.files).toBe(index.split('\n').filter(Boolean).length);
  });

  it('writes the same files without a validator, when the writer threads take files as fast as they are read', async () => {
    const again = mkdtempSync(join(tmpdir(), 'xzufi-export-again-'));
    try {
      const summary = await exportToDirectory(source.database, again, source.config.schemeAgencyId);
      const index = readFileSync(join(dir, 'index.txt'), 'utf8');
      expect(readFileSync(join(again, 'index.txt'), 'utf8')).toBe(index);
      let bytes = 0;
      for (const line of index.split('\n').filter(Boolean)) {
        const written = readFileSync(join(again, line));
        expect(written.toString('utf8')).toBe(readFileSync(join(dir, line), 'utf8'));
        bytes += written.length;
      }
      expect(summary.bytes).toBe(bytes);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });

  it('imports a directory in index order into an empty database, whose export is then the same', async () => {
    const files = await messageFiles(dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(readFileSync(join(dir, 'index.txt'), 'utf8').split('\n').filter(Boolean));
    const progress: number[] = [];
    const reports = await importFiles(target.database, files, {
      mode: 'atomic', actor: systemPrincipal('cli'), schemeAgencyId: 'S06000', validator: createSchemaValidator(undefined, 'read'),
      onProgress: ({ done }) => { progress.push(done); },
    });
    expect(reports.map((r) => r.status)).toEqual(files.map(() => 'applied'));
    expect(progress.length).toBeGreaterThanOrEqual(files.length);
    // Version data is each installation's own (versionsinformation, and the sprachversion made from it).
    const strip = (xml: string) => xml.replace(/<xzufi:(versionsinformation|sprachversion)>[\s\S]*?<\/xzufi:\1>/g, '').replace(/<xzufi:(nachrichtUUID|erstelltDatumZeit)>[^<]*</g, '<$1><');
    for (const line of readFileSync(join(dir, 'index.txt'), 'utf8').split('\n').filter(Boolean)) {
      expect(strip((await target.api.get(`/xzufi/v1/${line}`)).text)).toBe(strip(readFileSync(join(dir, line), 'utf8')));
    }
  });

  describe('a directory with files refused as a whole among others', () => {
    let mixed: string;
    const FIXTURE = readFileSync(join(__dirname, '..', 'fixtures', 'pvog-2.2.0-shape.xml'), 'utf8');
    beforeAll(() => {
      mixed = mkdtempSync(join(tmpdir(), 'xzufi-mixed-'));
      writeFileSync(join(mixed, 'a-good.xml'), FIXTURE);
      writeFileSync(join(mixed, 'b-malformed.xml'), '<?xml version="1.0"?>\n<x:transfer xmlns:x="http://xoev.de/schemata/xzufi/2_2_0"><x:offen></x:transfer>');
      writeFileSync(join(mixed, 'c-invalid.xml'), FIXTURE.replace('<x:schreibe>', '<x:unbekannt>x</x:unbekannt>\n  <x:schreibe>'));
      writeFileSync(join(mixed, 'd-good-again.xml'), FIXTURE);
      // As a system exporting Latin-1 would write it.
      writeFileSync(join(mixed, 'e-latin1.xml'), Buffer.from(FIXTURE.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), 'latin1'));
    });
    afterAll(() => rmSync(mixed, { recursive: true, force: true }));
    const options = () => ({ mode: 'atomic' as const, actor: systemPrincipal('cli'), schemeAgencyId: 'S06000', validator: createSchemaValidator(undefined, 'read') });
    const name = (file: string) => file.slice(mixed.length + 1);

    it('answers every file in order and goes on after a refusal when told of refusals; stops at the first one otherwise', async () => {
      const files = await messageFiles(mixed);
      const events: string[] = [];
      const reports = await importFiles(target.database, files, options(), {
        onStart: (file, n) => events.push(`${n} ${name(file)}`),
        onFile: (file, report) => events.push(`${name(file)} ${report.status} ${report.counts.Leistung.created} created ${report.counts.Leistung.unchanged} unchanged`),
        onRefused: (file, err) => events.push(`${name(file)} refused ${err.code}${err.problems[0]?.line ? ` line ${err.problems[0].line}` : ''}`),
      });
      expect(events).toEqual([
        '0 a-good.xml', 'a-good.xml applied 2 created 0 unchanged',
        '1 b-malformed.xml', 'b-malformed.xml refused xml_malformed line 2',
        '2 c-invalid.xml', expect.stringMatching(/^c-invalid\.xml refused xzufi_schema_invalid line \d+$/),
        '3 d-good-again.xml', 'd-good-again.xml applied 0 created 2 unchanged',
        '4 e-latin1.xml', 'e-latin1.xml refused xml_not_utf8',
      ]);
      expect(reports).toHaveLength(2);

      const applied: string[] = [];
      await expect(importFiles(target.database, files, options(), { onFile: (file) => applied.push(name(file)) })).rejects.toMatchObject({ code: 'xml_malformed' });
      expect(applied).toEqual(['a-good.xml']);
    });

    it('the CLI (xzufi:import) reports each file and ends with exit code 1', () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'xzufi-cli-'));
      try {
        const cli = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', '..', 'src', 'cli.ts'), 'xzufi:import', mixed], {
          encoding: 'utf8', timeout: 120_000, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', DEMO_DATA: 'false', LOG_LEVEL: 'silent' },
        });
        const lines = cli.stdout.split('\n').filter((l) => l.startsWith(mixed)).map((l) => name(l).replace(/ in \d+ ms/, ''));
        expect({ status: cli.status, lines }).toEqual({
          status: 1,
          lines: [
            expect.stringMatching(/^a-good\.xml: applied — Leistung: 2 created; /),
            expect.stringMatching(/^b-malformed\.xml: refused \(xml_malformed\): /),
            expect.stringMatching(/^c-invalid\.xml: refused \(xzufi_schema_invalid\): /),
            expect.stringMatching(/^d-good-again\.xml: applied — Leistung: 2 unchanged; /),
            'e-latin1.xml: refused (xml_not_utf8): The message must be encoded in UTF-8',
          ],
        });
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
