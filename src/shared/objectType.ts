/**
 * What the generic object service needs to know about one XZuFi object type. Each type's folder
 * exports one of these with its own rules; storage, versions, errors and routes are shared.
 */
import type { SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { StoredObject } from '../db/objectStore';
import type { ObjectTable } from '../db/schema';
import type { ErrorDetail } from './errors';

export interface WriteContext {
  db: Db;
  /** The stored object when replacing, undefined when creating. */
  existing?: StoredObject;
}

export type Content = Record<string, unknown>;

export interface ObjectType<C extends Content = Content> {
  /** XZuFi name, singular (`Leistung`). */
  name: string;
  /** URL segment (`leistungen`). */
  path: string;
  schemaFile: string;
  table: ObjectTable;
  /** Fills derived or defaulted fields before the domain checks (runs inside the transaction). */
  prepare?(ctx: WriteContext, content: C): Promise<void>;
  /** Domain rules beyond the JSON Schema; may read the database. Every problem is returned. */
  check(ctx: WriteContext, content: C): Promise<ErrorDetail[]>;
  /** Values of the type's own table columns. */
  columns(content: C): Record<string, unknown>;
  /** The 12-digit ARS the object applies to (stored in canonical form for prefix filters). */
  ars(content: C): string[];
  searchText(content: C): string;
  /** Keeps link tables in step after the object row was written. */
  afterWrite?(db: Db, uuid: string, content: C): Promise<void>;
  /** After a replace that changed the object (same transaction): e.g. tell those who depend on it. */
  afterChange?(db: Db, before: StoredObject, after: StoredObject): Promise<void>;
  /** Unique constraints of the type's table → the field a duplicate is reported on (409). */
  uniqueConstraints?: Record<string, { path: string; message: string }>;
  /** Type-specific list filters by query parameter name (values already trimmed, non-empty). */
  filters?: Record<string, { description: string; pattern?: string; where(value: string): SQL }>;
}
