/** What API clients see of a stored object: XZuFi identity, content, workflow state and the metadata box. */
import type { DraftRow } from '../db/draftStore';
import type { ListedJsonRow, StoredObject } from '../db/objectStore';
import type { Freigabe } from '../db/schema';

export function etagOf(row: Pick<StoredObject, 'version'>): string {
  return `"${row.version}"`;
}

/** Version number from an If-Match header (`"3"`, `W/"3"`); undefined for absent or `*`. */
export function versionFromIfMatch(header: string | undefined): number | undefined | 'invalid' {
  if (!header || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  return match ? Number(match[1]) : 'invalid';
}

const presentFreigabe = (f: Freigabe | null | undefined) => (f ? { durch: f.by, datumZeit: f.at, ...(f.level ? { stufe: f.level } : {}) } : undefined);

export interface PresentedSchedule { at: Date; by: string; state: string; error?: string }

/**
 * The object as its reader may see it: with `draft` (for those who may see working versions) the
 * working version beside the live one, otherwise the row. `veroeffentlicht` names the live version.
 */
export function presentObject(row: StoredObject, draft?: DraftRow, schedules?: Record<string, PresentedSchedule | undefined>): Record<string, unknown> {
  const w = draft ?? row;
  return { ...identityOf(row, w), ...w.content, ...stateOf(row, w, schedules) };
}

/**
 * `JSON.stringify(presentObject(row))` for a row whose content came as JSON text from the
 * database (`contentJson`, src/db/objectStore.ts listObjectsJson): the content is spliced in as it is, neither parsed nor written again.
 * The object means the same (a content key the envelope also has resolves alike: the later one),
 * only the content's whitespace is the database's.
 */
export function presentObjectJson(row: ListedJsonRow): string {
  const { contentJson } = row;
  const inner = contentJson.slice(contentJson.indexOf('{') + 1, contentJson.lastIndexOf('}')).trim();
  const w = row as unknown as StoredObject;
  const parts = [JSON.stringify(identityOf(w, w)).slice(1, -1), inner, JSON.stringify(stateOf(w, w)).slice(1, -1)];
  return `{${parts.filter((p) => p !== '').join(',')}}`;
}

type Working = StoredObject | DraftRow;

function identityOf(row: StoredObject, w: Working): Record<string, unknown> {
  return { id: row.uuid, xzufiId: w.xzufiId, schemeAgencyID: w.schemeAgencyId };
}

function stateOf(row: StoredObject, w: Working, schedules?: Record<string, PresentedSchedule | undefined>): Record<string, unknown> {
  const freigabe = presentFreigabe((w.freigabe as Freigabe | null | undefined));
  const geplant = schedules && Object.keys(schedules).length > 0
    ? Object.fromEntries(Object.entries(schedules).map(([to, s]) => [to, { datumZeit: s!.at.toISOString(), durch: s!.by, zustand: s!.state, ...(s!.error ? { fehler: s!.error } : {}) }]))
    : undefined;
  return {
    status: w.status,
    version: w.version,
    tenant: row.tenantId,
    ...(freigabe ? { freigabe } : {}),
    ...(w.statusComment ? { statusKommentar: w.statusComment } : {}),
    ...(row.publishedVersion !== null && row.publishedVersion !== undefined ? {
      veroeffentlicht: {
        version: row.publishedVersion,
        live: row.status === 'veroeffentlicht',
        datumZeit: (row.publishedAt as Date | null)?.toISOString(),
        durch: row.publishedBy,
      },
    } : {}),
    ...(geplant ? { geplant } : {}),
    versionsinformation: {
      erstelltDatumZeit: row.createdAt.toISOString(),
      erstelltDurch: row.createdBy,
      geaendertDatumZeit: w.changedAt.toISOString(),
      geaendertDurch: w.changedBy,
      version: String(w.version),
    },
  };
}
