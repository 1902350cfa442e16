/**
 * REST item reads of callers who see published content only come from the portal's read model:
 * the same body as the database gives, a change published here visible at once, refusals as
 * before.
 */
import { seedDemo } from '../../src/seed/demo';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => {
  // Every published object is read one by one below: more than the anonymous rate limit allows.
  t = await createTestApp({ ANONYMOUS_RATE_LIMIT: '100000' });
  await seedDemo(t.database, t.config.schemeAgencyId);
});
afterAll(async () => { await t.close(); });

const PATHS = ['leistungen', 'spezialisierungen', 'organisationseinheiten', 'onlinedienste', 'zustaendigkeiten', 'kategorien'];

it('gives readers of published content the same body and ETag as the database does', async () => {
  const portal = await t.as('portal', 'landesredaktion');
  for (const path of PATHS) {
    const items = (await t.api.get(`/api/v1/${path}?limit=5&status=veroeffentlicht`).expect(200)).body.items as Array<{ id: string }>;
    expect(items.length).toBeGreaterThan(0);
    for (const { id } of items) {
      const fromDb = await t.api.get(`/api/v1/${path}/${id}?view=published`).expect(200);
      for (const reader of [t.anonymous, portal]) {
        const read = await reader.get(`/api/v1/${path}/${id}`).expect(200);
        expect(read.body).toEqual(fromDb.body);
        expect(read.headers.etag).toBe(fromDb.headers.etag);
        expect((await reader.get(`/api/v1/${path}/${id}`).set('If-None-Match', read.headers.etag!)).status).toBe(304);
      }
    }
  }
});

it('shows a change published on this instance at once, and refuses what is not published', async () => {
  const office = (await t.api.get('/api/v1/organisationseinheiten?limit=1&status=veroeffentlicht')).body.items[0];
  expect((await t.anonymous.get(`/api/v1/organisationseinheiten/${office.id}`)).body.version).toBe(office.version);
  const { id, status, version, tenant, versionsinformation, veroeffentlicht, ...body } = office;
  const put = await t.api.put(`/api/v1/organisationseinheiten/${id}`).set('If-Match', `"${version}"`).send({ ...body, name: [{ languageCode: 'de', value: 'Neu benanntes Amt' }] }).expect(200);
  // The working version is not the reader's: still the published one.
  expect((await t.anonymous.get(`/api/v1/organisationseinheiten/${id}`)).body.name).toEqual(office.name);
  await t.api.post(`/api/v1/organisationseinheiten/${id}/transitions`).send({ to: 'veroeffentlicht' }).expect(200);
  const after = await t.anonymous.get(`/api/v1/organisationseinheiten/${id}`).expect(200);
  expect(after.body.name).toEqual([{ languageCode: 'de', value: 'Neu benanntes Amt' }]);
  expect(after.body.version).toBe(put.body.version);

  const draft = await t.api.post('/api/v1/organisationseinheiten').send({ name: [{ languageCode: 'de', value: 'Entwurfsamt' }] }).expect(201);
  const refused = await t.anonymous.get(`/api/v1/organisationseinheiten/${draft.body.id}`);
  expect(refused.status).toBe(404);
  expect(refused.body.error.code).toBe('not_found');
});

/** Every object a reader's list gives, page by page (`limit` at a time), with each page's cursor checked against its Link. */
async function listAll(reader: TestApp['anonymous'], path: string, limit: number): Promise<Array<{ id: string; status: string }>> {
  const items: Array<{ id: string; status: string }> = [];
  let cursor: string | null = null;
  do {
    const res = await reader.get(`/api/v1/${path}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json; charset=utf-8/);
    items.push(...res.body.items);
    cursor = res.body.nextCursor as string | null;
    if (cursor) expect(res.headers.link).toContain(`cursor=${cursor}`);
    else expect(res.headers.link).toBeUndefined();
  } while (cursor);
  return items;
}

it('lists for readers of published content the same objects as their item reads, page by page', async () => {
  const portal = await t.as('portal', 'landesredaktion');
  for (const path of PATHS) {
    for (const reader of [t.anonymous, portal]) {
      const items = await listAll(reader, path, 200);
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        expect(item.status).toBe('veroeffentlicht');
        expect(item).toEqual((await reader.get(`/api/v1/${path}/${item.id}`).expect(200)).body);
      }
      // Seven at a time: the same objects in the same order.
      expect((await listAll(reader, path, 7)).map((i) => i.id)).toEqual(items.map((i) => i.id));
    }
  }
});

it('keeps text the content holds as it is in a listed object (quotes, backslashes, umlauts)', async () => {
  const office = (await t.api.get('/api/v1/organisationseinheiten?limit=1&status=veroeffentlicht')).body.items[0];
  const { id, status, version, tenant, versionsinformation, veroeffentlicht, ...body } = office;
  const name = 'Amt „für“ "Prüfung" \\ Größe & Maß/Gewicht';
  await t.api.put(`/api/v1/organisationseinheiten/${id}`).set('If-Match', `"${version}"`).send({ ...body, name: [{ languageCode: 'de', value: name }] }).expect(200);
  await t.api.post(`/api/v1/organisationseinheiten/${id}/transitions`).send({ to: 'veroeffentlicht' }).expect(200);
  const listed = (await t.anonymous.get('/api/v1/organisationseinheiten?limit=200').expect(200)).body.items.find((i: { id: string }) => i.id === id);
  expect(listed.name).toEqual([{ languageCode: 'de', value: name }]);
  expect(listed).toEqual((await t.anonymous.get(`/api/v1/organisationseinheiten/${id}`).expect(200)).body);
});
