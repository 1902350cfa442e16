/** Tenants: the Landesredaktion, Fachressorts, Landkreise, Kommunen, integration clients and portals. */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { tenants } from '../db/schema';

export type Tenant = typeof tenants.$inferSelect;
export type NewTenant = typeof tenants.$inferInsert;

export async function upsertTenant(db: Db, tenant: NewTenant): Promise<void> {
  await db.insert(tenants).values(tenant).onConflictDoUpdate({ target: tenants.id, set: { name: tenant.name, kind: tenant.kind, ars: tenant.ars ?? null, leistungsgruppierungen: tenant.leistungsgruppierungen ?? [] } });
}

export async function findTenant(db: Db, id: string): Promise<Tenant | undefined> {
  const rows = await db.select().from(tenants).where(eq(tenants.id, id));
  return rows[0];
}
