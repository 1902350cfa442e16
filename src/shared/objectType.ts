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
  /** Objects known to exist in this transaction (an import's resolved references): no need to look them up. */
  known?: ReadonlySet<string>;
}

export type Content = Record<string, unknown>;

export interface ObjectType<C extends Content = Content> {
  /** XZuFi name, singular (`Leistung`). */
  name: string;
  /** URL segment (`leistungen`). */
  path: string;
  schemaFile: string;
  table: ObjectTable;
  /** Brings a body in an older accepted shape into the current one, before the JSON Schema sees it. */
  normalize?(doc: Record<string, unknown>): void;
  /** Fills derived or defaulted fields before the domain checks (runs inside the transaction). */
  prepare?(ctx: WriteContext, content: C): Promise<void>;
  /** Domain rules beyond the JSON Schema; may read the database. Every problem is returned. */
  check(ctx: WriteContext, content: C): Promise<ErrorDetail[]>;
  /** Values of the type's own table columns; `own`: the object carries this installation's schemeAgencyID. */
  columns(content: C, meta?: { own: boolean }): Record<string, unknown>;
  /** The 12-digit ARS the object applies to (stored in canonical form for prefix filters). */
  ars(content: C): string[];
  /**
   * Where the territory is entered (JSON pointer), for the message when a principal with an area
   * sends none; absent for types without territory (Kategorie).
   */
  territoryPath?: string;
  /** Gives an object without territory the territory of its author's area (offices: their addresses). */
  assignTerritory?(content: C, ars: string): void;
  /** Text of the German search vector; absent where the database computes the vector itself (Leistung, migration 0011). */
  searchText?(content: C): string;
  /** Keeps link tables in step after the object row was written. */
  afterWrite?(db: Db, uuid: string, content: C): Promise<void>;
  /**
   * Many new objects of this type may be written at once (imports, see createObjects): no check
   * depends on other new objects of the same type except through references, and those are
   * written before the objects naming them. `afterCreate` fills the link tables for all of them
   * (instead of afterWrite for each).
   */
  bulkCreate?: { afterCreate?(db: Db, rows: Array<{ uuid: string; content: C }>): Promise<void> };
  /** After a replace that changed the object (same transaction): e.g. tell those who depend on it. */
  afterChange?(db: Db, before: StoredObject, after: StoredObject): Promise<void>;
  /**
   * Unique constraints of the type's table → the field a duplicate is reported on (409), and
   * who holds the value already (named in the answer, so the editor can open it).
   */
  uniqueConstraints?: Record<string, { path: string; message: string; holder?(db: Db, content: C, schemeAgencyId: string): Promise<{ uuid: string; name: string } | undefined> }>;
  /** Type-specific list filters by query parameter name (values already trimmed, non-empty). */
  filters?: Record<string, { description: string; pattern?: string; where(value: string): SQL }>;
}
