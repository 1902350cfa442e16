import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDatabase } from '../../src/bootstrap';
import { migrate } from '../../src/db/migrate';
import { createTestApp, type TestApp } from '../helpers/testApp';

const COUNTED = ['leistungen', 'spezialisierungen', 'organisationseinheiten', 'onlinedienste', 'zustaendigkeiten', 'kategorien'];
let t: TestApp;

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const path of COUNTED) {
    out[path] = 0;
    for (let url: string | null = `/api/v1/${path}?limit=200`; url;) {
      const { body } = await t.api.get(url);
      out[path] += body.items.length;
      url = body.nextCursor ? `/api/v1/${path}?limit=200&cursor=${body.nextCursor}` : null;
    }
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  await prepareDatabase(t.database, { demoData: true, schemeAgencyId: 'S06000' });
});
afterAll(async () => { await t.close(); });

describe('start-up', () => {
  it('loads the demo data, and a second start adds nothing', async () => {
    const first = await counts();
    // Every object of the shipped demo file, read back through the API.
    const demo = JSON.parse(readFileSync(join(__dirname, '../../fixtures/demo/hessen.json'), 'utf8')) as Record<string, unknown[]>;
    expect(first).toEqual(Object.fromEntries(COUNTED.map((path) => [path, demo[path]!.length])));
    expect(first.leistungen).toBeGreaterThan(50);
    await prepareDatabase(t.database, { demoData: true, schemeAgencyId: 'S06000' });
    expect(await counts()).toEqual(first);
    expect((await migrate(t.database)).applied).toEqual([]);
  });

  it('does not bring back demo objects a user deleted', async () => {
    const [kategorie] = (await t.api.get('/api/v1/kategorien?q=Wahlen')).body.items;
    const leistung = (await t.api.get('/api/v1/leistungen?q=Wahlhelfer')).body.items[0];
    const zs = (await t.api.get(`/api/v1/zustaendigkeiten?leistungId=${leistung.id}`)).body.items;
    for (const z of zs) await t.api.delete(`/api/v1/zustaendigkeiten/${z.id}`).set('If-Match', `"${z.version}"`).expect(204);
    await t.api.delete(`/api/v1/leistungen/${leistung.id}`).set('If-Match', `"${leistung.version}"`).expect(204);
    await prepareDatabase(t.database, { demoData: true, schemeAgencyId: 'S06000' });
    expect((await t.api.get('/api/v1/leistungen?q=Wahlhelfer')).body.items).toHaveLength(0);
    expect(kategorie).toBeDefined();
  });

  it('answers the citizen question: who handles dog tax in Wanfried?', async () => {
    const [hundesteuer] = (await t.api.get('/api/v1/leistungen?q=Hund')).body.items;
    expect(hundesteuer.referenzLeiKa).toEqual(['99102013002000']);
    const zs = (await t.api.get(`/api/v1/zustaendigkeiten?leistungId=${hundesteuer.id}&ars=066360013013`)).body.items;
    const oeIds = zs.filter((z: { organisationseinheitId?: string }) => z.organisationseinheitId).map((z: { organisationseinheitId: string }) => z.organisationseinheitId);
    expect(oeIds).toHaveLength(1);
    const oe = (await t.api.get(`/api/v1/organisationseinheiten/${oeIds[0]}`)).body;
    expect(oe.name[0].value).toBe('Bürgerbüro Wanfried');
    expect(oe.tenant).toBe('kommune-wanfried');
    const [spez] = (await t.api.get(`/api/v1/spezialisierungen?leistungId=${hundesteuer.id}&ars=066360013013`)).body.items;
    expect(spez.modulKosten.kosten[0].fix.betrag).toEqual({ value: 60, currencyCode: 'EUR' });
  });
});
