import { systemPrincipal } from '../../src/auth/policy';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
});
