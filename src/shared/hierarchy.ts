/** Parent links of hierarchical objects (Organisationseinheit, Kategorie): the parent exists and no cycle arises. */
import type { Db } from '../db/client';
import { ancestorUuids, getObject } from '../db/objectStore';
import type { ObjectTable } from '../db/schema';
import type { ErrorDetail } from './errors';

/** `known`: objects the writer knows to exist (not looked up); a new object (no selfId) cannot close a cycle. */
export async function parentProblems(db: Db, table: ObjectTable, label: string, path: string, parentId: string | null | undefined, selfId?: string, known?: ReadonlySet<string>): Promise<ErrorDetail[]> {
  if (!parentId) return [];
  if (parentId === selfId) return [{ path, message: `a ${label} cannot be its own parent` }];
  if (!known?.has(parentId) && !(await getObject(db, table, parentId))) return [{ path, message: `${label} ${parentId} does not exist` }];
  if (selfId && (await ancestorUuids(db, table, parentId)).includes(selfId)) {
    return [{ path, message: `${label} ${parentId} is below this ${label}; the hierarchy would form a cycle` }];
  }
  return [];
}
