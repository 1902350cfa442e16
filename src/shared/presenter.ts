/** What API clients see of a stored object: XZuFi identity, content, and the metadata box. */
import type { StoredObject } from '../db/objectStore';

export function etagOf(row: Pick<StoredObject, 'version'>): string {
  return `"${row.version}"`;
}

/** Version number from an If-Match header (`"3"`, `W/"3"`); undefined for absent or `*`. */
export function versionFromIfMatch(header: string | undefined): number | undefined | 'invalid' {
  if (!header || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  return match ? Number(match[1]) : 'invalid';
}

export function presentObject(row: StoredObject): Record<string, unknown> {
  return {
    id: row.uuid,
    xzufiId: row.xzufiId,
    schemeAgencyID: row.schemeAgencyId,
    ...row.content,
    status: row.status,
    version: row.version,
    tenant: row.tenantId,
    versionsinformation: {
      erstelltDatumZeit: row.createdAt.toISOString(),
      erstelltDurch: row.createdBy,
      geaendertDatumZeit: row.changedAt.toISOString(),
      geaendertDurch: row.changedBy,
      version: String(row.version),
    },
  };
}
