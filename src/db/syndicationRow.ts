/**
 * The shape in which syndication reads object rows: one JSON array per row (with PGlite every
 * column of a result row is decoded on its own, and an export reads 80,000 rows at Hessen scale,
 * 800,000 at Bund scale). No SQL here beyond the column list, so that an export's worker thread
 * can decode rows without the database layer.
 */
import type { Freigabe } from './schema';

/** What syndication reads of an object row: identity, envelope, content. Times as ISO 8601 strings. */
export interface SyndicationRow {
  uuid: string;
  seq: number;
  status: string;
  schemeAgencyId: string;
  xzufiId: string;
  version: number;
  createdAt: string;
  createdBy: string;
  changedAt: string;
  changedBy: string;
  content: Record<string, unknown>;
  freigabe: Freigabe | null;
}

/** Tables whose objects a row's content names by database id. */
export type ReferencedTable = 'leistungen' | 'organisationseinheiten' | 'onlinedienste' | 'kategorien';

/** The array's elements (alias t); `freigabe` is a column of Leistungen only. */
export const rowArray = (freigabe: boolean) => `json_build_array(t.seq, t.uuid, t.status, t.scheme_agency_id, t.xzufi_id, t.version,
  t.created_at, t.created_by, t.changed_at, t.changed_by, ${freigabe ? 't.freigabe' : 'NULL::jsonb'}, t.content)`;

const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00:00$/;

/**
 * JSON renders timestamps as ISO 8601 with up to six digits of fraction and the session's offset;
 * XZuFi gets them in UTC with milliseconds, the further digits cut off (as Date does). A session
 * in UTC (ours are) is rewritten as text: an export converts two a row, 160,000 at Hessen scale.
 */
export function isoMillis(timestamp: string): string {
  const m = UTC_TIMESTAMP.exec(timestamp);
  if (!m) return new Date(timestamp).toISOString();
  return `${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

export function rowOfJson(r: unknown[]): SyndicationRow {
  return {
    seq: r[0] as number, uuid: r[1] as string, status: r[2] as string, schemeAgencyId: r[3] as string, xzufiId: r[4] as string, version: r[5] as number,
    createdAt: isoMillis(r[6] as string), createdBy: r[7] as string, changedAt: isoMillis(r[8] as string), changedBy: r[9] as string,
    freigabe: (r[10] as Freigabe | null) ?? null, content: r[11] as Record<string, unknown>,
  };
}
