/**
 * A file in the shape of real XZuFi 2.2.0 data (test/fixtures/pvog-2.2.0-shape.xml, written by the
 * project): it imports atomically, imports again as all unchanged, and its objects go out again with
 * every element they came with — repaired where the import said it repaired them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeMessage } from '../../src/xzufi/message';
import { createSchemaValidator } from '../../src/xzufi/schemaValidator';
import { createTestApp, type TestApp } from '../helpers/testApp';

const FILE = readFileSync(join(__dirname, '..', 'fixtures', 'pvog-2.2.0-shape.xml'));
let t: TestApp;
let first: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let exported: string;

beforeAll(async () => {
  t = await createTestApp();
  first = (await t.api.post('/xzufi/v1/import').set('Content-Type', 'application/xml').send(FILE)).body;
  exported = (await t.api.get('/xzufi/v1/changes?limit=1000')).text;
});
afterAll(async () => { await t.close(); });

const warnings = () => (first.warnings as Array<{ id?: string; path?: string; message: string }>);

describe('a file in the shape of real PVOG data', () => {
  it('imports atomically: its other root name, no produktversion, transaktionID, xsi:type on an object', () => {
    expect(first.errors).toEqual([]);
    expect(first.status).toBe('applied');
    expect(first.counts).toMatchObject({
      Leistung: { created: 2, failed: 0 }, Organisationseinheit: { created: 1 }, Onlinedienst: { created: 1 }, Zustaendigkeit: { created: 3 }, Kategorie: { created: 1 },
    });
  });

  it('repairs an invisible character and a link to an internationalised domain, naming each repair', () => {
    expect(warnings()).toContainEqual(expect.objectContaining({ id: 'L-EINB-1', path: '/modulText[1]/inhalt[1]', message: expect.stringContaining('U+200B (zero width space) removed at character 13') }));
    expect(warnings()).toContainEqual(expect.objectContaining({ id: 'L-EINB-1', message: 'link written as https://www.xn--einbrgerung-whb.de/informationen%20zur%20Einb%C3%BCrgerung' }));
  });

  it('keeps what it does not model, and says so', () => {
    expect(warnings()).toContainEqual(expect.objectContaining({ id: 'L-EINB-1', path: '/leistungen.antwort.leistung.040104/schreibe[1]/leistung/kennzeichenFormular', message: expect.stringContaining('kept with the object') }));
  });

  it('lets a municipal catalogue hold two Leistungen with one LeiKa key, and a Leistung name several keys', async () => {
    const items = (await t.api.get('/api/v1/leistungen?leikaKey=99099001012000')).body.items;
    expect(items.map((i: { xzufiId: string }) => i.xzufiId).sort()).toEqual(['L-EINB-1', 'L-EINB-2']);
    expect(items.find((i: { xzufiId: string }) => i.xzufiId === 'L-EINB-1').referenzLeiKa).toEqual(['99099001012000', '99099001013000']);
  });

  it('makes Zuständigkeiten of the office\'s own responsibilities, one per Gebiet', async () => {
    const oe = (await t.api.get('/api/v1/organisationseinheiten?q=Standesamt')).body.items[0];
    expect(oe.zustaendigkeit).toBeUndefined();
    expect(oe.anschrift[0]).toMatchObject({ ars: '066360013013', bundesland: '06', gemeindeschluessel: '06636013' });
    const zs = (await t.api.get(`/api/v1/zustaendigkeiten?limit=200`)).body.items.filter((z: { organisationseinheitId: string }) => z.organisationseinheitId === oe.id);
    expect(zs.map((z: { gebietID: string; xzufiId: string }) => [z.xzufiId, z.gebietID]).sort()).toEqual([
      ['OE-STANDESAMT#S06636013/L-EINB-1@066360001001', '066360001001'],
      ['OE-STANDESAMT#S06636013/L-EINB-1@066360013013', '066360013013'],
      ['OE-STANDESAMT#S06636013/L-EINB-2@066360013013', '066360013013'],
    ]);
  });

  it('imports again as all unchanged', async () => {
    const again = (await t.api.post('/xzufi/v1/import').set('Content-Type', 'application/xml').send(FILE)).body;
    expect(again.status).toBe('applied');
    for (const [klasse, c] of Object.entries(again.counts as Record<string, Record<string, number>>)) {
      expect({ klasse, created: c.created, updated: c.updated, failed: c.failed, deleted: c.deleted }).toEqual({ klasse, created: 0, updated: 0, failed: 0, deleted: 0 });
    }
  });

  it('exports every element the file held, valid against the project XSD but for what it does not model', async () => {
    for (const expected of [
      '<xzufi:id schemeAgencyID="S06636013" schemeID="Leistung" schemeName="Kommunal-CMS">L-EINB-1</xzufi:id>',
      '<xzufi:leistungsobjektID schemeID="LeiKa" schemeName="Leistungsobjekt">99099001000000</xzufi:leistungsobjektID>',
      '<code>99099001013000</code>',
      '<xzufi:inhalt languageCode="de">Einbürgerung beantragen</xzufi:inhalt>',
      '<xzufi:inhalt languageCode="en">Apply for naturalisation</xzufi:inhalt>',
      '&lt;ul&gt;&lt;li&gt;Sie seit fünf Jahren hier leben&lt;/li&gt;&lt;/ul&gt;',
      '<xzufi:uri>https://www.xn--einbrgerung-whb.de/informationen%20zur%20Einb%C3%BCrgerung</xzufi:uri>',
      '<xzufi:kostenFix>',
      '<xzufi:begriff languageCode="en">citizenship</xzufi:begriff>',
      '<xzufi:modulUrsprungsportal languageCode="de">',
      '<code>1030300</code>',
      '<xzufi:kennzeichenEA>false</xzufi:kennzeichenEA>',
      '<xzufi:kennzeichenFormular>true</xzufi:kennzeichenFormular>',
      '<xzufi:name languageCode="en">Registry office Wanfried</xzufi:name>',
      '<xzufi:gemeindeschluessel',
      '<xzufi:uebergeordnetesObjektID schemeAgencyID="S06636013">OE-STANDESAMT</xzufi:uebergeordnetesObjektID>',
      '<xzufi:onlinedienst>',
      '<code>30</code>',
    ]) expect({ expected, found: exported.includes(expected) }).toEqual({ expected, found: true });
    // The kept element stands where it stood: after kennzeichenEA.
    expect(exported).toMatch(/<xzufi:kennzeichenEA>false<\/xzufi:kennzeichenEA>\s*<xzufi:kennzeichenFormular>true<\/xzufi:kennzeichenFormular>/);
    const objects = decodeMessage(exported).items.filter((i) => i.op === 'schreibe');
    expect(objects.length).toBe(7);
    // Without the element it does not model, the export validates strictly.
    const strict = exported.replace(/\s*<xzufi:kennzeichenFormular>true<\/xzufi:kennzeichenFormular>/, '');
    expect(await createSchemaValidator().validate(strict)).toEqual([]);
  });

  it('validates what it reads structurally: a frame error still refuses the whole message', async () => {
    const broken = FILE.toString('utf8').replace('<x:transaktionID>', '<x:schreibe/><x:transaktionID>');
    const res = await t.api.post('/xzufi/v1/import').set('Content-Type', 'application/xml').send(Buffer.from(broken));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('xzufi_schema_invalid');
  });
});
