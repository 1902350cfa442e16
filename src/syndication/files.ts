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

export async function importFiles(database: Database, files: string[], options: ImportOptions, onFile?: (file: string, report: ImportReport) => void): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const file of files) {
    const report = await importXzufi(database, await readMessage(file), options);
    reports.push(report);
    onFile?.(file, report);
  }
  return reports;
}
