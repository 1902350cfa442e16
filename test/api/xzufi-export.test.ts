import { leistungen, spezialisierungen, zustaendigkeiten, organisationseinheiten, onlinedienste } from '../../src/db/schema';
import { seedDemo } from '../../src/seed/demo';
import { decodeMessage } from '../../src/xzufi/message';
import { createSchemaValidator } from '../../src/xzufi/schemaValidator';
import { create, createDraft, HESSEN, leistungBody, MARBURG, publish, transition, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
const validator = createSchemaValidator();

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
});
afterAll(async () => { await t.close(); });

/** The default Leistung's text modules: [0] Leistungsbezeichnung (02), [1] Volltext (06). */
const TEXTS = leistungBody().modulText as Array<Record<string, unknown>>;

const TABLES = { Leistung: leistungen, LeistungSpezialisierung: spezialisierungen, Organisationseinheit: organisationseinheiten, Onlinedienst: onlinedienste, Zustaendigkeit: zustaendigkeiten };

/** Every published object, as `Klasse agency/id`, straight from the database. */
async function publishedInDatabase(): Promise<string[]> {
  const out: string[] = [];
  for (const [klasse, table] of Object.entries(TABLES)) {
    const rows = await t.database.db.select().from(table);
    for (const r of rows) if (r.status === 'veroeffentlicht') out.push(`${klasse} ${r.schemeAgencyId}/${r.xzufiId}`);
  }
  return out.sort();
}

/** Pulls index.txt and every file it lists, as PVOG does; returns the objects in the order read. */
async function pull(base = '/xzufi/v1'): Promise<{ objects: string[]; files: string[]; xml: string[] }> {
  const index = await t.api.get(`${base}/index.txt`);
  expect(index.status).toBe(200);
  expect(index.headers['content-type']).toMatch(/^text\/plain/);
  const files = index.text.split('\n').filter(Boolean);
  const objects: string[] = [];
  const xml: string[] = [];
  for (const f of files) {
    expect(f).toMatch(/^files\/[a-zA-Z]+-\d{5}\.xml$/);
    const res = await t.api.get(`${base}/${f}`);
    expect(res.status).toBe(200);
    xml.push(res.text);
    const message = decodeMessage(res.text);
    expect(message.problems).toEqual([]);
    for (const item of message.items) {
      expect(item.op).toBe('schreibe');
      if (item.op === 'schreibe') objects.push(`${item.object.klasse} ${item.object.id.schemeAgencyID}/${item.object.id.id}`);
    }
  }
  return { objects, files, xml };
}

describe('Sammlerdienst export (index.txt + transfer files)', () => {
  it('lists files that hold every published object exactly once, and each file validates against the project XSD', async () => {
    const { objects, xml } = await pull();
    expect(objects.length).toBeGreaterThan(50);
    expect([...objects].sort()).toEqual(await publishedInDatabase());
    for (const text of xml) expect(await validator.validate(text)).toEqual([]);
  });

  it('leaves unpublished objects out of the files, and the index stays complete for the rest', async () => {
    const l = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013105000', modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Entwurf' }] }] }));
    const { objects } = await pull();
    expect(objects.filter((o) => o.endsWith(`/${l.xzufiId}`))).toEqual([]);
    expect([...objects].sort()).toEqual(await publishedInDatabase());
  });

  it('sends the live version of a published object while its next version is a draft', async () => {
    const live = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013111000', modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Live-Fassung' }] }, TEXTS[1]] }));
    const { id, status, version, tenant, versionsinformation, veroeffentlicht, ...body } = live;
    await t.api.put(`/api/v1/leistungen/${id}`).set('If-Match', `"${version}"`)
      .send({ ...body, modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Entwurfsfassung' }] }, TEXTS[1]] }).expect(200);
    const files = (await t.api.get('/xzufi/v1/index.txt')).text.split('\n').filter((f) => f.startsWith('files/leistung'));
    const xml = (await Promise.all(files.map(async (f) => (await t.api.get(`/xzufi/v1/${f}`)).text))).join('');
    expect(xml).toContain('Live-Fassung');
    expect(xml).not.toContain('Entwurfsfassung');
    expect((await t.anonymous.get(`/api/v1/leistungen/${id}`)).body.modulText[0].inhalt[0].value).toBe('Live-Fassung');
    expect((await t.api.get(`/api/v1/leistungen/${id}`)).body).toMatchObject({ status: 'entwurf', version: 2, veroeffentlicht: { version: 1, live: true } });
  });

  it('names files stably: a change alters only the ETag of the file holding the object', async () => {
    const index1 = (await t.api.get('/xzufi/v1/index.txt')).text;
    const etags1 = new Map<string, string>();
    for (const f of index1.split('\n').filter(Boolean)) etags1.set(f, String((await t.api.get(`/xzufi/v1/${f}`)).headers.etag));

    const list = await t.api.get('/api/v1/onlinedienste?limit=1');
    const od = list.body.items[0];
    const { id, status, version, tenant, versionsinformation, ...body } = od;
    await t.api.put(`/api/v1/onlinedienste/${id}`).set('If-Match', `"${version}"`).send({ ...body, beschreibung: [{ languageCode: 'de', value: 'geändert' }] }).expect(200);
    const changedFiles = async () => {
      const index2 = (await t.api.get('/xzufi/v1/index.txt')).text;
      expect(index2).toBe(index1);
      const changed: string[] = [];
      for (const f of index2.split('\n').filter(Boolean)) {
        const res = await t.api.get(`/xzufi/v1/${f}`).set('If-None-Match', etags1.get(f)!);
        if (res.status === 200) changed.push(f);
        else expect(res.status).toBe(304);
      }
      return changed;
    };
    expect(await changedFiles()).toEqual([]); // a draft changes nothing a portal sees
    await publish(t, 'onlinedienste', id);
    expect(await changedFiles()).toEqual(['files/onlinedienst-00000.xml']);
  });

  it('answers a conditional request with 304 and compresses when asked', async () => {
    const first = await t.api.get('/xzufi/v1/files/leistung-00000.xml');
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await t.api.get('/xzufi/v1/files/leistung-00000.xml').set('If-None-Match', String(first.headers.etag));
    expect(again.status).toBe(304);
    const gz = await t.api.get('/xzufi/v1/files/leistung-00000.xml').set('Accept-Encoding', 'gzip').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    // superagent has already unpacked it: the header says gzip, the content is the same file.
    expect((gz.body as Buffer).toString('utf8')).toBe(first.text);
  });

  it('gives 404 for unknown and empty files', async () => {
    expect((await t.api.get('/xzufi/v1/files/leistung-09999.xml')).status).toBe(404);
    expect((await t.api.get('/xzufi/v1/files/kategorie-00000.xml')).status).toBe(404);
    expect((await t.api.get('/xzufi/v1/files/..%2Findex.txt')).status).toBe(404);
  });

  it('exports an area: its own objects and the state-wide ones, not the neighbours', async () => {
    const { objects } = await pull(`/xzufi/v1/ars/${WANFRIED}`);
    const ids = objects.join('\n');
    expect(ids).toMatch(/Organisationseinheit S06000\/OE-WANFRIED/);
    expect(ids).not.toMatch(/Organisationseinheit S06000\/OE-MARBURG/);
    expect(ids).toMatch(/Leistung S06000\/L-PERSONALAUSWEIS/);
    expect((await t.api.get('/xzufi/v1/ars/x1/index.txt')).status).toBe(400);
  });
});

describe('delta feed (changes since a cursor)', () => {
  const changes = async (query: string) => {
    const res = await t.api.get(`/xzufi/v1/changes?${query}`);
    expect(res.status).toBe(200);
    const message = decodeMessage(res.text);
    expect(await validator.validate(res.text)).toEqual([]);
    return {
      cursor: res.headers['xzufi-next-cursor'] as string,
      complete: res.headers['xzufi-complete'] === 'true',
      items: message.items.map((i) => (i.op === 'schreibe' ? `schreibe ${i.object.klasse} ${i.object.id.id}` : `loesche ${i.loesche.klasse} ${i.loesche.id.id}`)),
    };
  };

  /** Follows the feed to its end. */
  async function drain(since?: string, extra = ''): Promise<{ cursor: string; items: string[] }> {
    let cursor = since;
    const items: string[] = [];
    for (;;) {
      const page = await changes(`limit=7${cursor ? `&since=${cursor}` : ''}${extra}`);
      items.push(...page.items);
      cursor = page.cursor;
      if (page.complete) return { cursor, items };
    }
  }

  it('from the start, pages through every published object', async () => {
    const { items } = await drain();
    const written = items.filter((i) => i.startsWith('schreibe')).map((i) => i.replace('schreibe ', ''));
    const inDb = (await publishedInDatabase()).map((s) => s.replace(' S06000/', ' '));
    expect([...new Set(written)].sort()).toEqual(inDb.sort());
  });

  it('reports create, update, unpublish and delete after the cursor, in order, and nothing else', async () => {
    const { cursor } = await drain();
    expect((await changes(`since=${cursor}`)).items).toEqual([]);

    const draft = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013106000', xzufiId: 'L-DELTA', modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Delta' }] }, TEXTS[1]] }));
    expect((await changes(`since=${cursor}`)).items).toEqual([]); // drafts are not news for portals
    const l = await publish(t, 'leistungen', draft.id);
    const afterCreate = await changes(`since=${cursor}`);
    expect(afterCreate.items).toEqual(['schreibe Leistung L-DELTA']);

    const { id, status, version, tenant, versionsinformation, veroeffentlicht, ...body } = l;
    await t.api.put(`/api/v1/leistungen/${l.id}`).set('If-Match', `"${version}"`).send({ ...body, modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Delta 2' }] }, TEXTS[1]] }).expect(200);
    expect((await changes(`since=${afterCreate.cursor}`)).items).toEqual([]);
    await publish(t, 'leistungen', l.id);
    const afterUpdate = await changes(`since=${afterCreate.cursor}`);
    expect(afterUpdate.items).toEqual(['schreibe Leistung L-DELTA']);

    await transition(t, 'leistungen', l.id, 'archiviert');
    const afterUnpublish = await changes(`since=${afterUpdate.cursor}`);
    expect(afterUnpublish.items).toEqual(['loesche Leistung L-DELTA']);

    await transition(t, 'leistungen', l.id, 'veroeffentlicht');
    const afterRepublish = await changes(`since=${afterUnpublish.cursor}`);
    expect(afterRepublish.items).toEqual(['schreibe Leistung L-DELTA']);
    await t.api.delete(`/api/v1/leistungen/${l.id}`).set('If-Match', '"2"').expect(204);
    const afterDelete = await changes(`since=${afterRepublish.cursor}`);
    expect(afterDelete.items).toEqual(['loesche Leistung L-DELTA']);
    expect((await changes(`since=${afterDelete.cursor}`)).items).toEqual([]);
  });

  it('sends loesche under the old id when an object is renamed', async () => {
    const { cursor } = await drain();
    const l = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013107000', xzufiId: 'L-OLD', modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Umbenannt' }] }, TEXTS[1]] }));
    const { id, status, version, tenant, versionsinformation, veroeffentlicht, ...body } = l;
    await t.api.put(`/api/v1/leistungen/${id}`).set('If-Match', `"${version}"`).send({ ...body, xzufiId: 'L-NEW' }).expect(200);
    await publish(t, 'leistungen', id);
    expect((await changes(`since=${cursor}`)).items).toEqual(['loesche Leistung L-OLD', 'schreibe Leistung L-NEW']);
  });

  it('filters by area: Wanfried sees its own and state-wide changes, not Marburg\'s', async () => {
    const { cursor } = await drain();
    await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013108000', xzufiId: 'L-LAND', gueltigkeitGebietID: [HESSEN] }));
    await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013109000', xzufiId: 'L-MARBURG', gueltigkeitGebietID: [MARBURG] }));
    await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013110000', xzufiId: 'L-WANFRIED', gueltigkeitGebietID: [WANFRIED] }));
    expect((await changes(`since=${cursor}&ars=${WANFRIED}`)).items).toEqual(['schreibe Leistung L-LAND', 'schreibe Leistung L-WANFRIED']);
    expect((await changes(`since=${cursor}&ars=065`)).items).toEqual(['schreibe Leistung L-LAND', 'schreibe Leistung L-MARBURG']);
  });

  it('answers format=json with the PVOG Bereitstelldienst envelope whose next URL continues the feed', async () => {
    const res = await t.api.get('/xzufi/v1/changes?format=json&limit=5');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ xzufiObjekte: expect.stringContaining('<xzufi:schreibe>'), vollstaendig: false, naechsterIndex: res.headers['xzufi-next-cursor'], naechsteAnfrageUrl: expect.stringMatching(/\/xzufi\/v1\/changes\?since=\d+\.\d+&format=json&limit=5$/) });
    const next = new URL(res.body.naechsteAnfrageUrl);
    const second = await t.api.get(`${next.pathname}${next.search}`);
    expect(second.status).toBe(200);
    const first = decodeMessage(res.body.xzufiObjekte).items.length;
    expect(first).toBe(5);
    expect(decodeMessage(second.body.xzufiObjekte).items.length).toBe(5);
  });

  it('refuses bad parameters with 400', async () => {
    for (const q of ['since=abc', 'limit=0', 'limit=5000', 'format=csv', 'ars=1x', 'foo=1']) {
      const res = await t.api.get(`/xzufi/v1/changes?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_parameter');
    }
  });
});
