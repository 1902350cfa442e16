/**
 * Requests of one run of a source: through outboundRequest (address guard, time, size, redirects,
 * gzip), with the source's credentials, conditional where a validator is known. Credentials go
 * only to the source's own origin; an OAuth2 access token is fetched once per run and again after
 * a 401.
 */
import { outboundRequest, OutboundError, type OutboundResponse } from '../outbound/request';
import type { Credentials } from './credentials';

export interface FetchLimits { timeoutMs: number; maxBytes: number; allowPrivate: boolean }

export class SourceFetchError extends Error {
  constructor(readonly code: string, message: string, readonly status?: number) {
    super(message);
  }
}

export interface Fetched { status: number; body: Buffer; etag: string | null; lastModified: string | null; headers: OutboundResponse['headers']; bytes: number }

const header = (h: OutboundResponse['headers'], name: string): string | null => {
  const v = h[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? v[0] ?? null : null;
};

export class SourceFetcher {
  private accessToken: string | undefined;
  /** Bytes received in this run (after decompression). */
  bytes = 0;
  requests = 0;

  constructor(private readonly origin: string, private readonly credentials: Credentials, private readonly limits: FetchLimits) {}

  /** GET; `validators` make it conditional (304 → status 304, empty body). */
  async get(url: string, opts: { accept?: string; validators?: { etag: string | null; lastModified: string | null }; maxBytes?: number } = {}): Promise<Fetched> {
    if (new URL(url).origin !== this.origin) throw new SourceFetchError('foreign_origin', `${url} is not on the source's own origin ${this.origin}; it is not fetched`);
    let res = await this.request(url, opts);
    if (res.status === 401 && this.credentials.kind === 'oauth2') {
      this.accessToken = undefined;
      res = await this.request(url, opts);
    }
    if (res.status === 304) return { status: 304, body: Buffer.alloc(0), etag: opts.validators?.etag ?? null, lastModified: opts.validators?.lastModified ?? null, headers: res.headers, bytes: 0 };
    if (res.status === 401 || res.status === 403) throw new SourceFetchError('unauthorised', `the source refused the credentials (HTTP ${res.status})`, res.status);
    if (res.status !== 200) throw new SourceFetchError('http_status', `HTTP ${res.status} for ${url}`, res.status);
    this.bytes += res.body.length;
    return { status: 200, body: res.body, etag: header(res.headers, 'etag'), lastModified: header(res.headers, 'last-modified'), headers: res.headers, bytes: res.body.length };
  }

  private async request(url: string, opts: { accept?: string; validators?: { etag: string | null; lastModified: string | null }; maxBytes?: number }): Promise<OutboundResponse> {
    const headers: Record<string, string> = { accept: opts.accept ?? 'application/xml, text/xml, text/plain;q=0.9, */*;q=0.1' };
    const auth = await this.authorization();
    if (auth) headers.authorization = auth;
    if (opts.validators?.etag) headers['if-none-match'] = opts.validators.etag;
    if (opts.validators?.lastModified) headers['if-modified-since'] = opts.validators.lastModified;
    this.requests++;
    try {
      return await outboundRequest(url, { headers, timeoutMs: this.limits.timeoutMs, maxBytes: opts.maxBytes ?? this.limits.maxBytes, maxRedirects: 3, allowPrivate: this.limits.allowPrivate, decompress: true });
    } catch (err) {
      if (err instanceof OutboundError) throw new SourceFetchError(err.code, `${url}: ${err.message}`);
      throw err;
    }
  }

  private async authorization(): Promise<string | undefined> {
    const c = this.credentials;
    switch (c.kind) {
      case 'none': return undefined;
      case 'bearer': return `Bearer ${c.token}`;
      case 'basic': return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
      case 'oauth2':
        this.accessToken ??= await this.clientCredentials(c);
        return `Bearer ${this.accessToken}`;
    }
  }

  /** OAuth2 client credentials grant (RFC 6749 4.4), the client authenticated with HTTP Basic. */
  private async clientCredentials(c: Extract<Credentials, { kind: 'oauth2' }>): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', ...(c.scope ? { scope: c.scope } : {}) });
    let res: OutboundResponse;
    try {
      res = await outboundRequest(c.tokenUrl, {
        method: 'POST', body: form.toString(), timeoutMs: this.limits.timeoutMs, maxBytes: 64 * 1024, allowPrivate: this.limits.allowPrivate,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', authorization: `Basic ${Buffer.from(`${encodeURIComponent(c.clientId)}:${encodeURIComponent(c.clientSecret)}`).toString('base64')}` },
      });
    } catch (err) {
      if (err instanceof OutboundError) throw new SourceFetchError(err.code, `token endpoint: ${err.message}`);
      throw err;
    }
    if (res.status !== 200) throw new SourceFetchError('unauthorised', `the token endpoint refused the client (HTTP ${res.status})`, res.status);
    let token: unknown;
    try {
      token = (JSON.parse(res.body.toString('utf8')) as { access_token?: unknown }).access_token;
    } catch { /* reported below */ }
    if (typeof token !== 'string' || token === '') throw new SourceFetchError('unauthorised', 'the token endpoint sent no access_token');
    return token;
  }
}
