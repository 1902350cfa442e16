/**
 * XSD validation with libxml2 compiled to WebAssembly (xmllint-wasm, runs in a worker thread).
 * Schemas are loaded once: the project XSD from schemas/xzufi/, or every *.xsd of an official
 * XZuFi set when XZUFI_XSD_DIR names one. Absolute schemaLocations are rewritten through
 * schemas/xzufi/catalog.xml to the local files, and xmllint runs with --nonet.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { CODECS } from './objects';
import { TRANSFER_ROOT } from './message';
import { PROJECT_READ_XSD_FILE, PROJECT_XSD_FILE } from './xsd';
import { XZUFI_NS } from './xml';

export const PROJECT_XSD_DIR = join(__dirname, '..', '..', 'schemas', 'xzufi');

export interface SchemaProblem {
  line: number | null;
  message: string;
}

export interface SchemaValidator {
  /** Where the schemas came from (shown in reports). */
  source: string;
  /** How to make the same validator in another thread: the official XSD directory (or undefined for the project's) and the mode. */
  officialDir: string | undefined;
  mode: 'read' | 'write';
  /** `xml` as text or as its UTF-8 bytes (large messages stay bytes until a worker reads them). */
  validate(xml: string | Uint8Array, fileName?: string): Promise<SchemaProblem[]>;
  /**
   * Several documents in one run of xmllint (the schemas are compiled once, not per document:
   * that is most of the time of a small one). Problems by file name; names must be unique.
   */
  validateMany(files: Array<{ fileName: string; xml: string | Uint8Array }>): Promise<Map<string, SchemaProblem[]>>;
}

/** uri name → local file, from an OASIS catalog (only the `uri` and `system` entries are used). */
export function readCatalog(file: string): Map<string, string> {
  const map = new Map<string, string>();
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/<(?:uri|system)\s+(?:name|systemId)="([^"]+)"\s+uri="([^"]+)"\s*\/>/g)) map.set(m[1]!, m[2]!);
  return map;
}

function rewriteLocations(xsd: string, catalog: Map<string, string>): string {
  return xsd.replace(/schemaLocation="([^"]+)"/g, (m, loc: string) => {
    const local = catalog.get(loc) ?? (/^https?:/.test(loc) ? basename(new URL(loc).pathname) : loc);
    return `schemaLocation="${local}"`;
  });
}

const OBJECT_ELEMENTS = Object.values(CODECS).map((c) => c.element).join('|');

/**
 * What the read-side project XSD sees of a message: the root under the canonical name (the real
 * name is unconfirmed, readers accept any root of the namespace) and the objects without xsi:type
 * (real Onlinedienste carry types such as OnlinedienstErweitert that no public schema declares).
 */
export function structuralView(xml: string): string {
  const root = /<(?:([\w.-]+):)?([\w.-]+)(?=[\s>/])/.exec(xml.replace(/^(?:\uFEFF|\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/, (m) => ' '.repeat(m.length)));
  let out = xml;
  if (root && root[2] !== TRANSFER_ROOT) {
    const q = root[1] ? `${root[1]}:` : '';
    const start = root.index;
    out = `${out.slice(0, start)}<${q}${TRANSFER_ROOT}${out.slice(start + 1 + q.length + root[2]!.length)}`;
    const close = out.lastIndexOf(`</${q}${root[2]}`);
    if (close !== -1) out = `${out.slice(0, close)}</${q}${TRANSFER_ROOT}${out.slice(close + 2 + q.length + root[2]!.length)}`;
  }
  return out.replace(new RegExp(`(<(?:[\\w.-]+:)?(?:${OBJECT_ELEMENTS})\\b[^>]*?)\\s+[\\w.-]+:type\\s*=\\s*("[^"]*"|'[^']*')`, 'g'), '$1');
}

/**
 * Builds a validator. `mode` `write` (default) checks strictly what the project writes; `read`
 * checks what it reads structurally (xsd.ts projectReadXsd). `officialDir` (XZUFI_XSD_DIR)
 * replaces the project XSD in both directions; its files with the XZuFi target namespace are
 * included by a generated entry schema.
 */
export function createSchemaValidator(officialDir?: string, mode: 'read' | 'write' = 'write'): SchemaValidator {
  const catalog = readCatalog(join(PROJECT_XSD_DIR, 'catalog.xml'));
  const files = new Map<string, string>();
  const addDir = (dir: string) => {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.xsd')).sort()) {
      files.set(name, rewriteLocations(readFileSync(join(dir, name), 'utf8'), catalog));
    }
  };
  addDir(PROJECT_XSD_DIR);
  let entry = mode === 'read' ? PROJECT_READ_XSD_FILE : PROJECT_XSD_FILE;
  files.delete(mode === 'read' ? PROJECT_XSD_FILE : PROJECT_READ_XSD_FILE);
  if (officialDir) {
    files.delete(entry);
    addDir(officialDir);
    const xzufiFiles = [...files].filter(([, text]) => text.includes(`targetNamespace="${XZUFI_NS}"`)).map(([name]) => name);
    if (xzufiFiles.length === 0) throw new Error(`XZUFI_XSD_DIR ${officialDir} holds no XSD with targetNamespace ${XZUFI_NS}`);
    entry = '_entry.xsd';
    files.set(entry, `<?xml version="1.0" encoding="UTF-8"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${XZUFI_NS}">\n${xzufiFiles.map((f) => `  <xs:include schemaLocation="${f}"/>`).join('\n')}\n</xs:schema>\n`);
  }
  const schema: XMLFileInfo = { fileName: entry, contents: files.get(entry)! };
  const preload: XMLFileInfo[] = [...files].filter(([name]) => name !== entry).map(([fileName, contents]) => ({ fileName, contents }));

  const structural = mode === 'read' && !officialDir;
  const view = (xml: string | Uint8Array) => (structural ? structuralView(typeof xml === 'string' ? xml : new TextDecoder().decode(xml)) : xml);
  const run = async (files: Array<{ fileName: string; xml: string | Uint8Array }>): Promise<Map<string, SchemaProblem[]>> => {
    // A file's view is a few milliseconds of regular expressions: the event loop runs between files.
    const xml: XMLFileInfo[] = [];
    for (const [i, f] of files.entries()) {
      if (i > 0 && structural) await new Promise<void>((resolve) => setImmediate(resolve));
      xml.push({ fileName: f.fileName, contents: view(f.xml) });
    }
    const result = await validateXML({
      xml,
      schema,
      preload,
      maxMemoryPages: 16384,
      modifyArguments: (args) => ['--nonet', ...args],
    });
    const out = new Map(files.map((f) => [f.fileName, [] as SchemaProblem[]]));
    if (result.valid) return out;
    for (const e of result.errors) {
      if (/fails to validate$/.test(e.message)) continue;
      const file = e.loc?.fileName;
      if (file !== undefined && out.has(file)) out.get(file)!.push({ line: e.loc!.lineNumber, message: e.message });
      else if (files.length === 1) out.get(files[0]!.fileName)!.push({ line: null, message: e.message });
    }
    // A document xmllint names as failing without a located error still failed.
    for (const m of result.rawOutput.matchAll(/^(.+) fails to validate$/gm)) {
      const problems = out.get(m[1]!);
      if (problems && problems.length === 0) problems.push({ line: null, message: result.rawOutput.trim() || 'the document does not validate' });
    }
    if ([...out.values()].every((p) => p.length === 0)) {
      for (const problems of out.values()) problems.push({ line: null, message: result.rawOutput.trim() || 'the documents do not validate' });
    }
    return out;
  };

  return {
    source: officialDir ? `official XSD in ${officialDir}` : `project XSD ${entry}`,
    officialDir,
    mode,
    async validate(xml, fileName = 'message.xml') {
      return (await run([{ fileName, xml }])).get(fileName)!;
    },
    validateMany: run,
  };
}
