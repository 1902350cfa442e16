#!/usr/bin/env node
/**
 * `npm run build`: compiles src/ to dist/ (tsc) and copies what the compiled code reads beside
 * itself (the SQL migrations). Schemas, templates, fixtures and public/ stay at the project root,
 * where dist/ finds them exactly as src/ does.
 */
const { spawnSync } = require('node:child_process');
const { cpSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
cpSync(join(root, 'src', 'db', 'migrations'), join(root, 'dist', 'db', 'migrations'), { recursive: true });
console.log('built dist/ (node dist/main.js; node dist/cli.js <command>)');
