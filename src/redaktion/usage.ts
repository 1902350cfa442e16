/** Portal clicks on online services, for the dashboard of those who keep the services. */
import { sql } from 'drizzle-orm';
import type { Principal } from '../auth/policy';
import type { Db } from '../db/client';
import { rowsOf } from '../db/objectStore';
import { localized } from '../portal/i18n';

export interface Usage { name: string; last7: number; last30: number }

/** Portal clicks on the online services the caller keeps (all of them for the Landesredaktion). */
export async function usageByDay(db: Db, actor: Principal, days: number): Promise<Usage[]> {
  const area = actor.area;
  const areaFilter = area ? sql`AND EXISTS (SELECT 1 FROM unnest(d.ars) g(key) WHERE g.key LIKE ${area + '%'})` : sql``;
  const rows = rowsOf<Record<string, unknown>>(await db.execute(sql`
    SELECT d.content, sum(c.clicks) FILTER (WHERE c.day > (now() AT TIME ZONE 'Europe/Berlin')::date - 7) AS last7, sum(c.clicks) AS last30
    FROM onlinedienst_clicks c JOIN onlinedienste d ON d.uuid = c.onlinedienst_uuid
    WHERE c.day > (now() AT TIME ZONE 'Europe/Berlin')::date - ${days}::int ${areaFilter}
    GROUP BY d.uuid, d.content ORDER BY last30 DESC LIMIT 20`));
  return rows.map((r) => ({ name: localized((r.content as Record<string, unknown>).bezeichnung as never, 'de')?.value ?? '', last7: Number(r.last7 ?? 0), last30: Number(r.last30 ?? 0) }));
}
