import { create, leistungBody } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

const request = { proposedName: 'Hundeführerschein Ausstellung', leistungsgruppierung: '102', justification: 'Neue Pflicht nach Landesrecht ab 2027.' };

describe('LeiKa key requests', () => {
  it('a municipality asks, the Landesredaktion asks back, the municipality answers, the key is recorded', async () => {
    const wanfried = await t.as('kommunalredakteur', 'kommune-wanfried');
    const created = await wanfried.post('/api/v1/leika-requests').send(request);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'offen', tenant: 'kommune-wanfried', leikaKey: null });
    const id = created.body.id;

    expect((await wanfried.post(`/api/v1/leika-requests/${id}/decision`).send({ decision: 'accept', leikaKey: '99102999001000' })).status).toBe(403);
    const ask = await t.api.post(`/api/v1/leika-requests/${id}/decision`).send({ decision: 'ask', message: 'Gilt das auch für Zweithunde?' });
    expect(ask.body.status).toBe('rueckfrage');
    const reply = await wanfried.post(`/api/v1/leika-requests/${id}/reply`).send({ message: 'Ja, für jeden Hund.' });
    expect(reply.body.status).toBe('offen');

    await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102999001000' }));
    const taken = await t.api.post(`/api/v1/leika-requests/${id}/decision`).send({ decision: 'accept', leikaKey: '99102999001000' });
    expect(taken.status).toBe(409);
    const wrongGroup = await t.api.post(`/api/v1/leika-requests/${id}/decision`).send({ decision: 'accept', leikaKey: '99103999001000' });
    expect(wrongGroup.status).toBe(422);
    const accepted = await t.api.post(`/api/v1/leika-requests/${id}/decision`).send({ decision: 'accept', leikaKey: '99102999002000' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'angenommen', leikaKey: '99102999002000' });

    const seen = await wanfried.get(`/api/v1/leika-requests/${id}`);
    expect(seen.body.messages.map((m: { kind: string }) => m.kind)).toEqual(['ask', 'reply', 'accept']);
    expect((await t.api.post(`/api/v1/leika-requests/${id}/decision`).send({ decision: 'reject', message: 'doch nicht' })).status).toBe(409);
  });

  it('each requester sees its own requests; the Landesredaktion sees all; portals none', async () => {
    const innen = await t.as('fachressort', 'fachressort-innen');
    const mine = await innen.post('/api/v1/leika-requests').send({ ...request, leistungsgruppierung: '008' });
    const frankenberg = await t.as('kommunalredakteur', 'kommune-frankenberg');
    expect((await frankenberg.get('/api/v1/leika-requests')).body.items).toEqual([]);
    expect((await frankenberg.get(`/api/v1/leika-requests/${mine.body.id}`)).status).toBe(404);
    expect((await t.api.get('/api/v1/leika-requests')).body.items.length).toBeGreaterThanOrEqual(2);
    expect((await (await t.as('portal', 'landesredaktion')).get('/api/v1/leika-requests')).status).toBe(403);
    expect((await innen.post('/api/v1/leika-requests').send({ ...request, leistungsgruppierung: '12' })).status).toBe(422);
  });
});
