/**
 * Which rows a principal may see, as SQL conditions over an object table (src/auth/policy.ts
 * decides the Visibility; these turn it into WHERE clauses).
 */
import { and, sql, type SQL } from 'drizzle-orm';
import type { Visibility } from '../auth/policy';
import { arsOverlaps, PUBLISHED } from './objectStore';
import { objectDrafts, type ObjectTable } from './schema';

type AnyTable = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every canonical ARS of the row lies within the prefix (a row without territory never does). */
function insideSql(t: AnyTable, prefix: string): SQL {
  return sql`(cardinality(${t.ars}) > 0 AND NOT EXISTS (SELECT 1 FROM unnest(${t.ars}) AS a(key) WHERE a.key NOT LIKE ${prefix + '%'}))`;
}

/**
 * Rows whose working version (draft, status) the principal may see, see src/auth/policy.ts:
 * undefined = all of them, `false` = none.
 */
export function workingVisibleWhere(table: ObjectTable, v: Visibility): SQL | undefined {
  const t = table as AnyTable;
  let condition: SQL | undefined;
  switch (v.scope) {
    case undefined:
    case 'published': return sql`false`;
    case 'all': condition = undefined; break;
    case 'area': condition = v.area === null ? undefined : insideSql(t, v.area); break;
    case 'gruppierung':
      if (!('leikaKey' in t)) return sql`false`;
      condition = sql`substring(${t.leikaKey} from 3 for 3) = ANY(${sql.param([...v.leistungsgruppierungen])}::text[])`;
      break;
  }
  if (v.limit === null) return condition;
  return condition ? and(condition, insideSql(t, v.limit)) : insideSql(t, v.limit);
}

/** SQL condition for the rows a principal may read: published ones, and those whose working version it sees. */
export function visibleWhere(table: ObjectTable, v: Visibility): SQL | undefined {
  const t = table as AnyTable;
  if (v.scope === undefined) return sql`false`;
  const working = workingVisibleWhere(table, v);
  const condition = working === undefined ? undefined : sql`(${t.status} = ${PUBLISHED} OR ${working})`;
  if (v.listLimit) {
    const limit = sql`(cardinality(${t.ars}) = 0 OR ${arsOverlaps(t.ars, v.listLimit)})`;
    return condition ? and(condition, limit) : limit;
  }
  return condition;
}

/**
 * Filter by status: of the working version (the draft beside a published object, else the row)
 * where the principal sees working versions, of the row (what readers and portals know) elsewhere
 * — so that a status filter never tells who has drafts of objects one may not see as drafts.
 */
export function statusIs(table: ObjectTable, status: string, v: Visibility): SQL {
  const t = table as AnyTable;
  const row = sql`${t.status} = ${status}`;
  const workingStatus = sql`coalesce((SELECT d.status FROM ${objectDrafts} d WHERE d.object_uuid = ${t.uuid}), ${t.status}) = ${status}`;
  const working = workingVisibleWhere(table, v);
  if (working === undefined) return workingStatus;
  return sql`((${working} AND ${workingStatus}) OR (NOT ${working} AND ${row}))`;
}
