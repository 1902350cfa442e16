import { create, leistungBody, publish, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const de = (value: string) => [{ languageCode: 'de', value }];
const strip = ({ id, status, version, tenant, versionsinformation, ...body }: Record<string, unknown>) => body;

describe('master-change notices', () => {
  it('tell the localising tenant of a new master version; it compares and acknowledges', async () => {
    const master = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013601000' }));
    const wanfried = await t.as('kommunalredakteur', 'kommune-wanfried');
    const local = await wanfried.post('/api/v1/spezialisierungen').send({ leistungId: master.id, gebietID: [WANFRIED], modulText: [{ leikaTextmodul: '16', inhalt: de('In Wanfried 60 Euro.') }] });
    expect(local.status).toBe(201);
    expect(local.body.basisVersion).toBe(1);

    expect((await wanfried.get('/api/v1/notices')).body.items).toEqual([]);
    const v2 = { ...strip(master), modulText: [{ leikaTextmodul: '02', inhalt: de('Hundesteuer Anmeldung') }, { leikaTextmodul: '06', inhalt: de('<p>Neu geregelt ab 2027.</p>') }] };
    await t.api.put(`/api/v1/leistungen/${master.id}`).set('If-Match', '"1"').send(v2).expect(200);
    await t.api.put(`/api/v1/leistungen/${master.id}`).set('If-Match', '"2"').send({ ...v2, typisierung: ['1'] }).expect(200);
    expect((await wanfried.get('/api/v1/notices')).body.items).toEqual([]); // drafts are no news
    await publish(t, 'leistungen', master.id);

    const open = await wanfried.get('/api/v1/notices');
    expect(open.body.items).toEqual([expect.objectContaining({ kind: 'master_changed', leistungId: master.id, spezialisierungId: local.body.id, fromVersion: 1, toVersion: 3 })]);
    const other = await t.as('kommunalredakteur', 'kommune-frankenberg');
    expect((await other.get('/api/v1/notices')).body.items).toEqual([]);
    expect((await other.get(`/api/v1/notices/${open.body.items[0].id}/compare`)).status).toBe(404);

    const compare = await wanfried.get(`/api/v1/notices/${open.body.items[0].id}/compare`);
    expect(compare.status).toBe(200);
    expect(compare.body.own.modulText[0].inhalt[0].value).toBe('In Wanfried 60 Euro.');
    expect(compare.body.masterDiff.modules.find((m: { leikaTextmodul: string }) => m.leikaTextmodul === '06').change).toBe('changed');

    const ack = await wanfried.post(`/api/v1/notices/${open.body.items[0].id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedAt).not.toBeNull();
    expect((await wanfried.get(`/api/v1/spezialisierungen/${local.body.id}`)).body.basisVersion).toBe(3);
    expect((await wanfried.get('/api/v1/notices')).body.items).toEqual([]);
    expect((await wanfried.post(`/api/v1/notices/${open.body.items[0].id}/acknowledge`)).status).toBe(409);
  });
});
