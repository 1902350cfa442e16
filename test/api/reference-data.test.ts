/**
 * Reference data from the fixtures (LeiKa catalogue, OZG-Leistungen, PLZ, Gemeinde statistics):
 * loaded with the schema, kept equal to the fixtures in place when they change, and what the API,
 * the portal and the answers give from them.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { buildReference } from '../../scripts/build-reference';
import { setMeta, getMeta } from '../../src/db/meta';
import { rowsOf } from '../../src/db/objectStore';
import { syncReferenceData } from '../../src/reference/sync';
import { createDraft, leistungBody, publish } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const count = async (query: string) => rowsOf<{ n: number }>(await t.database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${query}`)))[0]!.n;

describe('reference data', () => {
  it('is loaded with the schema: every LeiKa key, OZG-Leistung, PLZ pair and Gemeinde statistic of the fixtures', async () => {
    const dataLines = (file: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', file), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).length;
    expect(await count('leika_eintraege')).toBe(dataLines('leika.tsv'));
    expect(await count('leika_eintraege')).toBe(4813);
    expect(await count('ozg_leistungen')).toBe(557);
    expect(await count('plz_gemeinden')).toBe(dataLines('plz.tsv'));
    expect(await count('gebiete WHERE bevoelkerung IS NOT NULL')).toBe(dataLines('gemeinden.tsv'));
    // Nothing to do a second time.
    expect(await syncReferenceData(t.database.db)).toEqual({});
  });

  it('brings a table back to its fixture in place when the fixture version changes', async () => {
    await t.database.db.execute(sql`UPDATE leika_eintraege SET bezeichnung = 'veraltet' WHERE key = '99059004012000'`);
    await t.database.db.execute(sql`INSERT INTO leika_eintraege (key, bezeichnung) VALUES ('99999999999000', 'nicht mehr im Katalog')`);
    await t.database.db.execute(sql`DELETE FROM plz_gemeinden WHERE plz = '37281'`);
    const versions = (await getMeta<Record<string, string>>(t.database.db, 'reference_data'))!;
    await setMeta(t.database.db, 'reference_data', { ...versions, leika: 'older', plz: 'older' });
    const report = await syncReferenceData(t.database.db);
    expect(Object.keys(report).sort()).toEqual(['leika', 'plz']);
    expect(report.leika).toMatchObject({ written: 1, removed: 1, version: versions.leika });
    expect(report.plz).toMatchObject({ written: await count('plz_gemeinden'), unknownArs: 0 });
    expect((await t.api.get('/api/v1/leika/99059004012000')).body.bezeichnung).toBe('Eheurkunde Ausstellung');
    expect((await t.api.get('/api/v1/leika/99999999999000')).status).toBe(404);
    expect((await t.api.get('/api/v1/gebiete?plz=37281')).body.items.map((g: { ars: string }) => g.ars)).toEqual(['066360013013']);
  });

  it('counts the rows of the sources that match no current ARS instead of failing', () => {
    const shared = mkdtempSync(join(tmpdir(), 'shared-'));
    const out = mkdtempSync(join(tmpdir(), 'fixtures-'));
    mkdirSync(join(shared, 'leika'));
    mkdirSync(join(shared, 'gebiete'));
    writeFileSync(join(shared, 'leika', 'leika-katalog.tsv'), 'leika_key\tbezeichnung\ttypisierung\tozg_id\trechtsgrundlage\n99102013000000\tHundesteuer\t4\t10264\t\nkein-schluessel\tx\t1\t\t\n');
    writeFileSync(join(shared, 'leika', 'ozg-leistungen.tsv'), 'ozg_id\tozg_leistung\tlebenslage\tthemenfeld\n10264\tHundesteuer\tTiere\tSteuern & Zoll\n');
    // Wanfried (AGS 06636013) exists; AGS 06636099 does not; Hanau moved from Kreis 06435 to a kreisfreie Stadt (06415).
    writeFileSync(join(shared, 'gebiete', 'plz-gemeinde.tsv'), 'plz\tags\tort\n37281\t06636013\tWanfried\n37299\t06636099\tVerschwunden\n63450\t06435014\tHanau\n');
    writeFileSync(join(shared, 'gebiete', 'gemeinden-gv.tsv'), 'ars\tags\tname\tflaeche_km2\tbevoelkerung\tplz_verwaltungssitz\tlaengengrad\tbreitengrad\n066360013013\t06636013\tWanfried\t46.88\t4174\t37281\t10.17\t51.18\n066360099099\t06636099\tWeg\t1\t2\t37299\t10\t51\n064350014014\t06435014\tHanau, Brüder-Grimm-Stadt\t76.47\t96492\t63450\t8.9\t50.1\n');
    const gemeinden = [{ ars: '066360013013', name: 'Wanfried, Stadt' }, { ars: '064150000000', name: 'Hanau, Brüder-Grimm-Stadt' }];
    const counts = buildReference(shared, gemeinden, out);
    expect(counts).toEqual({ leika: 1, ozg: 1, plz: 2, plzUnmatched: 1, gemeinden: 2, gemeindenUnmatched: 1 });
    expect(readFileSync(join(out, 'plz.tsv'), 'utf8')).toContain('63450\t064150000000\tHanau');
    expect(readFileSync(join(out, 'gemeinden.tsv'), 'utf8')).toMatch(/064350014014 → 064150000000[\s\S]*\n064150000000\t76\.47\t96492\t63450/);
    const plz = readFileSync(join(out, 'plz.tsv'), 'utf8');
    expect(plz).toContain('Open Database License (ODbL)');
    expect(plz).toContain('Not matched to a current ARS (Gemeinden merged since): 1 of 3 pairs (PLZ AGS): 37299 06636099');
    expect(plz).toContain('37281\t066360013013\tWanfried');
    expect(readFileSync(join(out, 'gemeinden.tsv'), 'utf8')).toContain('Datenlizenz Deutschland – Namensnennung – Version 2.0');
  });
});

describe('LeiKa API', () => {
  it('finds entries by words, key prefix, Leistungsgruppierung and Typisierung, with their parts and OZG-Leistung', async () => {
    const words = await t.anonymous.get('/api/v1/leika?q=personalausweis ausstellung');
    expect(words.status).toBe(200);
    expect(words.body.items[0]).toMatchObject({
      key: '99008001012000', bezeichnung: 'Personalausweis Ausstellung', struktur: 'lov', typisierung: ['2/3'],
      teile: { leistungsgruppierung: '008', leistungskennung: '001', verrichtungskennung: '012', verrichtungsdetail: '000' },
      ozgLeistung: { id: '10119', name: expect.any(String), themenfeld: expect.any(String) },
    });
    const exact = await t.anonymous.get('/api/v1/leika?q=99102013&limit=3');
    expect(exact.body).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(exact.body.items.map((e: { key: string }) => e.key)).toEqual(['99102013000000', '99102013002000', '99102013010000']);
    const prefix = await t.anonymous.get('/api/v1/leika?q=991020&limit=2');
    expect(prefix.body.nextCursor).toEqual(expect.any(String));
    const next = await t.anonymous.get(`/api/v1/leika?q=991020&limit=2&cursor=${prefix.body.nextCursor}`);
    expect(next.body.items[0].key > prefix.body.items[1].key).toBe(true);
    expect(next.body.items[0].key.startsWith('991020')).toBe(true);
    const gruppe = await t.anonymous.get('/api/v1/leika?gruppierung=102&typisierung=4&limit=200');
    expect(gruppe.body.items.length).toBeGreaterThan(3);
    expect(gruppe.body.items.every((e: { key: string; typisierung: string[] }) => e.key.slice(2, 5) === '102' && e.typisierung.includes('4'))).toBe(true);
    // Names that begin with the word come first.
    const hund = await t.anonymous.get('/api/v1/leika?q=hund');
    expect(hund.body.items[0].bezeichnung).toMatch(/^Hund/);
  });

  it('names the Leistungen of this installation that use a key, as the caller may see them', async () => {
    const draft = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: ['99102013002000', '99102013010000'], typisierung: ['4'] }));
    const anonymous = await t.anonymous.get('/api/v1/leika/99102013010000');
    expect(anonymous.body.leistungen).toEqual([]);
    const editor = await t.api.get('/api/v1/leika/99102013010000');
    expect(editor.body.leistungen).toEqual([{ id: draft.id, name: 'Hundesteuer Anmeldung', status: 'entwurf' }]);
    await publish(t, 'leistungen', draft.id);
    expect((await t.anonymous.get('/api/v1/leika/99102013002000')).body.leistungen).toEqual([{ id: draft.id, name: 'Hundesteuer Anmeldung', status: 'veroeffentlicht' }]);
  });

  it('answers bad parameters with 400 and unknown keys with 404', async () => {
    expect((await t.anonymous.get('/api/v1/leika?gruppierung=1')).status).toBe(400);
    expect((await t.anonymous.get('/api/v1/leika?typisierung=x')).status).toBe(400);
    expect((await t.anonymous.get('/api/v1/leika?bogus=1')).status).toBe(400);
    expect((await t.anonymous.get('/api/v1/leika/12345')).status).toBe(404);
    expect((await t.anonymous.get('/api/v1/leika/99999999999999')).body.error.code).toBe('not_found');
  });

  it('refuses a LeiKa key request for a key the catalogue holds', async () => {
    const kommune = await t.as('kommunalredakteur', 'kommune-wanfried');
    const request = await kommune.post('/api/v1/leika-requests').send({ proposedName: 'Hundesteuer Festsetzung', justification: 'neu', leistungsgruppierung: '102' });
    expect(request.status).toBe(201);
    const decided = await t.api.post(`/api/v1/leika-requests/${request.body.id}/decision`).send({ decision: 'accept', leikaKey: '99102013002000', message: 'ok' });
    expect(decided.status).toBe(409);
    expect(decided.body.error.code).toBe('duplicate');
  });
});

describe('places by PLZ', () => {
  it('lists the Gemeinden of a PLZ, and the PLZ of a Gemeinde', async () => {
    expect((await t.anonymous.get('/api/v1/gebiete?plz=65510')).body.items.map((g: { name: string; ort: string }) => g.ort).sort()).toEqual(['Hünstetten', 'Idstein']);
    const wanfried = await t.anonymous.get('/api/v1/gebiete/066360013013');
    expect(wanfried.body).toMatchObject({ plz: ['37281'], bevoelkerung: expect.any(Number), plzVerwaltungssitz: '37281' });
    expect((await t.anonymous.get('/api/v1/gebiete?plz=1234')).status).toBe(400);
    expect((await t.anonymous.get('/api/v1/gebiete?plz=37281&q=x')).status).toBe(400);
  });

  it('resolves a PLZ anywhere in Germany without office data, and offers the choice where it covers several Gemeinden', async () => {
    // Flensburg: no office of this installation has that address.
    const one = await t.anonymous.get('/api/v1/antworten?q=Personalausweis&ort=24937');
    expect(one.status === 200 || one.status === 404).toBe(true);
    const search = await t.anonymous.get('/suche?q=Hund&ort=24937');
    expect(search.status).toBe(200);
    expect(search.text).toContain('Flensburg');
    const several = await t.anonymous.get('/suche?q=Hund&ort=65510');
    expect(several.text).toContain('Hünstetten');
    expect(several.text).toContain('Idstein');
  });
});
