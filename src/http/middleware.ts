/** Small middlewares of the edge: content negotiation, the acting principal, the error handler. */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, type ErrorDetail } from '../shared/errors';

export function requireJson(req: Request, _res: Response, next: NextFunction): void {
  if (!req.is('application/json')) {
    next(new AppError('unsupported_media_type', 'Send the body as application/json', [{ path: 'header.Content-Type', message: 'must be application/json' }]));
    return;
  }
  next();
}

interface BodyParserError { type?: string; status?: number; limit?: number }

function fromBodyParser(err: BodyParserError & Error): AppError | undefined {
  switch (err.type) {
    case 'entity.parse.failed': return new AppError('malformed_json', `The body is not valid JSON: ${err.message}`, [{ path: 'body', message: err.message }]);
    case 'entity.too.large': return new AppError('body_too_large', `The body exceeds the limit of ${err.limit} bytes`);
    case 'encoding.unsupported':
    case 'charset.unsupported': return new AppError('unsupported_media_type', err.message);
    case 'request.aborted':
    case 'request.size.invalid':
    case 'entity.verify.failed': return new AppError('bad_request', err.message);
    default: return undefined;
  }
}

export function errorHandler(logger: Logger) {
  // Express recognises error handlers by their four parameters.
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const appError = err instanceof AppError ? err : fromBodyParser(err as BodyParserError & Error);
    if (appError) {
      sendError(res, appError.status, appError.code, appError.message, appError.details, appError.extra);
      return;
    }
    (req.log ?? logger).error({ err }, 'unhandled error');
    sendError(res, 500, 'internal_error', 'An internal error occurred; it has been logged', []);
  };
}

export function sendError(res: Response, status: number, code: string, message: string, details: ErrorDetail[], extra?: Record<string, unknown>): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(status).json({ error: { code, message, details, ...extra } });
}

export function notFoundHandler(req: Request, res: Response): void {
  sendError(res, 404, 'not_found', `No route for ${req.method} ${req.path}`, []);
}
