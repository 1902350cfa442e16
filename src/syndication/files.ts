/**
 * The file side of syndication, for the CLI: write the Sammlerdienst export (index.txt plus
 * transfer files) to a directory, and import files or whole export directories.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
import type { Database } from '../db/client';
import { listExportFiles, renderExportFile } from './export';
import { ReferenceIdents } from './mapping';
import { importXzufi, type ImportOptions, type ImportReport } from './importer';
import { PRODUKT } from './produkt';
import type { SchemaProblem, SchemaValidator } from '../xzufi/schemaValidator';

export interface ExportSummary {
  files: number;
  objects: number;
  bytes: number;
  /** Files that failed XSD validation (only when a validator was given). */
  invalid: Array<{ file: string; problems: SchemaProblem[] }>;
}

export async function exportToDirectory(database: Database, dir: string, sender: string, opts: { arsPrefix?: string; validator?: SchemaValidator; onFile?(name: string, done: number, total: number): void } = {}): Promise<ExportSummary> {
  const files = await listExportFiles(database.db, PRODUKT, opts.arsPrefix);
  await mkdir(join(dir, 'files'), { recursive: true });
  let bytes = 0;
  let done = 0;
  const invalid: ExportSummary['invalid'] = [];
  const refs = new ReferenceIdents();
  for (const file of files) {
    const target = join(dir, 'files', file.name);
    await pipeline(Readable.from(renderExportFile(database.db, file, PRODUKT, sender, opts.arsPrefix, refs)), createWriteStream(target));
    bytes += (await stat(target)).size;
    if (opts.validator) {
      const problems = await opts.validator.validate(await readFile(target, 'utf8'), file.name);
      if (problems.length > 0) invalid.push({ file: file.name, problems });
    }
    opts.onFile?.(file.name, ++done, files.length);
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

export async function readMessage(file: string): Promise<string> {
  let body = await readFile(file);
  if (body[0] === 0x1f && body[1] === 0x8b) body = gunzipSync(body);
  return new TextDecoder('utf-8', { fatal: true }).decode(body);
}

/** Files validated against the XSD in one run of xmllint: up to this many, or until they hold this many characters. */
const VALIDATION_GROUP = { files: 16, chars: 48 * 1024 * 1024 };

/**
 * Imports the files one message each, in their order. The XSD validation of a group of files
 * runs in xmllint's worker thread while the database takes in the group before it.
 */
export async function importFiles(database: Database, files: string[], options: ImportOptions, onFile?: (file: string, report: ImportReport) => void): Promise<ImportReport[]> {
  let index = 0;
  const nextGroup = async () => {
    const texts: Array<{ file: string; xml: string }> = [];
    for (let chars = 0; index < files.length && texts.length < VALIDATION_GROUP.files && chars < VALIDATION_GROUP.chars;) {
      const file = files[index++]!;
      const xml = await readMessage(file);
      texts.push({ file, xml });
      chars += xml.length;
    }
    if (texts.length === 0) return [];
    // Named by position: two paths may end in the same file name.
    const problems = await options.validator.validateMany(texts.map((t, i) => ({ fileName: `${i}.xml`, xml: t.xml })));
    return texts.map((t, i) => ({ ...t, problems: problems.get(`${i}.xml`) }));
  };
  const reports: ImportReport[] = [];
  let next = nextGroup();
  for (;;) {
    const group = await next;
    if (group.length === 0) break;
    next = nextGroup();
    next.catch(() => undefined); // awaited in the next round; a failure must not go unhandled meanwhile
    for (const { file, xml, problems } of group) {
      const report = await importXzufi(database, xml, { ...options, schemaProblems: problems });
      reports.push(report);
      onFile?.(file, report);
    }
  }
  return reports;
}
