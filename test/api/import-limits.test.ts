/**
 * Resource limits of the XZuFi import: a small gzip that unpacks to tens of megabytes is refused
 * while it inflates, and a huge message is read off the main thread, so /healthz keeps answering.
 * How long the main thread stalls at most is measured in `npm run bench` (import_stall_ms), not here.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
let server: Server;
let base: string;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  token = await t.token('landesredakteur', 'landesredaktion');
  server = await new Promise<Server>((resolve) => { const s = t.app.listen(0, '127.0.0.1', () => resolve(s)); });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await t.close();
});

/** Sends the body while /healthz is asked again and again; how often it answered 200 until the import ended, and the import's answer. */
async function importWhileWatching(body: Buffer, headers: Record<string, string>) {
  let healthy = 0;
  let unhealthy = 0;
  let watching = true;
  const watch = (async () => {
    while (watching) {
      const res = await fetch(`${base}/healthz`);
      await res.text();
      if (watching) { if (res.status === 200) healthy++; else unhealthy++; }
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const res = await fetch(`${base}/xzufi/v1/import`, { method: 'POST', body: new Uint8Array(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml', ...headers } });
  let answer = await res.json() as { error?: { code: string; message: string }; href?: string; status?: string; report?: unknown };
  // A large message runs as a job: watch until it has ended.
  const job = answer.href;
  while (job && !['done', 'rejected', 'failed'].includes(String(answer.status))) {
    await new Promise((r) => setTimeout(r, 100));
    answer = await (await fetch(`${base}${job}`, { headers: { authorization: `Bearer ${token}` } })).json() as typeof answer;
  }
  watching = false;
  await watch;
  return { status: res.status, answer, healthy, unhealthy };
}

describe('import resource limits', () => {
  it('refuses a 60 MB gzip bomb of newlines at once, with /healthz answering throughout', async () => {
    const bomb = gzipSync(Buffer.alloc(60 * 1024 * 1024, '\n'), { level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);
    const result = await importWhileWatching(bomb, { 'content-encoding': 'gzip' });
    expect(result.status).toBe(400);
    expect(result.answer.error?.code).toBe('xml_malformed');
    expect(result.unhealthy).toBe(0);
  });

  it('refuses the same bomb sent as application/gzip without Content-Encoding', async () => {
    const bomb = gzipSync(Buffer.alloc(60 * 1024 * 1024, ' '), { level: 9 });
    const result = await importWhileWatching(bomb, { 'content-type': 'application/gzip' });
    expect(result.status).toBe(400);
    expect(result.answer.error?.code).toBe('xml_malformed');
    expect(result.unhealthy).toBe(0);
  });

  it('refuses more than IMPORT_BODY_LIMIT unpacked with 413, counting while it inflates', async () => {
    const small = await createTestApp({ IMPORT_BODY_LIMIT: '1mb' });
    try {
      const xml = `<?xml version="1.0"?>\n<x:m xmlns:x="http://xoev.de/schemata/xzufi/2_2_0">${' '.repeat(2 * 1024 * 1024)}</x:m>`;
      const res = await small.api.post('/xzufi/v1/import').set('Content-Type', 'application/xml').set('Content-Encoding', 'gzip').send(gzipSync(xml));
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('body_too_large');
    } finally {
      await small.close();
    }
  });

  it('reads a large message off the main thread: /healthz keeps answering while 40 MB are parsed', async () => {
    // Well-formed and in the namespace, so that every check runs over the whole text.
    const padding = '<!-- padding -->\n'.repeat(40 * 1024 * 1024 / 17);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<x:transfer.schreibeLoesche xmlns:x="http://xoev.de/schemata/xzufi/2_2_0" produktbezeichnung="p" produkthersteller="h" xzufiVersion="2.2.0">\n${padding}<x:nachrichtenkopf><x:nachrichtUUID>u</x:nachrichtUUID><x:erstelltDatumZeit>2026-12-01T08:00:00Z</x:erstelltDatumZeit></x:nachrichtenkopf>\n<x:unbekannt/>\n</x:transfer.schreibeLoesche>\n`;
    const result = await importWhileWatching(gzipSync(xml), { 'content-encoding': 'gzip' });
    expect(result.status).toBe(202);
    expect(result.answer).toMatchObject({ status: 'rejected', report: { error: { code: 'xzufi_schema_invalid' } } });
    // The job polls every 100 ms until the worker is done: health answered in between, every time.
    expect(result.healthy).toBeGreaterThan(0);
    expect(result.unhealthy).toBe(0);
  });

  it('refuses a body that is not UTF-8, or not gzip although it says so', async () => {
    const latin1 = Buffer.concat([Buffer.from('<?xml version="1.0"?><a>'), Buffer.from([0xe4]), Buffer.from('</a>')]);
    const r1 = await t.api.post('/xzufi/v1/import').set('Content-Type', 'application/xml').send(latin1);
    expect({ status: r1.status, code: r1.body.error.code, message: r1.body.error.message }).toEqual({ status: 400, code: 'xml_not_utf8', message: 'The message must be encoded in UTF-8' });
    const r2 = await t.api.post('/xzufi/v1/import').set('Content-Type', 'application/xml').set('Content-Encoding', 'gzip').send(Buffer.from('<?xml version="1.0"?><a/>'));
    expect({ status: r2.status, code: r2.body.error.code }).toEqual({ status: 400, code: 'bad_request' });
  });
});
