/** Referential checks shared by the object types: every referenced id and ARS must exist. */
import { existingUuids } from '../db/objectStore';
import type { Db } from '../db/client';
import type { ObjectTable } from '../db/schema';
import { existingArs } from '../gebiet/repository';
import type { ErrorDetail } from './errors';
import type { WriteContext } from './objectType';

export interface Ref { path: string; value: string }

/** References to objects that do not exist; those the writer knows to exist (ctx.known) are not looked up. */
export async function missingObjects(ctx: WriteContext, table: ObjectTable, label: string, all: Ref[]): Promise<ErrorDetail[]> {
  const refs = ctx.known ? all.filter((r) => !ctx.known!.has(r.value)) : all;
  if (refs.length === 0) return [];
  const found = await existingUuids(ctx.db, table, refs.map((r) => r.value));
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
