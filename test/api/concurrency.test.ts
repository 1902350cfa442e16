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

  it('refuse writes without If-Match with 428', async () => {
    const l = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99115003012000' }));
    for (const res of [await t.api.put(`/api/v1/leistungen/${l.id}`).send(l), await t.api.put(`/api/v1/leistungen/${l.id}`).set('If-Match', '*').send(l), await t.api.delete(`/api/v1/leistungen/${l.id}`)]) {
      expect(res.status).toBe(428);
      expect(res.body.error.code).toBe('precondition_required');
    }
    expect((await t.api.get(`/api/v1/leistungen/${l.id}`)).body.version).toBe(1);
  });

  it('lose no update: writers that reload on 412 all end up in the history, in order', async () => {
    const l = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99115003013000' }));
    const writer = async (name: string) => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const current = await t.api.get(`/api/v1/leistungen/${l.id}`);
        const { id, status, version, tenant, versionsinformation, ...body } = current.body;
        const texts = body.modulText.filter((m: { leikaTextmodul: string }) => m.leikaTextmodul === '24');
        const seen = texts.length ? texts[0].inhalt[0].value : '';
        const next = { ...body, modulText: [...body.modulText.filter((m: { leikaTextmodul: string }) => m.leikaTextmodul !== '24'), { leikaTextmodul: '24', inhalt: [{ languageCode: 'de', value: `${seen} ${name}`.trim() }] }] };
        const res = await t.api.put(`/api/v1/leistungen/${l.id}`).set('If-Match', String(current.headers.etag)).send(next);
        if (res.status === 200) return res.body.version as number;
        expect(res.status).toBe(412);
      }
      throw new Error(`${name} never got through`);
    };
    const versions = await Promise.all(['A', 'B', 'C', 'D', 'E'].map(writer));
    expect([...versions].sort()).toEqual([2, 3, 4, 5, 6]);
    // Every accepted write built on the one before: the final text names every writer once.
    const final = (await t.api.get(`/api/v1/leistungen/${l.id}`)).body.modulText.find((m: { leikaTextmodul: string }) => m.leikaTextmodul === '24').inhalt[0].value as string;
    expect(final.split(' ').sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
    const history = await t.api.get(`/api/v1/leistungen/${l.id}/versions`);
    expect(history.body.items.map((v: { version: number }) => v.version)).toEqual([6, 5, 4, 3, 2, 1]);
  });
});
