/**
 * The workspace's object lists: rows that identify themselves (a Zuständigkeit by its Leistung,
 * office or online service and Gebiet; every row by its Gebiet's name, status, last change and
 * who made it), filters (words, status, Gebiet, "mine" — a municipality's default), and pages.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Principal } from '../auth/policy';
import type { Db } from '../db/client';
import { objectsByUuids, type StoredObject } from '../db/objectStore';
import { findGebiet } from '../gebiet/repository';
import { canonicalArs } from '../gebiet/ars';
import { OBJECT_TYPES } from '../objectTypes';
import type { Lang } from '../portal/i18n';
import type { ObjectType } from '../shared/objectType';
import { objectName } from './view';

type AnyTable = any; // eslint-disable-line @typescript-eslint/no-explicit-any
export const PAGE = 50;

const typeNamed = (name: string) => OBJECT_TYPES.find((t) => t.name === name)!;

/** Extra conditions of the list's filters. */
export function listFilters(type: ObjectType, actor: Principal, query: { mine: boolean; gebiet?: string; kategorie?: string }): SQL[] {
  const t = type.table as AnyTable;
  const where: SQL[] = [];
  if (query.kategorie && type.name === 'Leistung') where.push(sql`jsonb_exists(coalesce(${t.content}->'kategorieIds', '[]'::jsonb), ${query.kategorie})`);
  if (query.mine && actor.tenantId) where.push(sql`${t.tenantId} = ${actor.tenantId}`);
  if (query.gebiet) where.push(sql`EXISTS (SELECT 1 FROM unnest(${t.ars}) a WHERE a LIKE ${`${query.gebiet}%`} OR ${query.gebiet} LIKE a || '%')`);
  return where;
}

/** The Gebiet filter as typed: a 2–12 digit key → its canonical prefix, if the Gebiet exists. */
export async function gebietFilter(db: Db, raw: unknown): Promise<{ key: string; name: string } | undefined> {
  if (typeof raw !== 'string' || !/^\d{2,12}$/.test(raw.trim())) return undefined;
  const key = canonicalArs(raw.trim().padEnd(12, '0'));
  const g = await findGebiet(db, key);
  return g ? { key, name: g.name } : undefined;
}

/** What identifies a row beyond its name: related objects' names and the Gebiete by name. */
export async function describeRows(db: Db, type: ObjectType, rows: Array<{ row: StoredObject; content: Record<string, unknown> }>, lang: Lang) {
  const ids = (key: string) => rows.map((r) => r.content[key]).filter((v): v is string => typeof v === 'string');
  const [leistungen, oes, dienste] = await Promise.all([
    objectsByUuids(db, typeNamed('Leistung').table, ids('leistungId')),
    objectsByUuids(db, typeNamed('Organisationseinheit').table, ids('organisationseinheitId')),
    objectsByUuids(db, typeNamed('Onlinedienst').table, ids('onlinedienstId')),
  ]);
  const gebietNames = new Map<string, string>();
  for (const ars of new Set(rows.flatMap((r) => r.row.ars))) {
    const g = await findGebiet(db, ars);
    if (g) gebietNames.set(ars, g.name);
  }
  const nameOf = (map: Map<string, StoredObject>, typeName: string, id: unknown) => {
    const o = typeof id === 'string' ? map.get(id) : undefined;
    return o ? objectName(typeNamed(typeName), o.content, lang) || o.xzufiId : undefined;
  };
  return rows.map(({ row, content }) => {
    const gebiete = row.ars.map((a) => gebietNames.get(a) ?? a);
    const leistung = nameOf(leistungen, 'Leistung', content.leistungId);
    const stelle = nameOf(oes, 'Organisationseinheit', content.organisationseinheitId) ?? nameOf(dienste, 'Onlinedienst', content.onlinedienstId);
    let name = objectName(type, content, lang) || row.xzufiId;
    if (type.name === 'Zustaendigkeit') name = [leistung, stelle].filter(Boolean).join(' – ') || name;
    if (type.name === 'Spezialisierung') name = leistung ?? name;
    return { name, gebiete: gebiete.length ? gebiete.join(', ') : (lang === 'en' ? 'everywhere' : 'überall') };
  });
}
