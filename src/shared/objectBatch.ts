/**
 * Many new objects of one type at once (imports): the same checks as createObject
 * (objectService.ts) for each, one write for all of them.
 */
import { insertAudits } from '../db/accessStore';
import type { Db } from '../db/client';
import { insertObjects, pgError, PUBLISHED, type ObjectWrite, type StoredObject } from '../db/objectStore';
import { insertVersionsOfRows } from '../db/versionStore';
import { insertTransitions } from '../db/draftStore';
import { AppError } from './errors';
import { assertPublishable, auditEntry, authorize, authorizeEver, createObject, publicationTransition, requireTerritory, factsOfContent, parseBody, runChecks, toWrite, type ServiceContext } from './objectService';
import type { Content, ObjectType } from './objectType';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Creates many new objects of one type (bulkCreate types) in the caller's transaction: each is
 * checked as createObject checks it, and those that pass are written together — rows, link
 * tables, versions and audit entries one statement each. If the database refuses the batch (a
 * duplicate the checks cannot see), the objects are written one by one instead, so that each
 * gets its own answer. Results in the order given: the stored object or the AppError that
 * refused it. `timing.writeMs`: how long the INSERT of the rows took.
 */
export async function createObjects<C extends Content>(ctx: ServiceContext & { tx: Db }, type: ObjectType<C>, items: Array<{ uuid: string; body: unknown }>, known?: ReadonlySet<string>, timing?: { writeMs: number }): Promise<Array<StoredObject | AppError>> {
  const results: Array<StoredObject | AppError> = new Array(items.length);
  const planned: Array<{ index: number; write: ObjectWrite; content: C }> = [];
  for (const [index, item] of items.entries()) {
    try {
      authorizeEver(ctx.actor, 'create', type);
      const { content, xzufiId, schemeAgencyID } = parseBody(type, item.body);
      requireTerritory(ctx.actor, 'create', type, content);
      authorize(ctx.actor, 'create', type, factsOfContent(type, content, ctx.actor.tenantId, true));
      await runChecks(type, ctx.tx, content, undefined, known);
      if (ctx.live && ctx.publication) await assertPublishable(ctx.tx, ctx, type, undefined, content, item.uuid);
      const ids = { uuid: item.uuid, xzufiId: xzufiId ?? item.uuid, schemeAgencyId: schemeAgencyID ?? ctx.schemeAgencyId, tenantId: ctx.actor.tenantId };
      planned.push({ index, content, write: toWrite(type, ctx, content, ids, ctx.live ? PUBLISHED : 'entwurf') });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results[index] = err;
    }
    // The checks of a batch are long; on PGlite (answers in microtasks) other requests get a turn between them.
    if (index % 10 === 9) await turn();
  }
  if (planned.length === 0) return results;
  try {
    const rows = await ctx.tx.transaction(async (tx) => {
      const writeStarted = performance.now();
      const written = await insertObjects(tx, type.table, planned.map((p) => p.write), { sentContent: true });
      if (timing) timing.writeMs = performance.now() - writeStarted;
      // On PGlite each statement holds the event loop (answers come in microtasks): others get a turn between them.
      await turn();
      if (type.bulkCreate?.afterCreate) await type.bulkCreate.afterCreate(tx, written.map((r, n) => ({ uuid: r.uuid, content: planned[n]!.content })));
      else if (type.afterWrite) for (const [n, r] of written.entries()) await type.afterWrite(tx, r.uuid, planned[n]!.content);
      await insertVersionsOfRows(tx, type.table, written.map((r) => r.uuid), ctx.comment);
      await turn();
      await insertAudits(tx, written.map((r) => auditEntry(ctx, type, 'create', r, null, r.version)));
      if (ctx.live && ctx.publication) await insertTransitions(tx, written.map((r) => publicationTransition(ctx, type, r.uuid, r.version, 'entwurf')));
      return written;
    });
    rows.forEach((row, n) => { results[planned[n]!.index] = row; });
  } catch (err) {
    if (!pgError(err)) throw err;
    for (const p of planned) {
      try {
        results[p.index] = await createObject(ctx, type, items[p.index]!.body, { uuid: items[p.index]!.uuid, known });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        results[p.index] = e;
      }
    }
  }
  return results;
}
