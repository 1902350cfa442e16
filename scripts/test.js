#!/usr/bin/env node
/**
 * `npm test`: type-check, then the whole jest suite on PGlite, then — when TEST_DATABASE_URL is
 * set — the same suite against that PostgreSQL server. Ends with one summary line.
 */
const { spawnSync } = require('node:child_process');
const { readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const root = join(__dirname, '..');
const extra = process.argv.slice(2);
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(cmd, args, env) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

console.log('» type-check (tsc)');
if (run(bin('tsc'), ['-p', '.']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (!require('node:fs').existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium')) {
  console.log(process.env.REQUIRE_BROWSER
    ? '» Chromium missing: the browser tests will fail (apt-get install -y chromium)'
    : '» Chromium not installed: browser tests (axe, journeys) are skipped — apt-get install -y chromium');
}

const targets = [['pglite', {}]];
if (process.env.TEST_DATABASE_URL) targets.push(['postgres', { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL }]);
else console.log('» TEST_DATABASE_URL not set: running on PGlite only');

let passed = 0;
let failed = 0;
let exit = 0;
for (const [target, env] of targets) {
  console.log(`\n» jest on ${target}`);
  const report = join(tmpdir(), `fim-redaktion-jest-${process.pid}-${target}.json`);
  const status = run(bin('jest'), ['--json', `--outputFile=${report}`, ...extra], {
    ...env, TEST_DB: target, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim(),
  });
  try {
    const result = JSON.parse(readFileSync(report, 'utf8'));
    passed += result.numPassedTests;
    failed += result.numFailedTests + result.numRuntimeErrorTestSuites;
    if (result.numTotalTests === 0) { console.log(`no tests ran on ${target}`); exit = 1; }
  } catch {
    failed += 1;
  }
  rmSync(report, { force: true });
  if (status !== 0) exit = status;
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exit);
