/**
 * One compact line per request (method, path, status, time, request id) — never headers, cookies
 * or bodies, and query parameters that carry secrets are masked. Errors logged with a request keep
 * the same bound id; the logger itself redacts secrets wherever else they could appear (logger.ts).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const SECRET_PARAMS = /([?&](?:token|access_token|api_key|apikey|key|secret|password|passwort|code|client_secret|sig|signature)=)[^&#]*/gi;

/** The URL with the values of secret-looking query parameters replaced. */
export function maskUrl(url: string | undefined): string {
  return (url ?? '').replace(SECRET_PARAMS, '$1***');
}

const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

export function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: (req) => QUIET.has((req.url ?? '').split('?')[0]!) },
    customAttributeKeys: { reqId: 'rid', responseTime: 'ms' },
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({ method: req.method, url: maskUrl(req.url) }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
    wrapSerializers: false,
    // The request id is bound already; the error handler logs the error itself (with this id).
    customSuccessObject: (_req, _res, val: Record<string, unknown>) => ({ ms: val.ms }),
    customErrorObject: (_req, _res, _err, val: Record<string, unknown>) => ({ ms: val.ms }),
    customSuccessMessage: (req, res) => `${req.method} ${maskUrl(req.url)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${maskUrl(req.url)} ${res.statusCode}`,
  });
}
