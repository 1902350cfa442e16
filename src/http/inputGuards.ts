/**
 * Input the database could not store or the validators could not walk, refused at the edge with
 * a clear error instead of a 500: writes by anonymous callers (before any body is read), JSON
 * nested deeper than a bound, and texts with NUL characters or unpaired surrogates (PostgreSQL
 * refuses both in jsonb and text). The same text check guards form bodies and query strings.
 */
import type { RequestHandler } from 'express';
import type { Principal } from '../auth/policy';
import { AppError, validationFailed } from '../shared/errors';
import { jsonProblems, MAX_JSON_DEPTH, unstorable } from '../shared/storable';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Writes need a principal; anonymous callers get 401 before their body is parsed. */
export const signInBeforeWrites: RequestHandler = (req, res, next) => {
  if (!SAFE_METHODS.has(req.method) && (res.locals.actor as Principal).kind === 'anonymous') {
    throw new AppError('unauthenticated', 'Sign in or send a token to change data');
  }
  next();
};

/** After express.json: bounded depth (400) and storable texts (422) in every JSON body. */
export const guardJsonBody: RequestHandler = (req, _res, next) => {
  if (req.body === undefined || typeof req.body !== 'object' || req.body === null) return next();
  const { tooDeep, texts } = jsonProblems(req.body);
  if (tooDeep) throw new AppError('bad_request', `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`, [{ path: tooDeep, message: `nested deeper than ${MAX_JSON_DEPTH} levels` }]);
  if (texts.length > 0) throw validationFailed(texts, 'The body holds text that cannot be stored');
  next();
};

/** Query parameters with a NUL character (no database parameter can carry one). */
export const guardQuery: RequestHandler = (req, _res, next) => {
  for (const [name, value] of Object.entries(req.query ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      const problem = typeof v === 'string' ? unstorable(v) : undefined;
      if (problem || unstorable(name)) throw new AppError('invalid_parameter', `The query parameter ${name.replace(/\0/g, '\\0')} ${problem ?? 'has a name that cannot be stored'}`, [{ path: `query.${name.replace(/\0/g, '\\0')}`, message: problem ?? 'invalid name' }]);
    }
  }
  next();
};
