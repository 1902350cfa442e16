/** Cursor pagination: the cursor is an opaque token for "after this position". */
import { AppError } from '../shared/errors';

export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 50;

export function encodeCursor(position: string | number): string {
  return Buffer.from(String(position), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, pattern: RegExp): string {
  const value = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!pattern.test(value)) throw new AppError('invalid_parameter', 'cursor is not valid', [{ path: 'query.cursor', message: 'use nextCursor from a previous page' }]);
  return value;
}

export function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_LIMIT) {
    throw new AppError('invalid_parameter', `limit must be an integer from 1 to ${MAX_LIMIT}`, [{ path: 'query.limit', message: `must be 1–${MAX_LIMIT}` }]);
  }
  return Number(raw);
}

/** Single string query parameters only; unknown names are refused so typos don't go unnoticed. */
export function queryParams(query: unknown, allowed: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!allowed.includes(name)) {
      throw new AppError('invalid_parameter', `unknown query parameter ${name}; allowed: ${allowed.join(', ')}`, [{ path: `query.${name}`, message: 'is not supported' }]);
    }
    if (typeof value !== 'string') throw new AppError('invalid_parameter', `${name} must be given once`, [{ path: `query.${name}`, message: 'must be a single value' }]);
    const trimmed = value.trim();
    if (trimmed !== '') out[name] = trimmed;
  }
  return out;
}
