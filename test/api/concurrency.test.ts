import { create, leistungBody } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const withTeaser = (body: Record<string, any>, text: string) => ({ // eslint-disable-line @typescript-eslint/no-explicit-any
  ...body, modulText: [...body.modulText, { leikaTextmodul: '24', inhalt: [{ languageCode: 'de', value: text }] }],
});

describe('concurrent writers', () => {
  it('accept exactly one of several writes that name the same version', async () => {
    const l = await create(t, 'leistungen', leistungBody());
    const results = await Promise.all(['A', 'B', 'C', 'D'].map((w) =>
      t.api.put(`/api/v1/leistungen/${l.id}`).set('If-Match', '"1"').send(withTeaser(l, `Teaser ${w}`))));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412]);
    const winner = results.find((r) => r.status === 200)!;
    const stored = await t.api.get(`/api/v1/leistungen/${l.id}`);
    expect(stored.body.version).toBe(2);
    expect(stored.body.modulText[2].inhalt[0].value).toBe(winner.body.modulText[2].inhalt[0].value);
  });

  it('serialise writes without If-Match, each one getting its own version', async () => {
    const l = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99115003012000' }));
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => t.api.put(`/api/v1/leistungen/${l.id}`).send(withTeaser(l, `Teaser ${n}`))));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.map((r) => r.body.version).sort()).toEqual([2, 3, 4, 5, 6]);
    expect((await t.api.get(`/api/v1/leistungen/${l.id}`)).body.version).toBe(6);
  });
});
