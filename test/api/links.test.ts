import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkUrl, collectLinks, runLinkCheck } from '../../src/links/checker';
import { create, createDraft, MARBURG, onlinedienstBody, organisationseinheitBody } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
let server: Server;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  server = createServer((req, res) => {
    if (req.url === '/ok') res.statusCode = 200;
    else if (req.url === '/no-head') res.statusCode = req.method === 'HEAD' ? 405 : 200;
    else if (req.url === '/moved') { res.statusCode = 301; res.setHeader('Location', '/ok'); }
    else if (req.url === '/loop') { res.statusCode = 302; res.setHeader('Location', '/loop'); }
    else if (req.url === '/to-inside') { res.statusCode = 302; res.setHeader('Location', 'http://[::ffff:7f00:1]:9/x'); }
    else if (req.url === '/slow') { setTimeout(() => res.end(), 2000); return; }
    else res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await t.close();
});

describe('link checker', () => {
  it('checks with HEAD, falls back to GET, follows redirects and treats timeouts as broken', async () => {
    const opts = { allowPrivate: true, timeoutMs: 300 };
    expect(await checkUrl(`${base}/ok`, opts)).toEqual({ ok: true, status: 200, error: null });
    expect(await checkUrl(`${base}/no-head`, opts)).toEqual({ ok: true, status: 200, error: null });
    expect(await checkUrl(`${base}/moved`, opts)).toMatchObject({ ok: true, status: 200 });
    expect(await checkUrl(`${base}/loop`, opts)).toMatchObject({ ok: false, status: null, error: 'more than 5 redirects' });
    expect(await checkUrl(`${base}/gone`, opts)).toMatchObject({ ok: false, status: 404 });
    expect(await checkUrl(`${base}/slow`, opts)).toEqual({ ok: false, status: null, error: 'timeout' });
  });

  it('does not fetch private addresses unless allowed: literal, by name, in IPv6 forms', async () => {
    const port = new URL(base).port;
    const refused = { ok: false, status: null, error: 'private address: not checked' };
    expect(await checkUrl(`${base}/ok`)).toEqual(refused);
    // Names that resolve to loopback (/etc/hosts), IPv4-mapped IPv6, the unspecified address, a trailing dot.
    for (const host of ['localhost', 'localhost.', '[::ffff:7f00:1]', '[::ffff:127.0.0.1]', '[::]', '0.0.0.0', '2130706433', '[::1]']) {
      expect(await checkUrl(`http://${host}:${port}/ok`)).toEqual(refused);
    }
  });

  it('finds every link of a document with its place', () => {
    expect(collectLinks({ link: [{ typ: '01', link: 'https://a.example/x' }], kommunikation: [{ kanal: '01', kennung: 'a@b.example' }, { kanal: '09', kennung: 'https://b.example' }] })).toEqual([
      { url: 'https://a.example/x', path: '/link/0/link' }, { url: 'https://b.example', path: '/kommunikation/1/kennung' },
    ]);
  });

  it('reports broken links to those who keep the objects', async () => {
    // Drafts: the local test server speaks http, which the quality gate would refuse for publishing.
    const od = await createDraft(t, 'onlinedienste', onlinedienstBody({ link: [{ typ: '01', link: `${base}/gone` }, { typ: '02', link: `${base}/ok` }] }));
    await create(t, 'organisationseinheiten', organisationseinheitBody({ anschrift: [{ typ: '002', ort: 'Marburg', ars: MARBURG }], internetadresse: [{ uri: `${base}/gone-too`, titel: 'Alt' }] }));
    expect(await runLinkCheck(t.database, { allowPrivate: true, timeoutMs: 500 })).toBe(3);
    expect(await runLinkCheck(t.database, { allowPrivate: true, timeoutMs: 500 })).toBe(0); // checked recently

    const wanfried = await t.as('kommunalredakteur', 'kommune-wanfried');
    const mine = await wanfried.get('/api/v1/links');
    expect(mine.body.items).toEqual([expect.objectContaining({ url: `${base}/gone`, httpStatus: 404, object: { type: 'Onlinedienst', id: od.id, path: '/link/0/link' } })]);
    const all = await t.api.get('/api/v1/links');
    expect(all.body.items.map((i: { url: string }) => i.url).sort()).toEqual([`${base}/gone`, `${base}/gone-too`]);
    expect((await t.anonymous.get('/api/v1/links')).status).toBe(401);
  });
});
