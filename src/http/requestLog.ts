/**
 * One compact line per request (method, path, status, time, request id) — never headers, cookies
 * or bodies, and query parameters that carry secrets are masked. Errors logged with a request keep
 * the same bound id (`req.log`, made on first use); the logger itself redacts secrets wherever else
 * they could appear (logger.ts). Written by hand rather than with pino-http: a child logger per
 * request and its redaction were ~2.5 % of a portal request's CPU (profile, issue 19).
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

const SECRET_PARAMS = /([?&](?:token|access_token|api_key|apikey|key|secret|password|passwort|code|client_secret|sig|signature)=)[^&#]*/gi;
const REQUEST_ID = /^[\w.-]{1,100}$/;

/** The URL with the values of secret-looking query parameters replaced. */
export function maskUrl(url: string | undefined): string {
  return (url ?? '').replace(SECRET_PARAMS, '$1***');
}

const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

declare module 'http' {
  interface IncomingMessage { id?: string; log?: Logger }
}

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    req.id = id;
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', { configurable: true, enumerable: false, get: () => (child ??= logger.child({ rid: id })), set: (l: Logger) => { child = l; } });
    const path = (req.url ?? '').split('?')[0]!;
    if (!QUIET.has(path) && logger.isLevelEnabled('info')) {
      const started = performance.now();
      res.once('close', () => {
        const ms = Math.round(performance.now() - started);
        const line = { rid: id, req: { method: req.method, url: maskUrl(req.originalUrl ?? req.url) }, res: { status: res.statusCode }, ms };
        const msg = `${req.method} ${maskUrl(req.originalUrl ?? req.url)} ${res.statusCode}${res.writableFinished ? '' : ' (aborted)'}`;
        if (res.statusCode >= 500) logger.error(line, msg);
        else logger.info(line, msg);
      });
    }
    next();
  };
}
