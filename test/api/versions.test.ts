import { sql } from 'drizzle-orm';
import { create, leistungBody, organisationseinheitBody } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const de = (value: string) => [{ languageCode: 'de', value }];
const strip = ({ id, status, version, tenant, versionsinformation, ...body }: Record<string, unknown>) => body;

describe('versions', () => {
  it('keeps every saved version with author, time and comment, and shows what changed', async () => {
    const created = await t.api.post('/api/v1/leistungen?comment=Angelegt').send(leistungBody({ referenzLeiKa: '99102013301000' }));
    expect(created.status).toBe(201);
    const url = `/api/v1/leistungen/${created.body.id}`;
    const v2 = { ...strip(created.body), modulText: [
      { leikaTextmodul: '02', inhalt: de('Hundesteuer Anmeldung') },
      { leikaTextmodul: '06', inhalt: de('<p>Für jeden Hund erhebt die Gemeinde eine jährliche Hundesteuer.</p>') },
    ] };
    await t.api.put(`${url}?comment=${encodeURIComponent('Volltext präzisiert')}`).set('If-Match', '"1"').send(v2).expect(200);
    // The same content again is no new version.
    await t.api.put(url).set('If-Match', '"2"').send(v2).expect(200);
    await t.api.put(url).set('If-Match', '"2"').send({ ...v2, modulKosten: { kosten: [{ fix: { betrag: { value: 60, currencyCode: 'EUR' } } }] }, modulText: [...(v2.modulText as unknown[]), { leikaTextmodul: '05', inhalt: de('Kurztext') }] }).expect(200);

    const list = await t.api.get(`${url}/versions`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((v: Record<string, unknown>) => [v.version, v.comment])).toEqual([[3, null], [2, 'Volltext präzisiert'], [1, 'Angelegt']]);
    expect(list.body.items[0].geaendertDurch).toMatch(/^token:/);

    const first = await t.api.get(`${url}/versions/1`);
    const { xzufiId, schemeAgencyID, ...content } = strip(created.body);
    expect(first.body).toMatchObject({ version: 1, xzufiId, schemeAgencyID, content });
    expect((await t.api.get(`${url}/versions/9`)).status).toBe(404);

    const diff = await t.api.get(`${url}/diff?from=1&to=3`);
    expect(diff.status).toBe(200);
    const byModule = Object.fromEntries(diff.body.modules.map((m: { leikaTextmodul: string }) => [m.leikaTextmodul, m]));
    expect(byModule['02'].change).toBe('unchanged');
    expect(byModule['05'].change).toBe('added');
    expect(byModule['06'].change).toBe('changed');
    expect(byModule['06'].segments).toEqual(expect.arrayContaining([{ op: 'insert', text: expect.stringContaining('jährliche') }]));
    expect(diff.body.fields.map((f: { field: string }) => f.field)).toContain('modulKosten');
    const latest = await t.api.get(`${url}/diff?from=2`);
    expect(latest.body.to).toBe(3);
    expect((await t.api.get(`${url}/diff?from=x`)).status).toBe(400);
  });

  it('restores an earlier version as the newest one, checked like any write', async () => {
    // Published, so that another municipality sees it (and is refused the restore, not told it does not exist).
    const created = await create(t, 'organisationseinheiten', organisationseinheitBody({ name: de('Bürgerbüro') }));
    const url = `/api/v1/organisationseinheiten/${created.id}`;
    await t.api.put(url).set('If-Match', '"1"').send({ ...strip(created), name: de('Bürgerservice') }).expect(200);
    expect((await t.api.post(`${url}/versions/1/restore`)).status).toBe(428);
    expect((await t.api.post(`${url}/versions/1/restore`).set('If-Match', '"1"')).status).toBe(412);
    const restored = await t.api.post(`${url}/versions/1/restore`).set('If-Match', '"2"');
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ version: 3, name: de('Bürgerbüro') });
    const history = await t.api.get(`${url}/versions`);
    expect(history.body.items[0]).toMatchObject({ version: 3, status: 'entwurf', comment: 'Version 1 wiederhergestellt' });
    // Restored as a new draft: the live version stays until it is published.
    expect((await t.anonymous.get(url)).body).toMatchObject({ version: 1, name: de('Bürgerbüro') });
    const frankenberg = await t.as('kommunalredakteur', 'kommune-frankenberg');
    expect((await frankenberg.post(`${url}/versions/1/restore`).set('If-Match', '"3"')).status).toBe(403);
  });

  it('shows the history only to those who may see the object', async () => {
    const oe = await t.api.post('/api/v1/organisationseinheiten').send(organisationseinheitBody({ anschrift: [{ typ: '002', ort: 'Marburg', ars: '065340014014' }] }));
    const wanfried = await t.as('kommunalredakteur', 'kommune-wanfried');
    expect((await wanfried.get(`/api/v1/organisationseinheiten/${oe.body.id}/versions`)).status).toBe(404);
    expect((await wanfried.get(`/api/v1/organisationseinheiten/${oe.body.id}/versions/1`)).status).toBe(404);
    const landkreis = await t.as('kommunalredakteur', 'landkreis-marburg-biedenkopf');
    expect((await landkreis.get(`/api/v1/organisationseinheiten/${oe.body.id}/versions`)).body.items).toHaveLength(1);
  });

  it('cannot be changed afterwards', async () => {
    await expect(t.database.db.execute(sql`UPDATE object_versions SET comment = 'geändert'`)).rejects.toThrow();
    const count = await t.database.db.execute(sql`SELECT count(*)::int AS n FROM object_versions WHERE comment = 'geändert'`);
    expect((count as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(0);
  });
});
