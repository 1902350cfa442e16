/**
 * The file side of syndication, for the CLI: write the Sammlerdienst export (index.txt plus
 * transfer files) to a directory, and import files or whole export directories.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Database } from '../db/client';
import { identityTable } from '../db/syndicationStore';
import { exportFileHead, exportFileRows, listExportFiles } from './export';
import { ExportThread } from './exportThread';
import { ReferenceIdents } from './mapping';
import { messageTail } from '../xzufi/message';
import { ImportRefused, importRead, parseMessage, type ImportOptions, type ImportReport } from './importer';
import type { ReadMessage } from './messageReader';
import { PRODUKT } from './produkt';
import type { SchemaProblem, SchemaValidator } from '../xzufi/schemaValidator';

export interface ExportSummary {
  files: number;
  objects: number;
  bytes: number;
  /** Files that failed XSD validation (only when a validator was given). */
  invalid: Array<{ file: string; problems: SchemaProblem[] }>;
}

/**
 * Writes index.txt and every transfer file: the database is read here, the XML is made and
 * written by a worker thread beside it (exportThread.ts).
 */
export async function exportToDirectory(database: Database, dir: string, sender: string, opts: { arsPrefix?: string; validator?: SchemaValidator; onFile?(name: string, done: number, total: number): void } = {}): Promise<ExportSummary> {
  const files = await listExportFiles(database.db, PRODUKT, opts.arsPrefix);
  await mkdir(join(dir, 'files'), { recursive: true });
  let bytes = 0;
  let done = 0;
  const invalid: ExportSummary['invalid'] = [];
  const refs = new ReferenceIdents();
  const thread = new ExportThread();
  try {
    const written: Array<Promise<{ bytes?: number }>> = [];
    await thread.queue({ op: 'identities', json: await identityTable(database.db) });
    // The next file's rows are asked for before this one's go to the worker: a database server works on them meanwhile.
    const rowsOf = (i: number) => {
      const p = i < files.length ? exportFileRows(database.db, files[i]!, { arsPrefix: opts.arsPrefix, refs, kategorienOnly: true }) : undefined;
      p?.catch(() => undefined); // awaited in its turn; not at all when an earlier file failed
      return p;
    };
    let next = rowsOf(0);
    for (const [i, file] of files.entries()) {
      const rows = (await next)!;
      next = rowsOf(i + 1);
      const target = join(dir, 'files', file.name);
      await thread.queue({ op: 'open', path: target, head: exportFileHead(file, PRODUKT, sender) });
      if (rows.count > 0) await thread.queue({ op: 'batch', klasse: file.klasse, json: rows.json, kategorien: rows.refs.kategorien });
      written.push((await thread.queue({ op: 'close', tail: messageTail() })).reply);
      if (opts.validator) {
        // The file must be complete before it is validated; without a validator the next file's rows follow at once.
        await thread.drain();
        const problems = await opts.validator.validate(await readFile(target, 'utf8'), file.name);
        if (problems.length > 0) invalid.push({ file: file.name, problems });
      }
      opts.onFile?.(file.name, ++done, files.length);
    }
    await thread.drain();
    for (const w of written) bytes += (await w).bytes!;
  } finally {
    await thread.stop();
  }
  // The index last: a reader never sees an index naming files that are not written yet.
  await writeFile(join(dir, 'index.txt'), files.map((f) => `files/${f.name}\n`).join(''));
  return { files: files.length, objects: files.reduce((n, f) => n + f.count, 0), bytes, invalid };
}

/** The message files a path stands for: a file, a directory with index.txt (in its order), or a directory of *.xml. */
export async function messageFiles(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    if (path.endsWith('index.txt')) return indexFiles(path);
    return [path];
  }
  const entries = await readdir(path);
  if (entries.includes('index.txt')) return indexFiles(join(path, 'index.txt'));
  return entries.filter((e) => /\.xml(\.gz)?$/.test(e)).sort().map((e) => join(path, e));
}

async function indexFiles(index: string): Promise<string[]> {
  const lines = (await readFile(index, 'utf8')).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines.map((l) => join(dirname(index), l));
}

/** A message file's text (gzip unpacked); refused, as a pushed message is, when it is not UTF-8. */
export async function readMessage(file: string): Promise<string> {
  let body = await readFile(file);
  if (body[0] === 0x1f && body[1] === 0x8b) body = gunzipSync(body);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const message = 'The message must be encoded in UTF-8';
    throw new ImportRefused('xml_not_utf8', message, [{ message }]);
  }
}

/**
 * Files validated against the XSD in one run of xmllint: up to this many, or until they hold this
 * many characters (handing them to xmllint's worker copies them in one go, on this thread). The
 * first group is one file, so that the import begins while the rest is checked.
 */
const VALIDATION_GROUP = { files: 16, chars: 16 * 1024 * 1024 };
/**
 * How far reading runs ahead of the import: files read and waiting at most, and their characters
 * at most (one file always). Files differ in how long they take to read and to apply (an office is
 * quicker to write than to read, a Leistung the other way round): a few in store keep both busy.
 */
const READ_AHEAD = { files: 4, chars: 32 * 1024 * 1024 };

interface Checked { file: string; xml: string; problems: Promise<SchemaProblem[]>; refused?: ImportRefused }
interface Pending extends Checked { started: number; read: Promise<ReadMessage> }

export interface ImportFileHooks {
  /** A file is about to be applied (`n`: its position in the list). */
  onStart?(file: string, n: number): void;
  /** A file was applied (or rejected object by object: see the report's status). */
  onFile?(file: string, report: ImportReport): void;
  /**
   * A file was refused as a whole (not UTF-8, malformed, wrong version, XSD): told here, and the next file
   * is imported. Without this hook the first refusal ends the import with the error.
   */
  onRefused?(file: string, err: ImportRefused): void;
}

/** Imports the files one message each, in their order; the reports of those not refused. */
export async function importFiles(database: Database, files: string[], options: ImportOptions, hooks: ImportFileHooks = {}): Promise<ImportReport[]> {
  // Three stages at once, each on a thread of its own: the XSD check of the next files (xmllint's
  // worker), reading the next files one after another (a reader worker), and the import of the
  // current one (this thread and the database).
  const texts = checkedTexts(files, options.validator);
  const queue: Pending[] = [];
  let queued = 0;
  let reading: Promise<unknown> = Promise.resolve();
  const fill = async () => {
    while (queue.length === 0 || (queue.length < READ_AHEAD.files && queued < READ_AHEAD.chars)) {
      const next = await texts.next();
      if (next.done) return;
      const started = Date.now();
      const { refused } = next.value;
      const read = refused ? Promise.reject(refused) : reading.then(() => parseMessage(next.value.xml));
      read.catch(() => undefined); // awaited when its turn comes; a failure must not go unhandled meanwhile
      reading = read.catch(() => undefined);
      queue.push({ ...next.value, started, read });
      queued += next.value.xml.length;
    }
  };
  const reports: ImportReport[] = [];
  for (let n = 0; ; n++) {
    await fill();
    const current = queue.shift();
    if (!current) break;
    queued -= current.xml.length;
    hooks.onStart?.(current.file, n);
    let report: ImportReport;
    try {
      const read = await current.read;
      report = await importRead(database, read, { ...options, schemaProblems: await current.problems }, current.started);
    } catch (err) {
      if (!(err instanceof ImportRefused) || !hooks.onRefused) throw err;
      hooks.onRefused(current.file, err);
      continue;
    }
    reports.push(report);
    hooks.onFile?.(current.file, report);
  }
  return reports;
}

/** The files' texts, each with its XSD check under way: a group at a time, the next group's begun when one is handed out. */
async function* checkedTexts(files: string[], validator: SchemaValidator): AsyncGenerator<Checked> {
  let index = 0;
  const nextGroup = async (): Promise<Checked[]> => {
    const texts: Array<{ file: string; xml: string; refused?: ImportRefused }> = [];
    const most = index === 0 ? 1 : VALIDATION_GROUP.files;
    for (let chars = 0; index < files.length && texts.length < most && chars < VALIDATION_GROUP.chars;) {
      const file = files[index++]!;
      try {
        const xml = await readMessage(file);
        texts.push({ file, xml });
        chars += xml.length;
      } catch (err) {
        if (!(err instanceof ImportRefused)) throw err;
        texts.push({ file, xml: '', refused: err });
      }
    }
    // Named by position: two paths may end in the same file name.
    const readable = texts.filter((t) => !t.refused);
    const checked = readable.length > 0 ? validator.validateMany(readable.map((t, i) => ({ fileName: `${i}.xml`, xml: t.xml }))) : Promise.resolve(new Map<string, SchemaProblem[]>());
    return texts.map((t) => {
      const problems = checked.then((p) => p.get(`${readable.indexOf(t)}.xml`) ?? []);
      problems.catch(() => undefined); // awaited when the file's turn comes
      return { ...t, problems };
    });
  };
  let next = nextGroup();
  for (;;) {
    const group = await next;
    if (group.length === 0) return;
    next = nextGroup();
    next.catch(() => undefined); // awaited in the next round; a failure must not go unhandled meanwhile
    yield* group;
  }
}
