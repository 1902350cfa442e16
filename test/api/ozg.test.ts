/**
 * The OZG figures (`GET /api/v1/ozg`, the dashboard's numbers) for a small, known set of objects,
 * checked against the population figures read straight from the fixtures: per OZG-Leistung the
 * Leistungen implementing it, the best Reifegrad, the Gemeinden online and with a Zuständigkeit,
 * the population share; per Kreis; and a Kommune's to-do list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, createDraft, leistungBody, MARBURG, onlinedienstBody, organisationseinheitBody, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

const WERRA_MEISSNER = '066360000000';
const HUNDEHALTUNG = '10160'; // OZG-Leistung of the LeiKa key 99102013002000 (Hundesteuer Festsetzung, Typisierung 4)

const dataRows = (file: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', file), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
const population = new Map(dataRows('gemeinden.tsv').map(([ars, , bevoelkerung]) => [ars!, Number(bevoelkerung)]));
/** Hessian Gemeinden as the Gebiete fixture has them (with the kreisfreie Städte), as the report counts them. */
const hessen = dataRows('gebiete.tsv').filter(([ars, , ebene]) => ars!.startsWith('06') && ebene !== 'ortsteil' && (ebene === 'gemeinde' || ebene === 'kreisfreie_stadt' || population.has(ars!))).map(([ars]) => ars!);
const inKreis = hessen.filter((ars) => ars.startsWith('06636'));
const sum = (list: string[]) => list.reduce((a, ars) => a + (population.get(ars) ?? 0), 0);

let t: TestApp;
let leistungId: string;

beforeAll(async () => {
  t = await createTestApp();
  const leistung = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013002000', typisierung: ['4'] }));
  leistungId = leistung.id;
  // Wanfried: online at Reifegrad 3 and a Zuständigkeit; Marburg: a Zuständigkeit and a service at Reifegrad 2.
  await create(t, 'onlinedienste', onlinedienstBody({ ozgReifegrad: 3, gueltigkeitGebietID: [WANFRIED], leistungIds: [leistungId] }));
  await create(t, 'onlinedienste', onlinedienstBody({ ozgReifegrad: 2, gueltigkeitGebietID: [MARBURG], leistungIds: [leistungId], link: [{ typ: '01', link: 'https://marburg.example/hund', languageCode: 'de' }] }));
  // A draft at Reifegrad 4 everywhere: not published, so it counts nowhere.
  await createDraft(t, 'onlinedienste', onlinedienstBody({ ozgReifegrad: 4, gueltigkeitGebietID: ['060000000000'], leistungIds: [leistungId] }));
  const oe = await create(t, 'organisationseinheiten', organisationseinheitBody());
  for (const gebietID of [WANFRIED, MARBURG]) await create(t, 'zustaendigkeiten', { leistungId, organisationseinheitId: oe.id, gebietID });
});
afterAll(async () => { await t.close(); });

interface Line { id: string; themenfeld: string; kommunal: boolean; leistungen: Array<{ uuid: string }>; reifegrad: number | null; gemeindenOnline: number; gemeindenZustaendig: number; gemeinden: number; anteilOnline: number }

describe('GET /api/v1/ozg', () => {
  it('reports per OZG-Leistung the implementing Leistung, best Reifegrad, Gemeinden online and the population share', async () => {
    const res = await t.anonymous.get('/api/v1/ozg');
    expect(res.status).toBe(200);
    expect(res.body.einwohner).toBe(sum(hessen));
    expect(res.body.gemeinden).toBe(hessen.length);
    const lines = res.body.ozgLeistungen as Line[];
    expect(lines).toHaveLength(dataRows('ozg-leistungen.tsv').length);
    const hund = lines.find((l) => l.id === HUNDEHALTUNG)!;
    expect(hund).toMatchObject({ kommunal: true, reifegrad: 3, gemeindenOnline: 1, gemeindenZustaendig: 2, gemeinden: hessen.length });
    expect(hund.leistungen.map((l) => l.uuid)).toEqual([leistungId]);
    expect(hund.anteilOnline).toBeCloseTo(population.get(WANFRIED)! / sum(hessen), 10);
    // Nothing else is implemented here.
    expect(lines.filter((l) => l.leistungen.length > 0).map((l) => l.id)).toEqual([HUNDEHALTUNG]);
    expect(res.body.reifegrade).toEqual({ levels: [0, 0, 0, 1, 0], ohne: lines.length - 1 });
  });

  it('reports per Kreis and per Themenfeld, and filters by Themenfeld', async () => {
    const { body } = await t.anonymous.get('/api/v1/ozg');
    const werra = body.kreise.find((k: { ars: string }) => k.ars === WERRA_MEISSNER);
    expect(werra).toMatchObject({ name: 'Werra-Meißner-Kreis', einwohner: sum(inKreis), gemeinden: inKreis.length, umgesetzt: 1, onlineFuerAlle: 0 });
    expect(werra.anteilOnline).toBeCloseTo(population.get(WANFRIED)! / sum(inKreis), 10);
    const marburg = body.kreise.find((k: { ars: string }) => k.ars === '065340000000');
    expect(marburg.anteilOnline).toBe(0); // Reifegrad 2 is not online in the OZG's sense
    const thema = body.themenfelder.find((f: { themenfeld: string }) => f.themenfeld === 'Engagement & Hobby');
    expect(thema).toMatchObject({ umgesetzt: 1, online: 1 });
    expect(thema.anteilOnline).toBeCloseTo(population.get(WANFRIED)! / sum(hessen) / thema.ozgLeistungen, 10);

    const filtered = await t.anonymous.get('/api/v1/ozg').query({ themenfeld: 'Engagement & Hobby' });
    expect(filtered.body.ozgLeistungen.length).toBe(thema.ozgLeistungen);
    expect(new Set(filtered.body.ozgLeistungen.map((l: Line) => l.themenfeld))).toEqual(new Set(['Engagement & Hobby']));
  });

  it('gives a Kreis and a Gemeinde their to-do list of municipal OZG-Leistungen', async () => {
    const kreis = (await t.anonymous.get('/api/v1/ozg').query({ aufgaben: WERRA_MEISSNER })).body.aufgaben;
    expect(kreis.offen).toEqual([expect.objectContaining({ id: HUNDEHALTUNG, ohneZustaendigkeit: inKreis.length - 1, ohneOnline: inKreis.length - 1, reifegrad: 3 })]);
    expect(kreis.ohneLeistung.length).toBeGreaterThan(100);
    expect(kreis.ohneLeistung.every((l: { leistungen: unknown[] }) => l.leistungen.length === 0)).toBe(true);
    // Wanfried has both, Marburg has the office but no service online.
    expect((await t.anonymous.get('/api/v1/ozg').query({ aufgaben: WANFRIED })).body.aufgaben.offen).toEqual([]);
    const marburg = (await t.anonymous.get('/api/v1/ozg').query({ aufgaben: MARBURG })).body.aufgaben.offen;
    expect(marburg).toEqual([expect.objectContaining({ id: HUNDEHALTUNG, ohneZustaendigkeit: 0, ohneOnline: 1 })]);
  });

  it('narrows to a Kreis, and refuses unknown places and parameters', async () => {
    const kreis = await t.anonymous.get('/api/v1/ozg').query({ gebiet: WERRA_MEISSNER });
    expect(kreis.body.gebiet.name).toBe('Werra-Meißner-Kreis');
    expect(kreis.body.einwohner).toBe(sum(inKreis));
    expect(kreis.body.ozgLeistungen.find((l: Line) => l.id === HUNDEHALTUNG).gemeindenZustaendig).toBe(1);
    for (const query of [{ gebiet: '069999999999' }, { aufgaben: 'x' }, { jahr: '2026' }]) {
      const res = await t.anonymous.get('/api/v1/ozg').query(query);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_parameter');
    }
  });
});
