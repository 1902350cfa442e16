#!/usr/bin/env node
/**
 * Smoke test of the production build with the Node that runs this script:
 *   npm run build && node scripts/smoke.js
 * Starts `node dist/main.js` on a fresh embedded database (demo data), waits for /readyz, asks the
 * portal, the API and the XZuFi index, stops it with SIGTERM and expects a clean exit. CI runs it on
 * Node 24 and on Node 22 (the oldest supported line).
 */
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const root = join(__dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'fim-smoke-'));
const started = Date.now();
const child = spawn(process.execPath, ['dist/main.js'], {
  cwd: root,
  env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', JOB_RUNNER: 'false' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (d) => { output += d; });
child.stderr.on('data', (d) => { output += d; });

async function check(url, test) {
  const res = await fetch(url);
  const body = await res.text();
  if (!res.ok || !test(body)) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
}

async function main() {
  let base;
  for (const deadline = Date.now() + 120_000; ;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    const port = /is running: http:\/\/localhost:(\d+)/.exec(output)?.[1];
    if (port) {
      base = `http://127.0.0.1:${port}`;
      try { if ((await fetch(`${base}/readyz`)).ok) break; } catch { /* not yet */ }
    }
    if (Date.now() > deadline) throw new Error('not ready within 120 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  const ready = Date.now() - started;
  await check(`${base}/?q=Hund&ort=Wanfried`, (b) => b.includes('<html'));
  await check(`${base}/api/v1/leistungen?q=Hund`, (b) => JSON.parse(b).items.length > 0);
  await check(`${base}/api/v1/gebiete?ars=06&q=Wanf`, (b) => JSON.parse(b).items.length > 0);
  // The editor's modules come from npm through the app (import map in the workspace pages).
  await check(`${base}/static/vendor/prosemirror-view/dist/index.js`, (b) => b.includes('prosemirror-model'));
  await check(`${base}/static/rich-text.js`, (b) => b.includes('prosemirror-view'));
  const exited = new Promise((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`exit code ${code} after SIGTERM`);
  console.log(`smoke: Node ${process.versions.node}, dist/main.js ready in ${ready} ms on a new embedded database, portal/API answered, clean stop`);
}

main().then(() => rmSync(dataDir, { recursive: true, force: true }), (err) => {
  console.error(`smoke failed on Node ${process.versions.node}: ${err.message}\n${output}`);
  child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
});
