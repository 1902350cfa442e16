/**
 * A second installation of this project as the system a subscriber collects from: its own
 * database with the demo data under another Redaktion's schemeAgencyID, served over HTTP on
 * loopback, with a portal token for pulling. `proxy` puts a switchable proxy in front of it, for
 * the faults a real source shows (an index cut short, a broken file, a request that hangs).
 */
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { seedDemo } from '../../src/seed/demo';
import { createTestApp, type TestApp } from './testApp';

export const SOURCE_AGENCY = 'S06411';

export interface SourceSystem { t: TestApp; url: string; token: string; close(): Promise<void> }

export async function listen(handler: http.RequestListener): Promise<{ server: Server; url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export const closeServer = (server: Server) => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });

export async function startSourceSystem(): Promise<SourceSystem> {
  const t = await createTestApp({ XZUFI_SCHEME_AGENCY_ID: SOURCE_AGENCY });
  await seedDemo(t.database, SOURCE_AGENCY);
  const { server, url } = await listen(t.app);
  const token = await t.token('portal', 'landesredaktion');
  return { t, url, token, async close() { await closeServer(server); await t.close(); } };
}

export interface Fault {
  /** Rewrites index.txt (its lines). */
  index?(lines: string[]): string[];
  /** Replaces the body of a file whose path ends with this. */
  file?: { endsWith: string; body: string };
  /** Holds a request whose path ends with this until `release` is called. */
  hold?: { endsWith: string; reached(): void };
}

export interface FaultProxy { url: string; fault: Fault; requests: string[]; release(): void; close(): Promise<void> }

/** A proxy to `target` that passes requests on unchanged unless `fault` says otherwise. */
export async function faultProxy(target: string): Promise<FaultProxy> {
  const requests: string[] = [];
  const held: Array<() => void> = [];
  const state: FaultProxy = { url: '', fault: {}, requests, release: () => { while (held.length) held.shift()!(); }, close: async () => undefined };
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const headers = { ...req.headers, host: new URL(target).host };
    const rewrite = state.fault.index && req.url!.endsWith('index.txt');
    if (rewrite) { delete headers['if-none-match']; delete headers['accept-encoding']; }
    const out = http.request(`${target}${req.url}`, { method: req.method, headers }, (upstream) => {
      if (rewrite && upstream.statusCode === 200) {
        const chunks: Buffer[] = [];
        upstream.on('data', (c: Buffer) => chunks.push(c));
        upstream.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = (upstream.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
          const lines = state.fault.index!(text.split('\n').filter(Boolean));
          res.writeHead(200, { 'content-type': 'text/plain' }).end(lines.map((l) => `${l}\n`).join(''));
        });
        return;
      }
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  };
  const { server, url } = await listen((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const f = state.fault;
    if (f.file && req.url!.split('?')[0]!.endsWith(f.file.endsWith)) {
      res.writeHead(200, { 'content-type': 'application/xml' }).end(f.file.body);
      return;
    }
    if (f.hold && req.url!.split('?')[0]!.endsWith(f.hold.endsWith)) {
      f.hold.reached();
      held.push(() => forward(req, res));
      return;
    }
    forward(req, res);
  });
  state.url = url;
  state.close = async () => { state.release(); await closeServer(server); };
  return state;
}
