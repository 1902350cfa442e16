import { create, createDraft, HESSEN, kategorieBody, leistungBody, publish, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

describe('Leistungen API', () => {
  it('creates, reads, replaces and deletes a Leistung', async () => {
    const created = await t.api.post('/api/v1/leistungen').send(leistungBody({ referenzLeiKa: '99115003012000' }));
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    expect(created.headers.location).toBe(`/api/v1/leistungen/${created.body.id}`);
    expect(created.body).toMatchObject({ referenzLeiKa: ['99115003012000'], struktur: { typ: 'lov', leistungsgruppierung: '115', leistungsobjektID: { id: '99115003000000' }, verrichtung: '012' }, schemeAgencyID: 'S06000', version: 1, status: 'entwurf' });
    expect(created.body.xzufiId).toBe(created.body.id);
    expect(created.body.versionsinformation.erstelltDurch).toMatch(/^token:[0-9a-f-]{36}$/);
    expect(created.body.tenant).toBe('landesredaktion');

    const read = await t.api.get(`/api/v1/leistungen/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.body).toEqual(created.body);

    const notModified = await t.api.get(`/api/v1/leistungen/${created.body.id}`).set('If-None-Match', '"1"');
    expect(notModified.status).toBe(304);

    const changed = { ...read.body, modulText: [...read.body.modulText, { leikaTextmodul: '24', inhalt: [{ languageCode: 'de', value: 'Kurz gesagt.' }] }] };
    const replaced = await t.api.put(`/api/v1/leistungen/${created.body.id}`).set('If-Match', '"1"').send(changed);
    expect(replaced.status).toBe(200);
    expect(replaced.headers.etag).toBe('"2"');
    expect(replaced.body.modulText).toHaveLength(3);
    expect(replaced.body.versionsinformation.erstelltDatumZeit).toBe(created.body.versionsinformation.erstelltDatumZeit);

    const deleted = await t.api.delete(`/api/v1/leistungen/${created.body.id}`).set('If-Match', '"2"');
    expect(deleted.status).toBe(204);
    expect((await t.api.get(`/api/v1/leistungen/${created.body.id}`)).status).toBe(404);
  });

  it('keeps the version when the same content is sent again', async () => {
    const l = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99027002012000' }));
    const again = await t.api.put(`/api/v1/leistungen/${l.id}`).set('If-Match', `"${l.version}"`).send(l);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1);
  });

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const l = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99049001001000' }));
    await t.api.put(`/api/v1/leistungen/${l.id}`).set('If-Match', '"1"').send({ ...l, typisierung: ['1'] }).expect(200);
    const stale = await t.api.put(`/api/v1/leistungen/${l.id}`).set('If-Match', '"1"').send({ ...l, typisierung: ['4'] });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('precondition_failed');
    expect((await t.api.get(`/api/v1/leistungen/${l.id}`)).body.typisierung).toEqual(['1']);
    expect((await t.api.delete(`/api/v1/leistungen/${l.id}`).set('If-Match', '"1"')).status).toBe(412);
  });

  it.each([
    ['a malformed LeiKa key', { referenzLeiKa: '9905900401200' }, '/referenzLeiKa/0', /pattern/],
    ['a key with detail but no Verrichtung', { referenzLeiKa: '99059004000012' }, '/referenzLeiKa/0', /Verrichtungskennung/],
    ['a second key that is malformed', { referenzLeiKa: ['99059004012000', '99059'] }, '/referenzLeiKa/1', /pattern/],
    ['a struktur field its type does not have', { referenzLeiKa: '99059004000000', struktur: { typ: 'lo', verrichtung: '012' } }, '/struktur/verrichtung', /not part of a struktur of type lo/],
    ['a struktur that contradicts the key', { referenzLeiKa: '99059004012000', struktur: { typ: 'lo' } }, '/struktur/typ', /must be lov/],
    ['an unknown ARS', { gueltigkeitGebietID: ['069999999999'] }, '/gueltigkeitGebietID/0', /not a known Gebiet/],
    ['a missing Leistungsbezeichnung', { modulText: [{ leikaTextmodul: '06', inhalt: [{ languageCode: 'de', value: 'x' }] }] }, '/modulText', /02 or 03/],
    ['a text module twice', { modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'a' }] }, { leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'b' }] }] }, '/modulText/1/leikaTextmodul', /appears twice/],
    ['a language twice', { modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'a' }, { languageCode: 'de', value: 'b' }] }] }, '/modulText/0/inhalt/1/languageCode', /twice/],
    ['a language PVOG does not accept', { modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'fr', value: 'a' }] }] }, '/modulText/0/inhalt/0/languageCode', /de, en/],
    ['an unknown field', { leistungsname: 'x' }, '/leistungsname', /not allowed/],
    ['a fixed cost without amount', { modulKosten: { kosten: [{ fix: {} }] } }, '/modulKosten/kosten/0/fix/betrag', /required/],
    ['a cost that is fix and free at once', { modulKosten: { kosten: [{ fix: { betrag: { value: 5, currencyCode: 'EUR' } }, frei: {} }] } }, '/modulKosten/kosten/0', /exactly one/],
    ['a Frist with neither duration nor day', { modulFrist: { frist: [{ typ: '001' }] } }, '/modulFrist/frist/0', /exactly one/],
    ['a cost range upside down', { modulKosten: { kosten: [{ variabel: { betragUntergrenze: { value: 50, currencyCode: 'EUR' }, betragObergrenze: { value: 10, currencyCode: 'EUR' } } }] } }, '/modulKosten/kosten/0/variabel/betragObergrenze', /below/],
    ['a validity that ends before it begins', { gueltigkeit: [{ beginn: '2027-01-01', ende: '2026-01-01' }] }, '/gueltigkeit/0/ende', /before beginn/],
    ['a Kategorie that does not exist', { kategorieIds: ['00000000-0000-4000-8000-000000000000'] }, '/kategorieIds/0', /does not exist/],
  ])('refuses %s with 422 naming the field', async (_what, override, path, message) => {
    const before = (await t.api.get('/api/v1/leistungen?limit=200')).body.items.length;
    const res = await t.api.post('/api/v1/leistungen').send(leistungBody({ referenzLeiKa: '99108001001000', ...override }));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    const detail = res.body.error.details.find((d: { path: string }) => d.path === path);
    expect(detail).toBeDefined();
    expect(detail.message).toMatch(message);
    expect((await t.api.get('/api/v1/leistungen?limit=200')).body.items.length).toBe(before);
  });

  it('reports every problem of a body at once', async () => {
    const res = await t.api.post('/api/v1/leistungen').send(leistungBody({ referenzLeiKa: '99059004000012', gueltigkeitGebietID: ['069999999999'] }));
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['/gueltigkeitGebietID/0', '/referenzLeiKa/0']);
  });

  it('refuses a second Leistung with the same LeiKa key and Redaktion with 409', async () => {
    await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99107022012000' }));
    const dup = await t.api.post('/api/v1/leistungen').send(leistungBody({ referenzLeiKa: '99107022012000' }));
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'duplicate', details: [{ path: '/referenzLeiKa/0' }], holder: { type: 'Leistung', name: 'Hundesteuer Anmeldung' } });
    expect(dup.body.error.message).toContain('„Hundesteuer Anmeldung“');
    const otherAgency = await t.api.post('/api/v1/leistungen').send(leistungBody({ referenzLeiKa: '99107022012000', schemeAgencyID: 'S10005' }));
    expect(otherAgency.status).toBe(201);
  });

  it('refuses a duplicate xzufiId within the same schemeAgencyID with 409', async () => {
    await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99107023037000', xzufiId: 'L-4711' }));
    const dup = await t.api.post('/api/v1/leistungen').send(leistungBody({ referenzLeiKa: '99050012104000', xzufiId: 'L-4711' }));
    expect(dup.status).toBe(409);
    expect(dup.body.error.details[0].path).toBe('/xzufiId');
  });

  it('answers malformed JSON with 400, other media types with 415 and oversized bodies with 413', async () => {
    const malformed = await t.api.post('/api/v1/leistungen').set('Content-Type', 'application/json').send('{"modulText": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');
    const xml = await t.api.post('/api/v1/leistungen').set('Content-Type', 'text/plain').send('hello');
    expect(xml.status).toBe(415);
    const small = await createTestApp({ BODY_LIMIT: '1kb' });
    try {
      const big = await small.api.post('/api/v1/leistungen').send(leistungBody({ modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'x'.repeat(5000) }] }] }));
      expect(big.status).toBe(413);
      expect(big.body.error.code).toBe('body_too_large');
    } finally {
      await small.close();
    }
  });

  it('answers unknown ids and non-uuids with 404', async () => {
    expect((await t.api.get('/api/v1/leistungen/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const res = await t.api.get('/api/v1/leistungen/not-a-uuid');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    expect((await t.api.put('/api/v1/leistungen/00000000-0000-4000-8000-000000000000').set('If-Match', '"1"').send(leistungBody())).status).toBe(404);
  });

  it('keeps Kategorien linked and refuses deleting a Kategorie still in use', async () => {
    const k = await create(t, 'kategorien', kategorieBody());
    const l = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013104000', kategorieIds: [k.id] }));
    const listed = await t.api.get(`/api/v1/leistungen?kategorieId=${k.id}`);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([l.id]);
    const refused = await t.api.delete(`/api/v1/kategorien/${k.id}`).set('If-Match', `"${k.version}"`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('referenced');
    await t.api.put(`/api/v1/leistungen/${l.id}`).set('If-Match', `"${l.version}"`).send({ ...l, kategorieIds: [] }).expect(200);
    // The draft without the Kategorie is not live yet: the live version still uses it.
    expect((await t.api.delete(`/api/v1/kategorien/${k.id}`).set('If-Match', `"${k.version}"`)).status).toBe(409);
    await publish(t, 'leistungen', l.id);
    expect((await t.api.delete(`/api/v1/kategorien/${k.id}`).set('If-Match', `"${k.version}"`)).status).toBe(204);
  });
});

describe('Leistungen list', () => {
  let local: TestApp;
  const keys = Array.from({ length: 7 }, (_, i) => `99001${String(100 + i)}000000`);
  beforeAll(async () => {
    local = await createTestApp();
    for (const [i, key] of keys.entries()) {
      await createDraft(local, 'leistungen', leistungBody({
        referenzLeiKa: key,
        gueltigkeitGebietID: [i % 2 === 0 ? HESSEN : WANFRIED],
        modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: i === 3 ? 'Führerschein umtauschen' : `Leistung ${i}` }] }],
      }));
    }
    await create(local, 'leistungen', leistungBody({ referenzLeiKa: '99002001000000', gueltigkeitGebietID: ['010010000000'] }));
  });
  afterAll(async () => { await local.close(); });

  it('pages with a cursor through every object exactly once', async () => {
    const seen: string[] = [];
    let url: string | null = '/api/v1/leistungen?limit=3';
    let pages = 0;
    while (url) {
      const res = await local.api.get(url);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((i: { id: string }) => i.id));
      url = res.body.nextCursor ? `/api/v1/leistungen?limit=3&cursor=${res.body.nextCursor}` : null;
      if (url) expect(res.headers.link).toContain('rel="next"');
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
  });

  it('filters by LeiKa key prefix, ARS and words', async () => {
    const byKey = await local.api.get('/api/v1/leistungen?leikaKey=99001&limit=200');
    expect(byKey.body.items.map((i: { referenzLeiKa: string[] }) => i.referenzLeiKa[0]).sort()).toEqual([...keys].sort());
    // Wanfried sees state-wide and its own Leistungen, not those of Schleswig-Holstein.
    const wanfried = await local.api.get(`/api/v1/leistungen?ars=${WANFRIED}&limit=200`);
    expect(wanfried.body.items).toHaveLength(7);
    const hessen = await local.api.get('/api/v1/leistungen?ars=06&limit=200');
    expect(hessen.body.items).toHaveLength(7);
    const sh = await local.api.get('/api/v1/leistungen?ars=01&limit=200');
    expect(sh.body.items.map((i: { referenzLeiKa: string[] }) => i.referenzLeiKa[0])).toEqual(['99002001000000']);
    const words = await local.api.get(`/api/v1/leistungen?q=${encodeURIComponent('führersch')}`);
    expect(words.body.items).toHaveLength(1);
    expect(words.body.items[0].modulText[0].inhalt[0].value).toBe('Führerschein umtauschen');
  });

  it('refuses bad list parameters with 400', async () => {
    for (const query of ['limit=0', 'limit=201', 'limit=x', 'ars=06x', 'leikaKey=abc', 'cursor=%%%', 'colour=blue']) {
      const res = await local.api.get(`/api/v1/leistungen?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_parameter');
      expect(res.body.error.details[0].path).toMatch(/^query\./);
    }
  });
});
