/**
 * What portals pull: the full published state as stable transfer files listed in index.txt
 * (PVOG Sammlerdienst), and the delta feed of changes since a cursor. Files are produced in
 * batches, so memory stays bounded however many objects there are.
 */
import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { PUBLISHED } from '../db/objectStore';
import {
  changesSince, chunkRowTexts, chunkSummaries, syndicationRowsByUuid, tableByName,
  type ChangePosition, type ChunkSummary,
} from '../db/syndicationStore';
import type { ReferencedTable } from '../db/syndicationRow';
import { encodeLoesche, encodeSchreibe, messageHead, messageTail, type Loesche, type Produkt } from '../xzufi/message';
import type { Klasse, XzufiObject } from '../xzufi/objects';
import { elementOf, KLASSE_ORDER, KLASSE_TYPES, klasseOfTable, ReferenceIdents, resolveReferences, toXzufiObjects } from './mapping';
import { encodeBatch, type ResolvedReferences } from './toXzufi';

/**
 * Objects per transfer file, by class: chosen so that a file of full Leistungen stays below
 * 10 MB (a long Leistung is ~30 kB of XML). Changing a width renames files, which is harmless:
 * every pull reads the whole index.
 */
export const CHUNK_WIDTH: Record<Klasse, number> = {
  Leistung: 250,
  LeistungSpezialisierung: 500,
  Organisationseinheit: 1000,
  Onlinedienst: 1000,
  Zustaendigkeit: 2000,
};

/** Bumped when the XML this code writes changes, so that caches of old files are not reused. */
const FORMAT_VERSION = 1;

export interface ExportFile {
  name: string;
  klasse: Klasse;
  chunk: number;
  count: number;
  etag: string;
  lastModified: Date;
}

function fileOf(klasse: Klasse, s: ChunkSummary, arsPrefix: string | undefined, produkt: Produkt): ExportFile {
  const fingerprint = [FORMAT_VERSION, produkt.produktversion, klasse, s.chunk, s.count, s.lastChange, arsPrefix ?? ''].join('|');
  return {
    name: `${elementOf(klasse)}-${String(s.chunk).padStart(5, '0')}.xml`,
    klasse,
    chunk: s.chunk,
    count: s.count,
    etag: `"${createHash('sha256').update(fingerprint).digest('base64url').slice(0, 27)}"`,
    lastModified: s.lastChangedAt,
  };
}

/** Every file of the published state (of one area), in reference order. */
export async function listExportFiles(db: Db, produkt: Produkt, arsPrefix?: string): Promise<ExportFile[]> {
  const files: ExportFile[] = [];
  for (const klasse of KLASSE_ORDER) {
    const summaries = await chunkSummaries(db, KLASSE_TYPES[klasse].table, CHUNK_WIDTH[klasse], arsPrefix);
    files.push(...summaries.map((s) => fileOf(klasse, s, arsPrefix, produkt)));
  }
  return files;
}

const FILE_NAME = /^([A-Za-z]+)-(\d{5})\.xml$/;

/** The file of that name, or undefined when the name is unknown or the chunk is empty. */
export async function findExportFile(db: Db, produkt: Produkt, name: string, arsPrefix?: string): Promise<ExportFile | undefined> {
  const match = FILE_NAME.exec(name);
  if (!match) return undefined;
  const klasse = KLASSE_ORDER.find((k) => elementOf(k) === match[1]);
  if (!klasse) return undefined;
  const chunk = Number(match[2]);
  const summary = (await chunkSummaries(db, KLASSE_TYPES[klasse].table, CHUNK_WIDTH[klasse], arsPrefix, chunk))[0];
  return summary ? fileOf(klasse, summary, arsPrefix, produkt) : undefined;
}

/** A deterministic message id: the same file content always carries the same head. */
function messageId(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The head of a transfer file: the same content always carries the same head. */
export function exportFileHead(file: ExportFile, produkt: Produkt, sender: string): string {
  return messageHead(produkt, { nachrichtUUID: messageId(file.etag), erstelltDatumZeit: file.lastModified.toISOString(), sender });
}

export interface FileRowsOptions {
  arsPrefix?: string;
  /** Identities already looked up (may be shared by the files of one export). */
  refs?: ReferenceIdents;
  /**
   * The reader has every identity (identityTable, as a directory export sends its worker): only
   * Kategorien are resolved, `refs.idents` stays empty.
   */
  kategorienOnly?: boolean;
}

const KATEGORIEN: readonly ReferencedTable[] = ['kategorien'];

export interface FileRows {
  /** The rows as one JSON text (syndicationRow.ts), for encodeBatch. */
  json: string;
  count: number;
  refs: ResolvedReferences;
}

/**
 * A transfer file's objects with what they reference resolved: one query, since a chunk's range
 * of insertion numbers holds at most its width of rows (and a file stays below 10 MB).
 */
export async function exportFileRows(db: Db, file: ExportFile, opts: FileRowsOptions = {}): Promise<FileRows> {
  const width = CHUNK_WIDTH[file.klasse];
  const rows = await chunkRowTexts(db, KLASSE_TYPES[file.klasse].table, {
    chunk: file.chunk, width, arsPrefix: opts.arsPrefix, ...(opts.kategorienOnly ? { references: KATEGORIEN } : {}),
  });
  return { json: rows.json, count: rows.count, refs: await resolveReferences(db, rows.references, opts.refs) };
}

/** The transfer file as text pieces (head, the objects, tail). */
export async function* renderExportFile(db: Db, file: ExportFile, produkt: Produkt, sender: string, arsPrefix?: string): AsyncGenerator<string> {
  yield exportFileHead(file, produkt, sender);
  const rows = await exportFileRows(db, file, { arsPrefix });
  if (rows.count > 0) yield encodeBatch(file.klasse, rows.json, rows.refs);
  yield messageTail();
}

export interface ChangePage {
  items: Array<{ op: 'schreibe'; object: XzufiObject } | { op: 'loesche'; loesche: Loesche }>;
  /** Where the next request continues; the `since` it was given when nothing changed. */
  next: ChangePosition | undefined;
  complete: boolean;
}

export function encodeCursor(p: ChangePosition): string {
  return `${p.xid}.${p.seq}`;
}

/** Largest transaction id (xid8) and change sequence value a cursor can name. */
const MAX_XID = 2n ** 64n - 1n;

export function decodeCursor(cursor: string): ChangePosition | undefined {
  const m = /^(\d{1,20})\.(\d{1,16})$/.exec(cursor);
  if (!m || BigInt(m[1]!) > MAX_XID || Number(m[2]) > Number.MAX_SAFE_INTEGER) return undefined;
  return { xid: BigInt(m[1]!).toString(), seq: Number(m[2]) };
}

/**
 * Changes after `since`: `schreibe` for objects created or changed and published, `loesche` for
 * deleted, renamed, moved or unpublished ones. Cost follows the number of changes returned. On a
 * replica, `bound` is the feed bound of its route (src/db/feedBound.ts).
 */
export async function changePage(db: Db, since: ChangePosition | undefined, limit: number, arsPrefix?: string, bound?: SQL): Promise<ChangePage> {
  const tables = KLASSE_ORDER.map((k) => KLASSE_TYPES[k].table);
  const entries = await changesSince(db, tables, since, limit + 1, arsPrefix, bound);
  const page = entries.slice(0, limit);
  const published = new Map<string, string[]>();
  for (const e of page) {
    if (e.kind === 'row' && e.status === PUBLISHED) published.set(e.objectTable, [...(published.get(e.objectTable) ?? []), e.uuid]);
  }
  const objects = new Map<string, XzufiObject>();
  for (const [tableName, uuids] of published) {
    const klasse = klasseOfTable(tableName)!;
    // Re-read: an object unpublished since the listing must not go out.
    const rows = (await syndicationRowsByUuid(db, tableByName(tableName), uuids)).filter((r) => r.status === PUBLISHED);
    const mapped = await toXzufiObjects(db, klasse, rows);
    rows.forEach((r, i) => objects.set(r.uuid, mapped[i]!));
  }
  const items: ChangePage['items'] = [];
  for (const e of page) {
    const object = e.kind === 'row' && e.status === PUBLISHED ? objects.get(e.uuid) : undefined;
    if (object) items.push({ op: 'schreibe', object });
    else if (e.kind === 'tombstone' || e.status !== PUBLISHED || !objects.has(e.uuid)) {
      items.push({ op: 'loesche', loesche: { klasse: klasseOfTable(e.objectTable)!, id: { schemeAgencyID: e.schemeAgencyId, id: e.xzufiId } } });
    }
  }
  return { items, next: page.length > 0 ? page[page.length - 1]!.position : since, complete: entries.length <= limit };
}

export function renderChangeMessage(page: ChangePage, produkt: Produkt, sender: string): string {
  const head = messageHead(produkt, { nachrichtUUID: crypto.randomUUID(), erstelltDatumZeit: new Date().toISOString(), sender });
  return head + page.items.map((i) => (i.op === 'schreibe' ? encodeSchreibe(i.object) : encodeLoesche(i.loesche))).join('') + messageTail();
}
