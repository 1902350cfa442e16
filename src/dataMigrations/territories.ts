/**
 * Migration 0014: objects of a Kommune or a Landkreis always have a territory inside its area
 * (src/auth/policy.ts); before, an Onlinedienst or an office without one counted as "valid
 * everywhere" and showed on every place's page. Each such object gets its tenant's ARS — an
 * Onlinedienst as gueltigkeitGebietID, an office on its addresses — as a new version written by
 * `system:migration-0014` (with audit entry and, for live objects, a tombstone so that portals drop
 * it from other places). A draft beside it gets the territory too. Offices without any address
 * cannot be placed and are reported, not changed.
 */
import { getTableName, sql } from 'drizzle-orm';
import { systemPrincipal } from '../auth/policy';
import type { Db } from '../db/client';
import { getDraft, saveDraft } from '../db/draftStore';
import { getObject, PUBLISHED, rowsOf } from '../db/objectStore';
import { insertVersion } from '../db/versionStore';
import type { DataMigration } from '../db/migrate';
import { Onlinedienst, Organisationseinheit } from '../objectTypes';
import { writeRow, type ServiceContext } from '../shared/objectService';
import type { Content, ObjectType } from '../shared/objectType';

const COMMENT = 'Gebiet des Mandanten ergänzt (Migration 0014: Objekte von Kommunen gelten nie überall)';

function placed(type: ObjectType, content: Content, ars: string): Content | undefined {
  const next = structuredClone(content);
  if (type === (Onlinedienst as unknown as ObjectType)) next.gueltigkeitGebietID = [ars];
  else type.assignTerritory?.(next, ars);
  return type.ars(next).length > 0 ? next : undefined;
}

export const territories: DataMigration = {
  version: 14,
  name: '0014_territories',
  async run(tx: Db) {
    const report: Record<string, number> = {};
    const ctx: ServiceContext = { database: undefined as never, tx, schemeAgencyId: '', actor: systemPrincipal('migration-0014'), comment: COMMENT };
    for (const type of [Onlinedienst, Organisationseinheit] as unknown as ObjectType[]) {
      const table = getTableName(type.table);
      const rows = rowsOf<{ uuid: string; ars: string }>(await tx.execute(sql`
        SELECT o.uuid, t.ars FROM ${type.table} o JOIN tenants t ON t.id = o.tenant_id
        WHERE t.kind IN ('kommune', 'landkreis') AND t.ars IS NOT NULL AND cardinality(o.ars) = 0 ORDER BY o.seq`));
      for (const { uuid, ars } of rows) {
        const row = (await getObject(tx, type.table, uuid, { forUpdate: true }))!;
        const draft = await getDraft(tx, uuid, { forUpdate: true });
        const content = placed(type, row.content, ars);
        if (!content) {
          report[`${table}: not placed (no address)`] = (report[`${table}: not placed (no address)`] ?? 0) + 1;
          continue;
        }
        const version = Math.max(row.version, draft?.version ?? 0) + 1;
        const written = await writeRow(tx, ctx, type, row, content, { xzufiId: row.xzufiId, schemeAgencyId: row.schemeAgencyId, tenantId: row.tenantId },
          { status: row.status === PUBLISHED ? PUBLISHED : row.status, version, freigabe: row.freigabe });
        await insertVersion(tx, type.table, written, COMMENT);
        if (draft) {
          const draftContent = placed(type, draft.content, ars) ?? draft.content;
          const saved = await saveDraft(tx, type.table, { uuid, version: version + 1, baseVersion: version, schemeAgencyId: draft.schemeAgencyId, xzufiId: draft.xzufiId, content: draftContent, actor: ctx.actor.id });
          await insertVersion(tx, type.table, { uuid, version: saved.version, schemeAgencyId: saved.schemeAgencyId, xzufiId: saved.xzufiId, status: saved.status, content: saved.content, changedAt: saved.changedAt, changedBy: saved.changedBy }, COMMENT);
        }
        report[`${table}: placed in their tenant's area`] = (report[`${table}: placed in their tenant's area`] ?? 0) + 1;
      }
    }
    return report;
  },
};

