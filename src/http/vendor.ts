/**
 * Front-end libraries from npm, served by the app itself (never a CDN): the ES modules of the
 * rich-text editor (ProseMirror) under /static/vendor/<package>/, and the import map that lets the
 * browser resolve their bare imports. The import map is an inline script; its SHA-256 goes into
 * the Content-Security-Policy, so no other inline script can run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import express, { type Router } from 'express';

/** Package → its ES module entry, relative to the package folder. */
const MODULES: Record<string, string> = {
  'prosemirror-model': 'dist/index.js', 'prosemirror-state': 'dist/index.js', 'prosemirror-view': 'dist/index.js',
  'prosemirror-transform': 'dist/index.js', 'prosemirror-commands': 'dist/index.js', 'prosemirror-keymap': 'dist/index.js',
  'prosemirror-history': 'dist/index.js', 'prosemirror-schema-list': 'dist/index.js',
  orderedmap: 'dist/index.js', 'rope-sequence': 'dist/index.js', 'w3c-keyname': 'index.js',
};

/** The package's folder: up from its resolved entry to the package.json that names it (its exports hide package.json). */
function packageDir(name: string): string {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir;
  }
  throw new Error(`package ${name} not found`);
}

/** The import map's text, exactly as it is put into the page (its hash must match). */
export const IMPORT_MAP = JSON.stringify({ imports: Object.fromEntries(Object.entries(MODULES).map(([name, entry]) => [name, `/static/vendor/${name}/${entry}`])) });
export const IMPORT_MAP_HASH = `'sha256-${createHash('sha256').update(IMPORT_MAP).digest('base64')}'`;

export function vendorRouter(): Router {
  const router = express.Router();
  for (const name of Object.keys(MODULES)) {
    router.use(`/${name}`, express.static(packageDir(name), { maxAge: '1d', index: false, fallthrough: false, extensions: [] }));
  }
  // The editor's base styles (prosemirror-view/style/prosemirror.css).
  return router;
}

