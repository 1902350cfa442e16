import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JobRunner } from '../../src/jobs/runner';
import { webhookHandlers, dispatchWebhooks, SIGNATURE_HEADER, verifySignature } from '../../src/webhooks/webhooks';
import { create, createDraft, leistungBody, MARBURG, organisationseinheitBody, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
let receiver: Server;
let url: string;
const received: Array<{ body: string; signature: string }> = [];
let failNext = 0;

beforeAll(async () => {
  // The receiver listens on loopback: the test allows private addresses explicitly (see the SSRF tests below).
  t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
  receiver = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.statusCode = 503;
        res.end();
        return;
      }
      received.push({ body, signature: String(req.headers[SIGNATURE_HEADER.toLowerCase()]) });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await new Promise((r) => receiver.close(r));
  await t.close();
});

const runner = () => new JobRunner(t.database, webhookHandlers({ allowPrivate: true }), { worker: 'test', backoffMs: () => 0 });
async function deliverAll(): Promise<void> {
  await dispatchWebhooks(t.database);
  const r = runner();
  while (await r.runOnce() > 0) { /* until every delivery is done */ }
}

describe('webhooks', () => {
  it('deliver signed publish and unpublish events of the subscribed area and classes, once each', async () => {
    const portal = await t.as('portal', 'landesredaktion', '06636');
    const sub = await portal.post('/api/v1/webhooks').send({ url, klassen: ['Organisationseinheit'] });
    expect(sub.status).toBe(201);
    expect(sub.body).toMatchObject({ ars: '06636', klassen: ['Organisationseinheit'] });
    const secret = sub.body.secret as string;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const inArea = await create(t, 'organisationseinheiten', organisationseinheitBody());
    await create(t, 'organisationseinheiten', organisationseinheitBody({ anschrift: [{ typ: '002', ort: 'Marburg', ars: MARBURG }] }));
    await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013501000', gueltigkeitGebietID: [WANFRIED] }));
    await deliverAll();
    await t.api.delete(`/api/v1/organisationseinheiten/${inArea.id}`).set('If-Match', '"1"').expect(204);
    await deliverAll();
    await deliverAll(); // nothing new: nothing twice
    const events = received.map((r) => JSON.parse(r.body));
    expect(events.map((e) => [e.type, e.klasse, e.xzufiId])).toEqual([
      ['published', 'Organisationseinheit', inArea.xzufiId],
      ['unpublished', 'Organisationseinheit', inArea.xzufiId],
    ]);
    for (const r of received) expect(verifySignature(secret, r.body, r.signature)).toBe(true);
    expect(verifySignature(secret, received[0]!.body.replace('published', 'unpublished'), received[0]!.signature)).toBe(false);
    expect(verifySignature(secret, received[0]!.body, received[0]!.signature, 300, Math.floor(Date.now() / 1000) + 3600)).toBe(false);

    const log = await portal.get(`/api/v1/webhooks/${sub.body.id}/deliveries`);
    expect(log.body.items.map((d: { status: string; lastStatus: number }) => [d.status, d.lastStatus])).toEqual([['delivered', 204], ['delivered', 204]]);
  });

  it('follow the feed: an object created and deleted between two rounds is only reported as unpublished', async () => {
    received.length = 0;
    const portal = await t.as('portal', 'landesredaktion', '06636');
    await portal.post('/api/v1/webhooks').send({ url, klassen: ['Onlinedienst'] });
    const draft = await createDraft(t, 'onlinedienste', { bezeichnung: [{ languageCode: 'de', value: 'Entwurf' }], gueltigkeitGebietID: [WANFRIED] });
    await t.api.delete(`/api/v1/onlinedienste/${draft.id}`).set('If-Match', '"1"').expect(204); // never published: no event
    const od = await create(t, 'onlinedienste', { bezeichnung: [{ languageCode: 'de', value: 'Kurzlebig' }], gueltigkeitGebietID: [WANFRIED] });
    await t.api.delete(`/api/v1/onlinedienste/${od.id}`).set('If-Match', '"1"').expect(204);
    await deliverAll();
    expect(received.map((r) => JSON.parse(r.body).type)).toEqual(['unpublished']);
  });

  it('retries a failing receiver and records every attempt', async () => {
    received.length = 0;
    const portal = await t.as('portal', 'landesredaktion');
    const sub = await portal.post('/api/v1/webhooks').send({ url, klassen: ['Leistung'] });
    await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013502000' }));
    failNext = 2;
    await deliverAll();
    expect(received).toHaveLength(1);
    const log = await portal.get(`/api/v1/webhooks/${sub.body.id}/deliveries`);
    expect(log.body.items[0]).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 204 });
  });

  it('keep subscriptions to their tenant and area', async () => {
    const limited = await t.as('portal', 'landesredaktion', '06636');
    expect((await limited.post('/api/v1/webhooks').send({ url, ars: '06534' })).status).toBe(403);
    expect((await limited.post('/api/v1/webhooks').send({ url: 'ftp://x' })).status).toBe(422);
    expect((await t.anonymous.post('/api/v1/webhooks').send({ url })).status).toBe(401);
    const mine = await limited.post('/api/v1/webhooks').send({ url });
    const other = await t.as('portal', 'kommune-marburg');
    expect((await other.get(`/api/v1/webhooks/${mine.body.id}/deliveries`)).status).toBe(404);
    expect((await other.delete(`/api/v1/webhooks/${mine.body.id}`)).status).toBe(404);
    expect(JSON.stringify((await limited.get('/api/v1/webhooks')).body)).not.toContain('secret');
  });
});

describe('webhooks and the inside network (SSRF)', () => {
  let closed: TestApp;
  beforeAll(async () => { closed = await createTestApp(); });
  afterAll(async () => { await closed.close(); });

  it('refuses subscriptions to loopback and private addresses, by literal, by name and in IPv6 forms', async () => {
    const portal = await closed.as('portal', 'landesredaktion');
    const port = new URL(url).port;
    for (const target of [url, `http://[::1]:${port}/hook`, `http://[::ffff:7f00:1]:${port}/`, `http://localhost.:${port}/`, `http://${require('node:os').hostname()}:${port}/`, 'http://10.0.0.8/hook', 'http://169.254.169.254/latest/meta-data', 'http://100.64.0.1/', 'http://198.18.0.1/']) {
      const res = await portal.post('/api/v1/webhooks').send({ url: target });
      expect({ target, status: res.status, path: res.body.error?.details?.[0]?.path }).toEqual({ target, status: 422, path: '/url' });
    }
    expect((await portal.get('/api/v1/webhooks')).body.items).toEqual([]);
  });

  it('does not deliver to an address that turned private after subscribing, and logs no port details', async () => {
    received.length = 0;
    const portal = await closed.as('portal', 'landesredaktion');
    // As if the name had resolved to a public address when subscribing and to loopback now.
    const { insertSubscription, currentFeedPosition } = await import('../../src/db/webhookStore');
    const position = await currentFeedPosition(closed.database.db);
    const id = crypto.randomUUID();
    await insertSubscription(closed.database.db, { id, tenantId: 'landesredaktion', url, secret: 'x'.repeat(43), arsPrefix: null, klassen: [], feedXid: position.xid, feedSeq: position.seq, createdBy: 'test' });
    await create(closed, 'organisationseinheiten', organisationseinheitBody());
    await dispatchWebhooks(closed.database);
    const r = new JobRunner(closed.database, webhookHandlers({ allowPrivate: false }), { worker: 'test', backoffMs: () => 0 });
    while (await r.runOnce() > 0) { /* until done */ }
    expect(received).toHaveLength(0);
    const log = await portal.get(`/api/v1/webhooks/${id}/deliveries`);
    expect(log.body.items).toEqual([expect.objectContaining({ status: 'failed', attempts: 1, lastStatus: null, lastError: '127.0.0.1 is not a public address' })]);
  });
});
