/** Referential checks shared by the object types: every referenced id and ARS must exist. */
import { existingUuids } from '../db/objectStore';
import type { Db } from '../db/client';
import type { ObjectTable } from '../db/schema';
import { existingArs } from '../gebiet/repository';
import type { ErrorDetail } from './errors';

export interface Ref { path: string; value: string }

export async function missingObjects(db: Db, table: ObjectTable, label: string, refs: Ref[]): Promise<ErrorDetail[]> {
  if (refs.length === 0) return [];
  const found = await existingUuids(db, table, refs.map((r) => r.value));
  return refs.filter((r) => !found.has(r.value)).map((r) => ({ path: r.path, message: `${label} ${r.value} does not exist` }));
}

export async function unknownGebiete(db: Db, refs: Ref[]): Promise<ErrorDetail[]> {
  if (refs.length === 0) return [];
  const found = await existingArs(db, refs.map((r) => r.value));
  return refs.filter((r) => !found.has(r.value)).map((r) => ({ path: r.path, message: `ARS ${r.value} is not a known Gebiet` }));
}

export const refsOf = (base: string, values: string[] | undefined): Ref[] => (values ?? []).map((value, i) => ({ path: `${base}/${i}`, value }));

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const isUuid = (value: string) => new RegExp(UUID_PATTERN).test(value);
