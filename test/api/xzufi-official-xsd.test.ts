import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeMessage } from '../../src/xzufi/message';
import { createSchemaValidator, PROJECT_XSD_DIR } from '../../src/xzufi/schemaValidator';
import { PROJECT_XSD_FILE } from '../../src/xzufi/xsd';
import { createTestApp, type TestApp } from '../helpers/testApp';

/**
 * Stands in for an operator's official XSD set: a stricter copy (referenzLeiKa required) in its own
 * directory that imports xoev-code.xsd by its absolute URL, as XÖV schemas do.
 */
let dir: string;
let t: TestApp;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'official-xsd-'));
  const strict = readFileSync(join(PROJECT_XSD_DIR, PROJECT_XSD_FILE), 'utf8')
    .replace(/(<xs:element name="referenzLeiKa" type="[^"]+") minOccurs="0"/, '$1');
  expect(strict).toMatch(/<xs:element name="referenzLeiKa" type="[^"]+" maxOccurs="unbounded"\/>/);
  expect(strict).toContain('schemaLocation="http://xoev.de/schemata/code/1_0/xoev-code.xsd"');
  writeFileSync(join(dir, 'xzufi.xsd'), strict);
  t = await createTestApp({ XZUFI_XSD_DIR: dir });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const withoutKey = () => encodeMessage({ produktbezeichnung: 'x', produkthersteller: 'y', produktversion: '1' }, { nachrichtUUID: 'u', erstelltDatumZeit: '2026-11-25T08:00:00Z' }, [{
  op: 'schreibe',
  object: { klasse: 'Leistung', id: { schemeAgencyID: 'S06000', id: 'L-OHNE-SCHLUESSEL' }, content: { modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Ohne Schlüssel' }] }] } },
}]);

describe('XZUFI_XSD_DIR', () => {
  it('validates imports against the operator\'s XSDs instead of the project XSD (imports resolved offline through the catalog)', async () => {
    const res = await t.api.post('/xzufi/v1/import').set('Content-Type', 'application/xml').send(withoutKey());
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('xzufi_schema_invalid');
    expect(res.body.error.message).toContain(`official XSD in ${dir}`);
    expect(res.body.error.details[0].message).toMatch(/referenzLeiKa|modulText/);
  });

  it('is refused at start-up when the directory holds no XZuFi schema', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-xsd-'));
    try {
      expect(() => createSchemaValidator(empty)).toThrow(/holds no XSD with targetNamespace/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
