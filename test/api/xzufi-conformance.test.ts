/**
 * The export as the real XZuFi 2.2.0 has it (../shared/xzufi/CONFORMANCE.md, E1–E11), one test
 * per difference that a validating receiver would have refused, asserted on the XML a portal
 * pulls — and validated with the standard tool an operator would use: Debian's xmllint with the
 * shipped catalog.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../../src/seed/demo';
import { createSchemaValidator, PROJECT_XSD_DIR } from '../../src/xzufi/schemaValidator';
import { PROJECT_XSD_FILE } from '../../src/xzufi/xsd';
import { create, createDraft, HESSEN, kategorieBody, organisationseinheitBody, publish, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
let xml: string;
const de = (value: string) => [{ languageCode: 'de', value }];
const en = (value: string) => [{ languageCode: 'de', value }, { languageCode: 'en', value: `${value} (en)` }];
const validator = createSchemaValidator();

/** A Leistung that uses every part of the model the E items are about. */
const vollstaendig = (kategorieId: string) => ({
  xzufiId: 'KONFORM-1',
  referenzLeiKa: ['99102099104000', '99102099105000'],
  idSekundaer: [{ id: 'ALT-1', schemeAgencyID: 'S10005', schemeName: 'Altsystem' }],
  modulText: [
    { positionDarstellung: 1, id: { id: 'M-02' }, gueltigkeit: [{ beginn: '2026-01-01', zusatz: de('ab Januar') }], leikaTextmodul: '02', inhalt: en('Hundesteuer Anmeldung') },
    { leikaTextmodul: '06', inhalt: de('<p>Für jeden <b>Hund</b>:</p><ul><li>anmelden</li></ul>') },
    { leikaTextmodul: '15', weiterfuehrenderLink: [{ uri: 'https://www.hessen.de/hund' }] },
  ],
  modulFrist: { positionDarstellung: 2, frist: [{ typ: '001', stichtag: { von: '--01-01', bis: '--12-31' }, beschreibung: de('jährlich') }, { typ: '002', dauer: { dauer: 14, einheit: 'TAG' } }] },
  modulKosten: { kosten: [{ typ: '001', frei: { beschreibungKostenfreiheit: de('Die Anmeldung ist gebührenfrei.') } }, { typ: '002', fix: { betrag: { value: 60, currencyCode: 'EUR' } } }] },
  modulBearbeitungsdauer: { bearbeitungsdauer: [{ dauer: { dauer: 2, einheit: 'WOCHE', dauerBis: 3 } }] },
  modulBegriffImKontext: [{ begriffImKontext: [{ begriff: 'Hundemarke', languageCode: 'de', typ: '001' }] }, { positionDarstellung: 9, begriffImKontext: [{ begriff: 'dog tag', languageCode: 'en' }] }],
  modulDokument: {
    dokumentEingehend: [{ typ: { code: '001' }, bezeichnung: de('Anmeldeformular'), referenzFormularID: [{ id: 'F-4711', schemeAgencyID: 'S06000' }], angabeSignatur: '001' }],
    dokumentAusgehend: [{ typ: { nichtGelisteterWert: 'Steuerbescheid' }, bezeichnung: de('Hundesteuerbescheid') }],
  },
  modulUrsprungsportal: [{ uri: 'https://verwaltungsportal.hessen.de/leistung?leistung_id=1', titel: 'Verwaltungsportal Hessen', languageCode: 'de' }],
  typisierung: ['4'],
  informationsbereichSDG: ['1030300'],
  kennzeichenEA: false,
  kategorieIds: [kategorieId],
  gueltigkeitGebietID: [HESSEN],
});

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
  const kategorie = await create(t, 'kategorien', kategorieBody({ bezeichnung: de('Tiere'), klasse: { id: { id: '001' }, bezeichnung: de('Lebenslage') } }));
  const leistung = await createDraft(t, 'leistungen', vollstaendig(kategorie.id));
  await publish(t, 'leistungen', leistung.id);
  const res = await t.api.get('/xzufi/v1/changes?limit=1000');
  xml = res.text;
});
afterAll(async () => { await t.close(); });

/** The exported <xzufi:leistung> with the given id. */
const leistung = (id: string) => {
  const m = new RegExp(`<xzufi:leistung>\\s*<xzufi:id[^>]*>${id}</xzufi:id>[\\s\\S]*?</xzufi:leistung>`).exec(xml);
  if (!m) throw new Error(`no Leistung ${id} in the export`);
  return m[0];
};
/** The child element names of the first element `name` in `text`, in order. */
function childrenOf(text: string, name: string): string[] {
  const start = text.indexOf(`<xzufi:${name}`);
  const open = text.indexOf('>', start);
  let depth = 0;
  const out: string[] = [];
  for (const m of text.slice(open + 1).matchAll(/<(\/?)(?:xzufi:)?([\w.]+)[^>]*?(\/?)>/g)) {
    if (m[1]) { if (depth === 0) break; depth--; continue; }
    if (depth === 0) out.push(m[2]!);
    if (!m[3]) depth++;
  }
  return out;
}

describe('XZuFi 2.2.0 export (CONFORMANCE.md E1–E11)', () => {
  it('validates against the regenerated project XSD, demo data and the full Leistung', async () => {
    expect(await validator.validate(xml)).toEqual([]);
    for (const file of (await t.api.get('/xzufi/v1/index.txt')).text.split('\n').filter(Boolean)) {
      expect(await validator.validate((await t.api.get(`/xzufi/v1/${file}`)).text)).toEqual([]);
    }
  });

  it('E1: every module starts with positionDarstellung, id, idSekundaer, gueltigkeit, then its own fields', () => {
    expect(childrenOf(leistung('KONFORM-1'), 'modulText')).toEqual(['positionDarstellung', 'id', 'gueltigkeit', 'leikaTextmodul', 'inhalt', 'inhalt']);
    expect(childrenOf(leistung('KONFORM-1'), 'modulFrist')[0]).toBe('positionDarstellung');
  });

  it('E2: the language is on begriff, not on begriffImKontext', () => {
    expect(leistung('KONFORM-1')).toMatch(/<xzufi:begriffImKontext>\s*<xzufi:begriff languageCode="de">Hundemarke<\/xzufi:begriff>/);
  });

  it('E3: Dokumente as dokumentEingehend / dokumentAusgehend with referenzFormularID and angabeSignatur', () => {
    expect(childrenOf(leistung('KONFORM-1'), 'modulDokument')).toEqual(['dokumentEingehend', 'dokumentAusgehend']);
    expect(childrenOf(leistung('KONFORM-1'), 'dokumentEingehend')).toEqual(['typ', 'bezeichnung', 'referenzFormularID', 'angabeSignatur']);
    expect(leistung('KONFORM-1')).toContain('<xzufi:referenzFormularID schemeAgencyID="S06000">F-4711</xzufi:referenzFormularID>');
  });

  it('E4: a Bearbeitungsdauer is a Frist without type, one level deeper', () => {
    expect(childrenOf(leistung('KONFORM-1'), 'bearbeitungsdauer')).toEqual(['fristDauer']);
  });

  it('E5: Kosten are the required choice fix / frei / variabel, with an explicit kostenfrei', () => {
    const kosten = leistung('KONFORM-1').match(/<xzufi:kosten>[\s\S]*?<\/xzufi:kosten>/g)!;
    expect(kosten.map((k) => childrenOf(k, 'kosten'))).toEqual([['typ', 'kostenFrei'], ['typ', 'kostenFix']]);
  });

  it('E6: the Frist choice is required, Stichtage may be gMonthDay, durations are integers', () => {
    expect(leistung('KONFORM-1')).toMatch(/<xzufi:fristStichtag>\s*<xzufi:von>--01-01<\/xzufi:von>\s*<xzufi:bis>--12-31<\/xzufi:bis>/);
    expect(leistung('KONFORM-1')).toContain('<xzufi:dauer>14</xzufi:dauer>');
  });

  it('E7: the real listURIs, with listVersionID where the list has a known version', () => {
    const l = leistung('KONFORM-1');
    expect(l).toContain('<xzufi:leikaTextmodul listURI="urn:de:xzufi:codeliste:leistungstextmodulleika" listVersionID="20240216">');
    expect(l).toContain('<xzufi:typisierung listURI="urn:de:fim:leika:typisierung">');
    expect(l).toContain('listURI="urn:de:fim:codeliste:dokumenttyp" listVersionID="5"');
    expect(l).toContain('<xzufi:informationsbereichSDG listURI="urn:xoev-de:fim:codeliste:sdginformationsbereich" listVersionID="4">');
    expect(l).not.toContain('urn:xoev-de:fim:codeliste:xzufi.leistungstextmodulleika');
  });

  it('E8: Kategorie children in the model\'s order, klasse last as LeistungskategorieKlasse', () => {
    expect(childrenOf(leistung('KONFORM-1'), 'kategorie')).toEqual(['id', 'bezeichnung', 'klasse']);
    expect(childrenOf(leistung('KONFORM-1'), 'klasse')).toEqual(['id', 'bezeichnung']);
  });

  it('E9: struktur: the base type carries leistungsgruppierung, leistungsobjektID comes with the Verrichtung', () => {
    const l = leistung('KONFORM-1');
    expect(l).toMatch(/<xzufi:struktur xsi:type="xzufi:LeistungsstrukturObjektMitVerrichtung">\s*<xzufi:leistungsgruppierung [^>]*>\s*<code>102<\/code>/);
    expect(childrenOf(l, 'struktur')).toEqual(['leistungsgruppierung', 'leistungsobjektID', 'verrichtung']);
  });

  it('E10: nachrichtenkopf in the order of a 2.1 message: empfaenger before sender', async () => {
    const { encodeMessage } = await import('../../src/xzufi/message');
    const head = encodeMessage({ produktbezeichnung: 'p', produkthersteller: 'h', produktversion: '1' }, { nachrichtUUID: 'u', erstelltDatumZeit: '2026-12-01T00:00:00Z', sender: 'S06000', empfaenger: 'PVOG' }, []);
    expect(childrenOf(head, 'nachrichtenkopf')).toEqual(['nachrichtUUID', 'erstelltDatumZeit', 'empfaenger', 'sender']);
    expect(await validator.validate(head)).toEqual([]);
  });

  it('E11: referenzLeiKa and modulBegriffImKontext repeat', () => {
    const l = leistung('KONFORM-1');
    expect(l.match(/<xzufi:referenzLeiKa /g)).toHaveLength(2);
    expect(l.match(/<xzufi:modulBegriffImKontext>/g)).toHaveLength(2);
  });

  it('writes the other children of Leistung220: idSekundaer, modulUrsprungsportal, informationsbereichSDG, kennzeichenEA, sprachversion per language', () => {
    const children = childrenOf(leistung('KONFORM-1'), 'leistung');
    expect(children).toEqual(['id', 'idSekundaer', 'struktur', 'referenzLeiKa', 'referenzLeiKa', 'modulText', 'modulText', 'modulText', 'modulFrist', 'modulKosten', 'modulBearbeitungsdauer',
      'modulBegriffImKontext', 'modulBegriffImKontext', 'modulFachlicheFreigabe', 'modulDokument', 'modulUrsprungsportal', 'typisierung', 'kategorie', 'informationsbereichSDG',
      'gueltigkeitGebietID', 'kennzeichenEA', 'versionsinformation', 'sprachversion', 'sprachversion']);
    expect(leistung('KONFORM-1')).toContain('<xzufi:idSekundaer schemeAgencyID="S10005" schemeName="Altsystem">ALT-1</xzufi:idSekundaer>');
    expect(leistung('KONFORM-1')).toMatch(/<xzufi:sprachversion>\s*<xzufi:languageCode>en<\/xzufi:languageCode>\s*<xzufi:sprachbezeichnungDeutsch>Englisch/);
  });
});

describe('the shipped XSDs with the standard tools', () => {
  const xmllint = existsSync('/usr/bin/xmllint');
  const required = Boolean(process.env.REQUIRE_BROWSER);
  it('Debian\'s xmllint compiles the project XSD through schemas/xzufi/catalog.xml and validates the export', () => {
    if (!xmllint && !required) return; // xmllint comes with libxml2-utils; .ci/run installs it
    const dir = mkdtempSync(join(tmpdir(), 'xmllint-'));
    try {
      const file = join(dir, 'export.xml');
      writeFileSync(file, xml);
      execFileSync('xmllint', ['--noout', join(PROJECT_XSD_DIR, 'catalog.xml')]);
      const out = execFileSync('xmllint', ['--noout', '--nonet', '--catalogs', '--schema', join(PROJECT_XSD_DIR, PROJECT_XSD_FILE), file], {
        env: { ...process.env, XML_CATALOG_FILES: join(PROJECT_XSD_DIR, 'catalog.xml') }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(out).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a municipal office from the demo validates too', async () => {
    const oe = await create(t, 'organisationseinheiten', organisationseinheitBody({ anschrift: [{ typ: '002', ort: 'Wanfried', ars: WANFRIED, bundesland: '06', gemeindeschluessel: '06636013' }] }));
    const feed = await t.api.get('/xzufi/v1/changes?limit=1000');
    expect(feed.text).toMatch(new RegExp(`<xzufi:verwaltungspolitischeKodierung>\\s*<xzufi:bundesland [^>]*>\\s*<code>06</code>[\\s\\S]*?<xzufi:gemeindeschluessel[\\s\\S]*?<xzufi:regionalschluessel`));
    expect(await validator.validate(feed.text)).toEqual([]);
    expect(oe.anschrift[0]).toMatchObject({ bundesland: '06', gemeindeschluessel: '06636013' });
  });
});
