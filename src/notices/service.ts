/**
 * Master-change notices, shared by the API (`/api/v1/notices`) and the editor workspace: the
 * versions to compare, and the acknowledgement that moves the local text's basisVersion.
 */
import type { Database } from '../db/client';
import { acknowledgeNotice, type NoticeRow } from '../db/noticeStore';
import { getObject, PUBLISHED, type StoredObject } from '../db/objectStore';
import { spezialisierungen } from '../db/schema';
import { findVersion, type VersionRow } from '../db/versionStore';
import { Spezialisierung } from '../objectTypes';
import type { Actor } from '../shared/objectService';
import { replaceObject } from '../shared/objectService';
import type { ObjectType } from '../shared/objectType';

export interface NoticeComparison { from: VersionRow; to: VersionRow; local: StoredObject }

/** Old master, new master and the own text; undefined if one of them is gone. */
export async function noticeComparison(database: Database, notice: NoticeRow): Promise<NoticeComparison | undefined> {
  const db = database.db;
  const [from, to, local] = await Promise.all([
    findVersion(db, notice.leistungUuid, notice.fromVersion),
    findVersion(db, notice.leistungUuid, notice.toVersion),
    getObject(db, spezialisierungen, notice.spezialisierungUuid),
  ]);
  return from && to && local ? { from, to, local } : undefined;
}

/**
 * Records that the tenant checked its local text against the new master version: the
 * Spezialisierung's basisVersion moves (a live local text stays live — no new editorial round for
 * that). Returns false if the notice was acknowledged already.
 */
export async function acknowledgeMasterChange(database: Database, schemeAgencyId: string, actor: Actor, notice: NoticeRow): Promise<boolean> {
  return database.db.transaction(async (tx) => {
    const local = await getObject(tx, spezialisierungen, notice.spezialisierungUuid);
    if (local) {
      const { xzufiId: _x, schemeAgencyID: _s, ...content } = local.content as Record<string, unknown>;
      await replaceObject({ database, tx, schemeAgencyId, actor, comment: `Stammtext Version ${notice.toVersion} geprüft`, live: local.status === PUBLISHED },
        Spezialisierung as unknown as ObjectType, local.uuid, { ...content, basisVersion: notice.toVersion });
    }
    return acknowledgeNotice(tx, notice.id, actor.id);
  });
}
