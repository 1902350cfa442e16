/**
 * Import of an XZuFi transfer message pushed by a system (command). The checks run in the order
 * the PVOG Sammlerdienst uses: well-formed → namespace and version → XSD → content rules → apply.
 * A message that fails before the content rules is refused as a whole; afterwards every object
 * is applied in its own savepoint of one transaction, so that all problems are reported at once:
 * atomic mode rolls everything back on any error, partial mode keeps the valid objects.
 * Objects are matched by (schemeAgencyID, id), so sending the same message twice changes nothing.
 */
import type { Database, Db } from '../db/client';
import { zustaendigkeiten } from '../db/schema';
import { AppError, type ErrorCode } from '../shared/errors';
import type { Actor, ServiceContext } from '../shared/objectService';
import type { MessageItem } from '../xzufi/message';
import { readMessage, type ReadMessage } from './messageReader';
import { CODECS, type Klasse } from '../xzufi/objects';
import type { SchemaProblem, SchemaValidator } from '../xzufi/schemaValidator';
import { elementPath, type Ident } from '../xzufi/spec';
import { XmlInputError, type Position } from '../xzufi/xml';
import { expandResponsibilities, IdentCache, namedIdents, orderForApply } from './importPlan';
import { applyKategorien, applyLoesche, applySchreibe, NewObjects, type Outcome } from './importApply';
import { prefetchLeika } from '../db/leikaStore';
import { xzufiIdsWithPrefix } from '../db/syndicationStore';
import { identKey, KLASSE_ORDER, KLASSE_TYPES, toRestDocument } from './mapping';

export type ImportMode = 'atomic' | 'partial';
/**
 * live: what the message holds is published at once — only where the sender may publish, after
 * the quality gate of a publish, recorded as a transition; draft: it becomes working versions
 * that go through the workflow (for senders that may edit but not publish).
 */
export type ImportTarget = 'live' | 'draft';
type CountKey = Klasse | 'Kategorie';

export interface ImportProblem {
  /** Position of the schreibe/loesche in the message (0-based); absent for message-level problems. */
  index?: number;
  klasse?: CountKey;
  id?: string;
  schemeAgencyID?: string;
  /** Element path inside the object. */
  path?: string;
  line?: number | null;
  column?: number;
  message: string;
  /** For refused objects: the error code and HTTP status the same write would get from the REST API. */
  code?: string;
  status?: number;
}

export interface ImportReport {
  status: 'applied' | 'partially_applied' | 'rejected';
  mode: ImportMode;
  target: ImportTarget;
  message: { nachrichtUUID?: string; sender?: string; produktbezeichnung?: string; objects: number };
  counts: Record<CountKey, Record<Outcome, number>>;
  warnings: ImportProblem[];
  errors: ImportProblem[];
  /** More problems were found than the report lists. */
  truncated: boolean;
  schema: string;
  durationMs: number;
}

/** The message was refused before any object was looked at (malformed, wrong version, XSD). */
export class ImportRefused extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly problems: ImportProblem[]) {
    super(message);
  }
}

export interface ImportOptions {
  mode: ImportMode;
  /** Default live. */
  target?: ImportTarget;
  actor: Actor;
  schemeAgencyId: string;
  validator: SchemaValidator;
  /** What the validator found, when the caller validated the message already (importFiles validates files in groups ahead). */
  schemaProblems?: SchemaProblem[];
  onProgress?(progress: { done: number; total: number }): void | Promise<void>;
  /** Problems listed in the report at most (all are counted). */
  maxProblems?: number;
  /** A collecting source's grant (src/sources/grant.ts): refuses an object (error) or skips it (warning) before it is applied. */
  admit?(op: 'schreibe' | 'loesche', klasse: Klasse, id: Ident): AppError | { skip: string } | undefined;
  /** Runs in the import's transaction after the objects, unless it is rolled back: what the message held and which items failed. */
  beforeCommit?(tx: Db, outcome: ImportOutcome): Promise<void>;
}

export interface ImportOutcome {
  items: Array<{ op: 'schreibe' | 'loesche'; klasse: Klasse; id: Ident; failed: boolean; skipped: boolean }>;
  /** Objects that could not be decoded (no identity known). */
  undecoded: number;
}

const ROLLBACK = Symbol('rollback');
/** Objects applied between two turns of the event loop. */
const YIELD_EVERY = 10;


function emptyCounts(): ImportReport['counts'] {
  const keys: CountKey[] = [...KLASSE_ORDER, 'Kategorie'];
  return Object.fromEntries(keys.map((k) => [k, { created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 }])) as ImportReport['counts'];
}

export async function parseMessage(xml: string | Uint8Array, validator?: SchemaValidator): Promise<ReadMessage> {
  try {
    return await readMessage(xml, validator);
  } catch (err) {
    if (err instanceof XmlInputError) {
      throw new ImportRefused(err.code as ErrorCode, err.message, [{ message: err.message, line: err.position?.line, column: err.position?.column }]);
    }
    throw err;
  }
}

/** `xml`: the message as text, or as its UTF-8 bytes (an HTTP body; decoded by the worker that reads it). */
export async function importXzufi(database: Database, xml: string | Uint8Array, opts: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  // A large message is validated where it is read (a worker), unless the caller validated it already.
  const read = await parseMessage(xml, opts.schemaProblems ? undefined : opts.validator);
  const schemaProblems = opts.schemaProblems ?? read.schemaProblems ?? await opts.validator.validate(xml);
  return importRead(database, read, { ...opts, schemaProblems }, started);
}

/**
 * The import of a message read and validated already (importXzufi without its first steps):
 * importFiles reads the next file in a worker while this one is applied. `started`: when reading
 * it began (the report's durationMs counts from there).
 */
export async function importRead(database: Database, read: ReadMessage, opts: ImportOptions & { schemaProblems: SchemaProblem[] }, started = Date.now()): Promise<ImportReport> {
  const { message, textProblems } = read;
  const expanded = expandResponsibilities(message.items, message.itemCount);
  message.items = expanded.items;
  const { schemaProblems } = opts;
  if (schemaProblems.length > 0) {
    throw new ImportRefused('xzufi_schema_invalid', `The message does not validate against the ${opts.validator.source}; nothing was imported`,
      schemaProblems.slice(0, opts.maxProblems ?? 1000).map((p) => ({ line: p.line, message: p.message })));
  }

  const report: ImportReport = {
    status: 'applied',
    mode: opts.mode,
    target: opts.target ?? 'live',
    message: { nachrichtUUID: message.kopf.nachrichtUUID, sender: message.kopf.sender, produktbezeichnung: message.produkt.produktbezeichnung, objects: message.itemCount },
    counts: emptyCounts(),
    warnings: [],
    errors: [],
    truncated: false,
    schema: opts.validator.source,
    durationMs: 0,
  };
  const max = opts.maxProblems ?? 1000;
  const add = (list: ImportProblem[], p: ImportProblem) => {
    if (report.errors.length + report.warnings.length < max) list.push(p);
    else report.truncated = true;
  };
  const failedIndexes = new Set<number>();
  const skippedIndexes = new Set<number>();
  const describe = (item: { index: number; position: Position }, object?: { klasse: CountKey; id: Ident }) => ({
    index: item.index, line: item.position.line, column: item.position.column,
    ...(object ? { klasse: object.klasse, id: object.id.id, schemeAgencyID: object.id.schemeAgencyID } : {}),
  });

  for (const { item, message: text } of expanded.notes) {
    const o = item.op === 'schreibe' ? item.object : item.loesche;
    add(report.warnings, { index: item.index, line: item.position.line, column: item.position.column, klasse: o.klasse, id: o.id.id, schemeAgencyID: o.id.schemeAgencyID, message: text });
  }
  // Problems found while reading the message.
  for (const p of message.problems) {
    const item = message.items.find((i) => i.index === p.index);
    const object = item?.op === 'schreibe' ? item.object : item?.op === 'loesche' ? item.loesche : undefined;
    const entry = { ...(p.index >= 0 ? { index: p.index } : {}), line: p.position?.line, column: p.position?.column, ...(object ? { klasse: object.klasse, id: object.id.id, schemeAgencyID: object.id.schemeAgencyID } : {}), path: p.path, message: p.message };
    if (p.severity === 'error') {
      add(report.errors, entry);
      if (p.index >= 0) failedIndexes.add(p.index);
    } else add(report.warnings, entry);
  }
  // Objects that failed to decode entirely count as failed of an unknown class.
  const undecoded = new Set(message.problems.filter((p) => p.severity === 'error' && p.index >= 0 && !message.items.some((i) => i.index === p.index)).map((p) => p.index));

  // Content rules of the PVOG and the uniqueness of objects within the message.
  const written = new Map<string, number>();
  const textProblemsOf = new Map(textProblems.map((t) => [t.index, t.problems]));
  for (const item of message.items) {
    const target = item.op === 'schreibe' ? item.object : item.loesche;
    const admission = opts.admit?.(item.op, target.klasse, target.id);
    if (admission instanceof AppError) {
      add(report.errors, { ...describe(item, target), path: '/id', message: admission.message, code: admission.code, status: admission.status });
      failedIndexes.add(item.index);
    } else if (admission) {
      add(report.warnings, { ...describe(item, target), message: admission.skip });
      skippedIndexes.add(item.index);
    }
    if (item.op === 'schreibe') {
      const codec = CODECS[item.object.klasse];
      for (const p of textProblemsOf.get(item.index) ?? []) {
        add(p.severity === 'error' ? report.errors : report.warnings, { ...describe(item, item.object), path: elementPath(codec.spec, p.path), message: p.message });
        if (p.severity === 'error') failedIndexes.add(item.index);
      }
      const key = `${item.object.klasse}\u0000${identKey(item.object.id)}`;
      if (written.has(key)) {
        add(report.errors, { ...describe(item, item.object), path: '/id', message: `the same object is written twice in this message (first at position ${written.get(key)! + 1})` });
        failedIndexes.add(item.index);
      } else written.set(key, item.index);
    }
  }
  for (const item of message.items) {
    if (item.op === 'loesche' && written.has(`${item.loesche.klasse}\u0000${identKey(item.loesche.id)}`)) {
      add(report.errors, { ...describe(item, item.loesche), message: 'the object is written and deleted in the same message' });
      failedIndexes.add(item.index);
    }
  }

  // Leistungen that a Zuständigkeit or an Onlinedienst of this message names (the quality gate
  // asks for someone responsible; those objects are applied after the Leistungen).
  const responsible = new Set<string>();
  for (const item of message.items) {
    if (item.op !== 'schreibe' || failedIndexes.has(item.index)) continue;
    const c = item.object.content;
    for (const l of [c.leistungId, ...((c.leistungIds as unknown[] | undefined) ?? [])]) if (l && typeof l === 'object') responsible.add(identKey(l as Ident));
  }

  let ordered = orderForApply(message.items);
  let total = ordered.length;
  let done = 0;
  const refuse = (item: MessageItem, target: { klasse: Klasse; id: Ident }, err: AppError) => {
    report.counts[target.klasse].failed++;
    failedIndexes.add(item.index);
    const spec = CODECS[target.klasse].spec;
    const details = err.details.length > 0 ? err.details : [{ path: '/', message: err.message }];
    for (const d of details) {
      const text = err.code === 'validation_failed' || err.details.length === 0 ? d.message : `${err.message}: ${d.message}`;
      add(report.errors, { ...describe(item, target), path: d.path.startsWith('/') ? elementPath(spec, d.path) : d.path, message: text, code: err.code, status: err.status });
    }
  };
  try {
    await database.db.transaction(async (tx) => {
      // A `schreibe` is the sender's published state: it goes live where the sender may publish
      // (see ImportTarget); a sender that may only edit sends it as drafts.
      // An office that lists its responsibilities itself no longer has those it leaves out.
      let nextIndex = Math.max(message.itemCount, ...message.items.map((i) => i.index + 1));
      for (const oe of expanded.offices) {
        const listed = new Set(message.items.filter((i) => i.op === 'schreibe' && i.object.klasse === 'Zustaendigkeit').map((i) => (i as Extract<MessageItem, { op: 'schreibe' }>).object.id.id));
        for (const stale of await xzufiIdsWithPrefix(tx, zustaendigkeiten, oe.schemeAgencyID, [`${oe.id}#`])) {
          if (listed.has(stale) || opts.admit?.('loesche', 'Zustaendigkeit', { schemeAgencyID: oe.schemeAgencyID, id: stale })) continue;
          const office = message.items.find((i) => i.op === 'schreibe' && i.object.klasse === 'Organisationseinheit' && identKey(i.object.id) === identKey(oe))!;
          message.items.push({ op: 'loesche', index: nextIndex++, position: office.position, loesche: { klasse: 'Zustaendigkeit', id: { schemeAgencyID: oe.schemeAgencyID, id: stale } } });
        }
      }
      ordered = orderForApply(message.items);
      total = ordered.length;
      const cache = new IdentCache(tx);
      const live = (opts.target ?? 'live') === 'live';
      const ctx: ServiceContext & { tx: Db } = {
        database, tx, schemeAgencyId: opts.schemeAgencyId, actor: opts.actor, live,
        publication: live ? {
          comment: `Veröffentlicht durch Import (Nachricht ${message.kopf.nachrichtUUID ?? 'ohne nachrichtUUID'})`,
          textRulesChecked: true,
          responsibleInMessage: (uuid) => responsible.has(cache.keyOf(uuid) ?? ''),
        } : undefined,
      };
      for (const [table, idents] of namedIdents(message.items)) await cache.load(table, idents);
      // The quality gate looks up the LeiKa keys of every Leistung it publishes: all of them at once.
      if (live) await prefetchLeika(tx, message.items.flatMap((i) => (i.op === 'schreibe' && i.object.klasse === 'Leistung' ? ((i.object.content.referenzLeiKa as unknown[] | undefined) ?? []).filter((k): k is string => typeof k === 'string') : [])));
      const kategorieDone = new Set<string>();
      // New objects of a bulkCreate type wait here and are written together (see createObjects).
      const batch = new NewObjects(ctx, cache, refuse, report);
      for (const item of ordered) {
        const target = item.op === 'schreibe' ? item.object : item.loesche;
        if (failedIndexes.has(item.index)) {
          report.counts[target.klasse].failed++;
        } else if (skippedIndexes.has(item.index)) {
          report.counts[target.klasse].unchanged++;
        } else {
          try {
            if (item.op === 'schreibe') {
              const kategorieIds = await applyKategorien(ctx, cache, item.object, kategorieDone, report);
              const { body, problems } = await toRestDocument(tx, item.object, kategorieIds, cache.lookup);
              if (problems.length > 0) throw new AppError('validation_failed', 'A reference cannot be resolved', problems);
              const type = KLASSE_TYPES[item.object.klasse];
              if (type.bulkCreate && !(await cache.get(type.table, item.object.id))) {
                await batch.add(item, type, body);
              } else {
                await batch.flush();
                report.counts[target.klasse][await applySchreibe(ctx, cache, item.object, body)]++;
              }
            } else {
              await batch.flush();
              report.counts[target.klasse][await applyLoesche(ctx, cache, item.loesche.klasse, item.loesche.id, () => add(report.warnings, { ...describe(item, item.loesche), message: 'not present; nothing to delete' }))]++;
            }
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            refuse(item, target, err);
          }
        }
        done++;
        if (opts.onProgress && (done % 100 === 0 || done === total)) await opts.onProgress({ done, total });
        // PGlite answers in microtasks: without a turn of the event loop now and then, a whole
        // message would keep every other request waiting (a server's queries yield by themselves).
        if (done % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await batch.flush();
      if (opts.mode === 'atomic' && failedIndexes.size + undecoded.size > 0) throw ROLLBACK;
      if (opts.beforeCommit) {
        await opts.beforeCommit(tx, {
          undecoded: undecoded.size,
          items: message.items.map((i) => {
            const target = i.op === 'schreibe' ? i.object : i.loesche;
            return { op: i.op, klasse: target.klasse, id: target.id, failed: failedIndexes.has(i.index), skipped: skippedIndexes.has(i.index) };
          }),
        });
      }
    });
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }

  // In message order (new objects are written in batches, so their problems surface later); problems of the message itself first.
  const byIndex = (a: ImportProblem, b: ImportProblem) => (a.index ?? -1) - (b.index ?? -1);
  report.errors.sort(byIndex);
  report.warnings.sort(byIndex);
  const anyFailed = failedIndexes.size + undecoded.size > 0;
  if (opts.mode === 'atomic' && anyFailed) {
    report.status = 'rejected';
    for (const c of Object.values(report.counts)) c.created = c.updated = c.unchanged = c.deleted = 0;
  } else if (anyFailed) {
    report.status = 'partially_applied';
  }
  report.durationMs = Date.now() - started;
  return report;
}

