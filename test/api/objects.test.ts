import { create, createDraft, HESSEN, kategorieBody, leistungBody, MARBURG, onlinedienstBody, organisationseinheitBody, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
let leistung: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
beforeAll(async () => {
  t = await createTestApp();
  leistung = await create(t, 'leistungen', leistungBody());
});
afterAll(async () => { await t.close(); });

const errorPaths = (res: { body: { error: { details: Array<{ path: string }> } } }) => res.body.error.details.map((d) => d.path);

describe('Spezialisierungen', () => {
  it('stores the own text beside the master text and records the master version', async () => {
    const res = await t.api.post('/api/v1/spezialisierungen').send({
      leistungId: leistung.id, gebietID: [WANFRIED],
      modulText: [{ leikaTextmodul: '16', inhalt: [{ languageCode: 'de', value: '<p>In Wanfried 60 Euro.</p>' }] }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ leistungId: leistung.id, basisVersion: 1, gebietID: [WANFRIED] });
    // The master text is referenced, never copied.
    expect(JSON.stringify(res.body)).not.toContain('Für jeden Hund');
    const byLeistung = await t.api.get(`/api/v1/spezialisierungen?leistungId=${leistung.id}`);
    expect(byLeistung.body.items.map((i: { id: string }) => i.id)).toEqual([res.body.id]);
    const byKey = await t.api.get('/api/v1/spezialisierungen?leikaKey=99102013');
    expect(byKey.body.items).toHaveLength(1);
  });

  it('refuses a second Spezialisierung of the same Leistung for the same Gebiet with 409', async () => {
    await createDraft(t, 'spezialisierungen', { leistungId: leistung.id, gebietID: [MARBURG] });
    const dup = await t.api.post('/api/v1/spezialisierungen').send({ leistungId: leistung.id, gebietID: [MARBURG] });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('duplicate');
  });

  it('refuses a missing Leistung, an unknown ARS and a future master version with 422', async () => {
    const res = await t.api.post('/api/v1/spezialisierungen').send({ leistungId: '00000000-0000-4000-8000-000000000000', gebietID: ['069999999999'] });
    expect(res.status).toBe(422);
    expect(errorPaths(res).sort()).toEqual(['/gebietID/0', '/leistungId']);
    const future = await t.api.post('/api/v1/spezialisierungen').send({ leistungId: leistung.id, gebietID: ['066350011011'], basisVersion: 9 });
    expect(future.status).toBe(422);
    expect(errorPaths(future)).toEqual(['/basisVersion']);
  });

  it('keeps a Leistung with Spezialisierungen from being deleted', async () => {
    const res = await t.api.delete(`/api/v1/leistungen/${leistung.id}`).set('If-Match', `"${leistung.version}"`);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('referenced');
    expect(res.body.error.message).toContain('spezialisierungen');
  });
});

describe('Organisationseinheiten', () => {
  it('stores addresses, channels, opening hours and staff', async () => {
    const oe = await create(t, 'organisationseinheiten', organisationseinheitBody({
      ansprechpartner: [{ vorname: 'Anna', familienname: 'Beispiel', kommunikation: [{ kanal: '02', kennung: '+49 5655 000-11' }] }],
    }));
    expect(oe.anschrift[0]).toMatchObject({ typ: '002', ars: WANFRIED });
    const inWanfried = await t.api.get(`/api/v1/organisationseinheiten?ars=${WANFRIED}`);
    expect(inWanfried.body.items.map((i: { id: string }) => i.id)).toContain(oe.id);
    const inMarburg = await t.api.get(`/api/v1/organisationseinheiten?ars=${MARBURG}`);
    expect(inMarburg.body.items.map((i: { id: string }) => i.id)).not.toContain(oe.id);
    const byRealName = await t.api.get(`/api/v1/organisationseinheiten?q=${encodeURIComponent('Bürgerbüro Wanf')}`);
    expect(byRealName.body.items.map((i: { id: string }) => i.id)).toContain(oe.id);
  });

  it('checks code lists and the shape of contact data', async () => {
    const res = await t.api.post('/api/v1/organisationseinheiten').send(organisationseinheitBody({
      anschrift: [{ typ: '099', ort: 'Wanfried', ars: '069999999999' }],
      kommunikation: [{ kanal: '42', kennung: 'x' }, { kanal: '01', kennung: 'keine-mail' }, { kanal: '09', kennung: 'www.example.org' }],
      oeffnungszeiten: { zeiten: [{ tag: 'mo', von: '14:00', bis: '12:00' }, { tag: 'xx', von: '25:00', bis: '12:00' }] },
    }));
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toEqual(expect.arrayContaining([
      '/oeffnungszeiten/zeiten/1/tag', '/oeffnungszeiten/zeiten/1/von',
    ]));
    const domain = await t.api.post('/api/v1/organisationseinheiten').send(organisationseinheitBody({
      anschrift: [{ typ: '099', ort: 'Wanfried', ars: '069999999999' }],
      kommunikation: [{ kanal: '42', kennung: 'x' }, { kanal: '01', kennung: 'keine-mail' }, { kanal: '09', kennung: 'www.example.org' }],
      oeffnungszeiten: { zeiten: [{ tag: 'mo', von: '14:00', bis: '12:00' }] },
    }));
    expect(domain.status).toBe(422);
    expect(errorPaths(domain).sort()).toEqual([
      '/anschrift/0/ars', '/anschrift/0/typ', '/kommunikation/0/kanal', '/kommunikation/1/kennung', '/kommunikation/2/kennung', '/oeffnungszeiten/zeiten/0/bis',
    ].sort());
  });

  it('keeps the hierarchy free of cycles', async () => {
    const top = await create(t, 'organisationseinheiten', organisationseinheitBody({ name: [{ languageCode: 'de', value: 'Stadtverwaltung' }] }));
    const mid = await create(t, 'organisationseinheiten', organisationseinheitBody({ uebergeordneteOrganisationseinheitId: top.id }));
    const low = await create(t, 'organisationseinheiten', organisationseinheitBody({ uebergeordneteOrganisationseinheitId: mid.id }));
    const children = await t.api.get(`/api/v1/organisationseinheiten?parentId=${top.id}`);
    expect(children.body.items.map((i: { id: string }) => i.id)).toEqual([mid.id]);

    const cycle = await t.api.put(`/api/v1/organisationseinheiten/${top.id}`).set('If-Match', `"${top.version}"`).send({ ...top, uebergeordneteOrganisationseinheitId: low.id });
    expect(cycle.status).toBe(422);
    expect(cycle.body.error.details[0]).toMatchObject({ path: '/uebergeordneteOrganisationseinheitId', message: expect.stringContaining('cycle') });
    const self = await t.api.put(`/api/v1/organisationseinheiten/${mid.id}`).set('If-Match', `"${mid.version}"`).send({ ...mid, uebergeordneteOrganisationseinheitId: mid.id });
    expect(self.status).toBe(422);
    const parentDelete = await t.api.delete(`/api/v1/organisationseinheiten/${mid.id}`).set('If-Match', `"${mid.version}"`);
    expect(parentDelete.status).toBe(409);
  });
});

describe('Onlinedienste', () => {
  it('links the Leistungen it serves and filters by them and by Reifegrad', async () => {
    const od = await create(t, 'onlinedienste', onlinedienstBody({ leistungIds: [leistung.id], efa: { bereitstellendesLand: '06', richtung: 'outbound' } }));
    expect(od).toMatchObject({ ozgReifegrad: 2, leistungIds: [leistung.id] });
    expect((await t.api.get(`/api/v1/onlinedienste?leistungId=${leistung.id}`)).body.items.map((i: { id: string }) => i.id)).toEqual([od.id]);
    expect((await t.api.get('/api/v1/onlinedienste?leikaKey=99102013104000')).body.items).toHaveLength(1);
    expect((await t.api.get('/api/v1/onlinedienste?reifegrad=2')).body.items).toHaveLength(1);
    expect((await t.api.get('/api/v1/onlinedienste?reifegrad=3')).body.items).toHaveLength(0);
    expect((await t.api.get('/api/v1/onlinedienste?reifegrad=5')).status).toBe(400);
  });

  it('refuses relative links, a Reifegrad above 4, two start links and unknown Leistungen', async () => {
    const res = await t.api.post('/api/v1/onlinedienste').send(onlinedienstBody({ link: [{ typ: '01', link: '/antrag' }], ozgReifegrad: 5 }));
    expect(res.status).toBe(422);
    expect(errorPaths(res)).toEqual(expect.arrayContaining(['/link/0/link', '/ozgReifegrad']));
    const domain = await t.api.post('/api/v1/onlinedienste').send(onlinedienstBody({
      link: [{ typ: '01', link: 'https://a.example/' }, { typ: '01', link: 'https://b.example/' }],
      leistungIds: ['00000000-0000-4000-8000-000000000000'],
      efa: { bereitstellendesLand: '06', richtung: 'sideways' },
    }));
    expect(domain.status).toBe(422);
    expect(errorPaths(domain)).toContain('/efa/richtung');
    const domain2 = await t.api.post('/api/v1/onlinedienste').send(onlinedienstBody({
      link: [{ typ: '01', link: 'https://a.example/' }, { typ: '01', link: 'https://b.example/' }],
      leistungIds: ['00000000-0000-4000-8000-000000000000'],
    }));
    expect(errorPaths(domain2).sort()).toEqual(['/leistungIds/0', '/link/1/typ']);
  });
});

describe('Zustaendigkeiten', () => {
  it('connects a Leistung with an office or an online service in a Gebiet', async () => {
    const oe = await create(t, 'organisationseinheiten', organisationseinheitBody());
    const od = await create(t, 'onlinedienste', onlinedienstBody());
    const byOe = await create(t, 'zustaendigkeiten', { leistungId: leistung.id, organisationseinheitId: oe.id, gebietID: WANFRIED });
    expect(byOe.rolle).toBe('01');
    const byOd = await create(t, 'zustaendigkeiten', { leistungId: leistung.id, onlinedienstId: od.id, gebietID: HESSEN });
    const wanfried = await t.api.get(`/api/v1/zustaendigkeiten?ars=${WANFRIED}&leistungId=${leistung.id}`);
    expect(wanfried.body.items.map((i: { id: string }) => i.id).sort()).toEqual([byOe.id, byOd.id].sort());
    const marburg = await t.api.get(`/api/v1/zustaendigkeiten?ars=${MARBURG}`);
    expect(marburg.body.items.map((i: { id: string }) => i.id)).toEqual([byOd.id]);
    expect((await t.api.get(`/api/v1/zustaendigkeiten?organisationseinheitId=${oe.id}`)).body.items).toHaveLength(1);

    const dup = await t.api.post('/api/v1/zustaendigkeiten').send({ leistungId: leistung.id, organisationseinheitId: oe.id, gebietID: WANFRIED });
    expect(dup.status).toBe(409);
    const deleteOe = await t.api.delete(`/api/v1/organisationseinheiten/${oe.id}`).set('If-Match', `"${oe.version}"`);
    expect(deleteOe.status).toBe(409);
    expect(deleteOe.body.error.message).toContain('zustaendigkeiten');
  });

  it('needs exactly one responsible object and existing references', async () => {
    const both = await t.api.post('/api/v1/zustaendigkeiten').send({
      leistungId: leistung.id, organisationseinheitId: '00000000-0000-4000-8000-000000000000', onlinedienstId: '00000000-0000-4000-8000-000000000001', gebietID: WANFRIED,
    });
    expect(both.status).toBe(422);
    const none = await t.api.post('/api/v1/zustaendigkeiten').send({ leistungId: leistung.id, gebietID: WANFRIED });
    expect(none.status).toBe(422);
    const dangling = await t.api.post('/api/v1/zustaendigkeiten').send({
      leistungId: '00000000-0000-4000-8000-000000000000', organisationseinheitId: '00000000-0000-4000-8000-000000000000', gebietID: '069999999999',
    });
    expect(dangling.status).toBe(422);
    expect(errorPaths(dangling).sort()).toEqual(['/gebietID', '/leistungId', '/organisationseinheitId']);
  });
});

describe('Kategorien', () => {
  it('forms a hierarchy without cycles', async () => {
    const top = await create(t, 'kategorien', kategorieBody());
    const child = await create(t, 'kategorien', kategorieBody({ bezeichnung: [{ languageCode: 'de', value: 'Hunde' }, { languageCode: 'en', value: 'Dogs' }], uebergeordneteKategorieId: top.id }));
    const cycle = await t.api.put(`/api/v1/kategorien/${top.id}`).set('If-Match', `"${top.version}"`).send({ ...top, uebergeordneteKategorieId: child.id });
    expect(cycle.status).toBe(422);
    expect((await t.api.get(`/api/v1/kategorien?parentId=${top.id}`)).body.items.map((i: { id: string }) => i.id)).toEqual([child.id]);
  });
});
