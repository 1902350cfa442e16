/**
 * The one way the server makes requests of its own (webhook deliveries, the link checker, pulls
 * from other systems): the name is resolved once, every address of every record must be public
 * (unless private addresses are allowed explicitly), and the connection goes to an address that
 * was checked — no second lookup between check and connect (DNS rebinding). Each redirect is a new
 * request checked the same way; time, size and the number of redirects are bounded.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { isPublicAddress } from './addresses';

export type OutboundErrorCode = 'invalid_url' | 'refused_address' | 'timeout' | 'too_large' | 'too_many_redirects' | 'connection_failed' | 'bad_response';

export class OutboundError extends Error {
  constructor(readonly code: OutboundErrorCode, message: string) {
    super(message);
    this.name = 'OutboundError';
  }
}

export interface OutboundOptions {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole exchange, redirects included. */
  timeoutMs?: number;
  /** Largest response body (after decompression); larger ones fail with too_large. */
  maxBytes?: number;
  /** Redirects followed (GET/HEAD only); 0 returns the 3xx response itself. */
  maxRedirects?: number;
  /** Reach loopback and private addresses (tests, closed networks): an explicit opt-in. */
  allowPrivate?: boolean;
  /** Decode gzip, deflate and br bodies (and ask for them). */
  decompress?: boolean;
  /** false: the body is discarded unread (status checks). */
  readBody?: boolean;
}

export interface OutboundResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The URL that answered (after redirects). */
  url: string;
  body: Buffer;
}

/** Resolves all records and refuses the whole name if any address is not public. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
      if (refused || addresses.length === 0) {
        return callback(Object.assign(new Error(`${hostname} resolves to ${refused?.address ?? 'nothing'}, which is not a public address`), { code: 'EREFUSEDADDRESS' }), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** Checks scheme and (for address literals) the address; returns the parsed URL. */
export function checkOutboundUrl(raw: string, allowPrivate = false): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError('invalid_url', 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('invalid_url', 'only http and https URLs are fetched');
  if (url.username || url.password) throw new OutboundError('invalid_url', 'credentials in the URL are not sent; configure them separately');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) && !isPublicAddress(host)) throw new OutboundError('refused_address', `${host} is not a public address`);
  if (!allowPrivate && host.replace(/\.$/, '').toLowerCase().split('.').pop() === 'localhost') throw new OutboundError('refused_address', `${host} is not a public address`);
  return url;
}

/** Resolves the URL's host now and refuses it unless every address is public (for URLs stored for later use). */
export async function assertPublicUrl(raw: string, allowPrivate = false): Promise<URL> {
  const url = checkOutboundUrl(raw, allowPrivate);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowPrivate || isIP(host)) return url;
  await new Promise<void>((resolve, reject) => {
    guardedLookup(false)(host, { all: true }, (err) => (err ? reject(err) : resolve()));
  }).catch((err: NodeJS.ErrnoException) => {
    throw new OutboundError(err.code === 'EREFUSEDADDRESS' ? 'refused_address' : 'connection_failed', err.code === 'EREFUSEDADDRESS' ? err.message : `${host} cannot be resolved`);
  });
  return url;
}

function decoder(encoding: string | undefined): Transform | undefined {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip': case 'x-gzip': return createGunzip();
    case 'deflate': return createInflate();
    case 'br': return createBrotliDecompress();
    default: return undefined;
  }
}

function once(url: URL, opts: OutboundOptions, deadline: number): Promise<{ res: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const allowPrivate = opts.allowPrivate ?? false;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new OutboundError('timeout', 'timeout'));
    const headers: Record<string, string> = { 'user-agent': 'fim-redaktion', ...(opts.decompress ? { 'accept-encoding': 'gzip, deflate, br' } : {}), ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
    const req = (url.protocol === 'https:' ? https : http).request(url, {
      method: opts.method ?? 'GET', headers, lookup: guardedLookup(allowPrivate), agent: false,
    });
    const timer = setTimeout(() => req.destroy(new OutboundError('timeout', 'timeout')), remaining);
    const fail = (err: unknown) => {
      clearTimeout(timer);
      if (err instanceof OutboundError) return reject(err);
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EREFUSEDADDRESS') return reject(new OutboundError('refused_address', e.message));
      reject(new OutboundError('connection_failed', e.code === 'ENOTFOUND' ? `${url.hostname} cannot be resolved` : 'connection failed'));
    };
    req.on('error', fail);
    req.on('response', (res) => {
      if (opts.readBody === false || opts.method === 'HEAD') {
        res.resume();
        res.on('end', () => { clearTimeout(timer); resolve({ res, body: Buffer.alloc(0) }); });
        res.on('error', fail);
        return;
      }
      const max = opts.maxBytes ?? 10 * 1024 * 1024;
      const chunks: Buffer[] = [];
      let size = 0;
      const source = opts.decompress ? decoder(res.headers['content-encoding']) : undefined;
      const stream = source ? res.pipe(source) : res;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > max) {
          req.destroy();
          stream.destroy();
          fail(new OutboundError('too_large', `the response is larger than ${max} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => { clearTimeout(timer); resolve({ res, body: Buffer.concat(chunks) }); });
      stream.on('error', (err) => fail(err instanceof OutboundError ? err : new OutboundError('bad_response', `the response could not be read: ${(err as Error).message}`)));
      res.on('error', fail);
    });
    req.end(opts.body);
  });
}

/** One request under the rules above; throws OutboundError. */
export async function outboundRequest(rawUrl: string, opts: OutboundOptions = {}): Promise<OutboundResponse> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let url = checkOutboundUrl(rawUrl, opts.allowPrivate);
  const follows = opts.method === 'POST' ? 0 : opts.maxRedirects ?? 0;
  for (let hop = 0; ; hop++) {
    const { res, body } = await once(url, opts, deadline);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location && follows > 0) {
      if (hop >= follows) throw new OutboundError('too_many_redirects', `more than ${follows} redirects`);
      const next = checkOutboundUrl(new URL(location, url).toString(), opts.allowPrivate);
      // Credentials stay with the origin they were given for (as browsers do).
      if (next.origin !== url.origin && opts.headers) {
        opts = { ...opts, headers: Object.fromEntries(Object.entries(opts.headers).filter(([k]) => !['authorization', 'cookie'].includes(k.toLowerCase()))) };
      }
      url = next;
      continue;
    }
    return { status, headers: res.headers, url: url.toString(), body };
  }
}
