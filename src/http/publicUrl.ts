/**
 * The base of absolute URLs the app writes (canonical links, sitemap, robots.txt, JSON-LD,
 * `antworten`, next-page URLs): PUBLIC_URL, or else the request's own Host — but only a Host
 * named in ALLOWED_HOSTS, so that a forged Host header can never end up in a page, a feed or a
 * cached response. Other hosts get the local address.
 */
import type { Request } from 'express';
import type { Config } from '../config';

type UrlConfig = Pick<Config, 'publicUrl' | 'allowedHosts' | 'port'>;

/** Worked out once per request (a page asks several times; the protocol asks the proxy trust). */
const BASE = Symbol('publicBaseUrl');
type Remembering = Request & { [BASE]?: { config: UrlConfig; base: string } };

export function publicBaseUrl(config: UrlConfig, req: Request): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/$/, '');
  const kept = (req as Remembering)[BASE];
  if (kept?.config === config) return kept.base;
  const base = fromHost(config, req);
  (req as Remembering)[BASE] = { config, base };
  return base;
}

function fromHost(config: UrlConfig, req: Request): string {
  const host = req.get('host') ?? '';
  // `name`, `name:port`, `[v6]`, `[v6]:port`
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host);
  const name = m?.[1]!.toLowerCase().replace(/^\[|\]$/g, '');
  if (m && name && config.allowedHosts.includes(name)) return `${req.protocol}://${host.toLowerCase()}`;
  return `http://localhost${config.port ? `:${config.port}` : ''}`;
}
