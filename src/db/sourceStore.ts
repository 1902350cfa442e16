/** Sources, their runs, files and the objects they wrote (src/sources). */
import { and, count, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from './client';
import { rowsOf } from './objectStore';
import { sourceFiles, sourceObjects, sourceRuns, sources, type RunStats, type RunStatus } from './schema';

export type SourceRow = typeof sources.$inferSelect;
export type NewSource = typeof sources.$inferInsert;
export type RunRow = typeof sourceRuns.$inferSelect;
export interface SourceIdentity { klasse: string; schemeAgencyId: string; xzufiId: string }

export async function insertSource(db: Db, row: NewSource): Promise<void> {
  await db.insert(sources).values(row);
}

export async function updateSource(db: Db, id: string, set: Partial<NewSource>): Promise<void> {
  await db.update(sources).set({ ...set, changedAt: sql`now()` }).where(eq(sources.id, id));
}

export async function deleteSource(db: Db, id: string): Promise<boolean> {
  return (await db.delete(sources).where(eq(sources.id, id)).returning({ id: sources.id })).length > 0;
}

export async function findSource(db: Db, id: string): Promise<SourceRow | undefined> {
  return (await db.select().from(sources).where(eq(sources.id, id)))[0];
}

export async function findSourceByName(db: Db, name: string): Promise<SourceRow | undefined> {
  return (await db.select().from(sources).where(eq(sources.name, name)))[0];
}

export async function listSources(db: Db): Promise<SourceRow[]> {
  return db.select().from(sources).orderBy(sources.name);
}

/** Takes (or renews) the source's run lease for `by`; false while another holds a live one. */
export async function claimSourceRun(db: Db, id: string, by: string, leaseMs: number): Promise<boolean> {
  const rows = await db.update(sources).set({ runBy: by, runUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
    .where(and(eq(sources.id, id), or(isNull(sources.runUntil), sql`${sources.runUntil} < now()`, eq(sources.runBy, by)))).returning({ id: sources.id });
  return rows.length > 0;
}

export async function releaseSourceRun(db: Db, id: string, by: string): Promise<void> {
  await db.update(sources).set({ runBy: null, runUntil: null }).where(and(eq(sources.id, id), eq(sources.runBy, by)));
}

export async function insertRun(db: Db, row: typeof sourceRuns.$inferInsert): Promise<void> {
  await db.insert(sourceRuns).values(row);
}

export async function updateRun(db: Db, id: string, set: Partial<typeof sourceRuns.$inferInsert>): Promise<void> {
  await db.update(sourceRuns).set(set).where(eq(sourceRuns.id, id));
}

export async function findRun(db: Db, sourceId: string, id: string): Promise<RunRow | undefined> {
  return (await db.select().from(sourceRuns).where(and(eq(sourceRuns.sourceId, sourceId), eq(sourceRuns.id, id))))[0];
}

export async function listRuns(db: Db, sourceId: string, limit: number): Promise<RunRow[]> {
  return db.select().from(sourceRuns).where(eq(sourceRuns.sourceId, sourceId)).orderBy(desc(sourceRuns.startedAt)).limit(limit);
}

/** Runs of a source in these states (a run left `running` by a stopped instance; held runs a newer run supersedes). */
export async function runsInState(db: Db, sourceId: string, statuses: RunStatus[]): Promise<RunRow[]> {
  return db.select().from(sourceRuns).where(and(eq(sourceRuns.sourceId, sourceId), inArray(sourceRuns.status, statuses)));
}

/** The newest run of every source (list pages, dashboard, metrics). */
export async function latestRuns(db: Db): Promise<RunRow[]> {
  return rowsOf<Record<string, unknown>>(await db.execute(sql`
    SELECT DISTINCT ON (source_id) id, source_id, status, trigger, started_at, finished_at, stats, report, decided_by, decided_at
    FROM source_runs ORDER BY source_id, started_at DESC`)).map((r) => ({
    id: String(r.id), sourceId: String(r.source_id), status: r.status as RunStatus, trigger: String(r.trigger),
    startedAt: new Date(r.started_at as string), finishedAt: r.finished_at ? new Date(r.finished_at as string) : null,
    stats: r.stats as RunStats, report: r.report as Record<string, unknown>,
    decidedBy: (r.decided_by as string | null) ?? null, decidedAt: r.decided_at ? new Date(r.decided_at as string) : null,
  }));
}

/** Per source: runs by status and the end of the last successful one (Prometheus). */
export async function runStatistics(db: Db): Promise<Array<{ sourceId: string; status: string; runs: number; lastFinished: Date | null }>> {
  const rows = await db.select({ sourceId: sourceRuns.sourceId, status: sourceRuns.status, runs: count(), lastFinished: sql<string | null>`max(${sourceRuns.finishedAt})` })
    .from(sourceRuns).groupBy(sourceRuns.sourceId, sourceRuns.status);
  return rows.map((r) => ({ sourceId: r.sourceId, status: r.status, runs: Number(r.runs), lastFinished: r.lastFinished ? new Date(r.lastFinished) : null }));
}

export async function fileStates(db: Db, sourceId: string): Promise<Map<string, { etag: string | null; lastModified: string | null }>> {
  const rows = await db.select().from(sourceFiles).where(eq(sourceFiles.sourceId, sourceId));
  return new Map(rows.map((r) => [r.path, { etag: r.etag, lastModified: r.lastModified }]));
}

/** What a file answered last; null validators: fetch it whole next time (it did not apply cleanly). */
export async function saveFileState(db: Db, sourceId: string, path: string, etag: string | null, lastModified: string | null): Promise<void> {
  await db.insert(sourceFiles).values({ sourceId, path, etag, lastModified })
    .onConflictDoUpdate({ target: [sourceFiles.sourceId, sourceFiles.path], set: { etag, lastModified, fetchedAt: sql`now()` } });
}

export async function forgetFiles(db: Db, sourceId: string, keep: string[]): Promise<void> {
  const rows = await db.select({ path: sourceFiles.path }).from(sourceFiles).where(eq(sourceFiles.sourceId, sourceId));
  const gone = rows.map((r) => r.path).filter((p) => !keep.includes(p));
  if (gone.length > 0) await db.delete(sourceFiles).where(and(eq(sourceFiles.sourceId, sourceId), inArray(sourceFiles.path, gone)));
}

/** Every identity of this source, for the checks of a run. */
export async function sourceIdentities(db: Db, sourceId: string): Promise<SourceIdentity[]> {
  return db.select({ klasse: sourceObjects.klasse, schemeAgencyId: sourceObjects.schemeAgencyId, xzufiId: sourceObjects.xzufiId })
    .from(sourceObjects).where(eq(sourceObjects.sourceId, sourceId));
}

export async function countSourceObjects(db: Db, sourceId: string): Promise<number> {
  return Number((await db.select({ n: count() }).from(sourceObjects).where(eq(sourceObjects.sourceId, sourceId)))[0]!.n);
}

const BATCH = 1000;

/** The source wrote these objects (in `file`, during `run`). */
export async function recordObjects(db: Db, sourceId: string, run: string, file: string | null, ids: SourceIdentity[]): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    await db.insert(sourceObjects).values(ids.slice(i, i + BATCH).map((o) => ({ sourceId, ...o, file, seenRun: run })))
      .onConflictDoUpdate({ target: [sourceObjects.sourceId, sourceObjects.klasse, sourceObjects.schemeAgencyId, sourceObjects.xzufiId], set: { file: sql`excluded.file`, seenRun: run } });
  }
}

/** Objects the source still lists although they failed this time: not candidates for deletion. */
export async function markSeen(db: Db, sourceId: string, run: string, ids: SourceIdentity[]): Promise<void> {
  for (let i = 0; i < ids.length; i += BATCH) {
    const part = ids.slice(i, i + BATCH);
    await db.update(sourceObjects).set({ seenRun: run }).where(and(eq(sourceObjects.sourceId, sourceId), or(...part.map((o) => and(eq(sourceObjects.klasse, o.klasse), eq(sourceObjects.schemeAgencyId, o.schemeAgencyId), eq(sourceObjects.xzufiId, o.xzufiId))))));
  }
}

/** The objects a file held when it was read last (the file is unchanged, or could not be read now). */
export async function markFileSeen(db: Db, sourceId: string, run: string, file: string): Promise<void> {
  await db.update(sourceObjects).set({ seenRun: run }).where(and(eq(sourceObjects.sourceId, sourceId), eq(sourceObjects.file, file)));
}

export async function forgetObjects(db: Db, sourceId: string, ids: SourceIdentity[]): Promise<void> {
  for (const o of ids) {
    await db.delete(sourceObjects).where(and(eq(sourceObjects.sourceId, sourceId), eq(sourceObjects.klasse, o.klasse), eq(sourceObjects.schemeAgencyId, o.schemeAgencyId), eq(sourceObjects.xzufiId, o.xzufiId)));
  }
}

/**
 * Objects of the source its complete state no longer holds: not seen in `run`, and not held by
 * another source either (that source still vouches for them).
 */
export async function unseenObjects(db: Db, sourceId: string, run: string): Promise<SourceIdentity[]> {
  return rowsOf<{ klasse: string; scheme_agency_id: string; xzufi_id: string }>(await db.execute(sql`
    SELECT o.klasse, o.scheme_agency_id, o.xzufi_id FROM source_objects o
    WHERE o.source_id = ${sourceId} AND o.seen_run IS DISTINCT FROM ${run}
      AND NOT EXISTS (SELECT 1 FROM source_objects x WHERE x.source_id <> o.source_id AND x.klasse = o.klasse AND x.scheme_agency_id = o.scheme_agency_id AND x.xzufi_id = o.xzufi_id)
    ORDER BY o.klasse, o.scheme_agency_id, o.xzufi_id`)).map((r) => ({ klasse: r.klasse, schemeAgencyId: r.scheme_agency_id, xzufiId: r.xzufi_id }));
}

/** Of these candidates of a held run, those still recorded and still not listed (the run is the source's newest). */
export async function stillUnseen(db: Db, sourceId: string, heldRun: string, ids: SourceIdentity[]): Promise<SourceIdentity[]> {
  const rows = await db.select().from(sourceObjects).where(and(eq(sourceObjects.sourceId, sourceId), or(isNull(sourceObjects.seenRun), ne(sourceObjects.seenRun, heldRun))));
  const keys = new Set(rows.map((r) => `${r.klasse}\u0000${r.schemeAgencyId}\u0000${r.xzufiId}`));
  return ids.filter((o) => keys.has(`${o.klasse}\u0000${o.schemeAgencyId}\u0000${o.xzufiId}`));
}
