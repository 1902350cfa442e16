/**
 * The peer, side by side (`npm run bench:peer`): Directus 11 — the headless CMS people build a
 * Landesredaktionssystem on when they do not pick one — installed in scripts/peer/directus by
 * scripts/peer/install-directus.js, on the same PostgreSQL server as this run's database, in a
 * process of its own on Node 22. Its `leistungen` table holds the run's published Leistungen (`id`,
 * `leika_key`, `content` jsonb, and `volltext`: the German texts, so that its `search` has words to
 * find — Directus searches text columns, not jsonb); public read permission, cache and rate limiter
 * off. Then, for our REST API and Directus in turn, with the same load generator (32 connections,
 * `seconds`): one Leistung by id (2,000 different ids), a list of 50 by LeiKa prefix, and a word
 * search (20 hits) → rest_item_vs_directus, rest_list_vs_directus, rest_search_vs_directus, with
 * both throughputs and p95s in `out.peer`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { rowsOf } from '../src/db/objectStore';
import { fmt, load, startOurs, warmUp, type LoadResult, type Run } from './bench-common';
import { prng, WORDS } from './generate-dataset';

export const PEER_DIR = join(__dirname, 'peer', 'directus');
/** Written by the installer once Directus loads on its Node: `{ node, directus }`. */
export const PEER_MARKER = join(PEER_DIR, 'node_modules', '.fim-peer.json');

interface Installed { node: string; directus: string }

export async function measurePeer(run: Run): Promise<void> {
  const { row } = run;
  if (!run.serverUrl) {
    row('peer (Directus 11)', 'skipped: needs PostgreSQL (--db <url>)');
    return;
  }
  if (!existsSync(PEER_MARKER)) {
    row('peer (Directus 11)', 'skipped: not installed (npm run bench:peer installs it)');
    return;
  }
  const installed = JSON.parse(readFileSync(PEER_MARKER, 'utf8')) as Installed;
  const dbName = `fim_bench_directus_${process.pid}`;
  const admin = async (query: string) => {
    const c = new pg.Client({ connectionString: run.serverUrl });
    await c.connect();
    try { await c.query(query); } finally { await c.end(); }
  };
  await admin(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(run.serverUrl);
  url.pathname = `/${dbName}`;
  let directus: ChildProcess | undefined;
  try {
    const copied = await copyLeistungen(run, url.toString());
    row('peer: Directus data (published Leistungen copied)', `${copied} rows`);
    const started = performance.now();
    const { child, base } = await startDirectus(installed, url.toString());
    directus = child;
    row(`peer: Directus ${installed.directus} on Node ${installed.node.match(/node-(\d+)/)?.[1] ?? '?'} started`, `${fmt((performance.now() - started) / 1000)} s (bootstrap, permission, start)`);
    await sideBySide(run, base);
  } finally {
    if (directus && directus.exitCode === null) {
      directus.kill('SIGTERM');
      await new Promise((r) => directus!.once('exit', r));
    }
    await admin(`DROP DATABASE IF EXISTS ${dbName}`);
  }
}

/** The run's published Leistungen into the peer's table, 500 rows per statement. */
async function copyLeistungen({ main }: Run, url: string): Promise<number> {
  const rows = rowsOf<{ id: string; leika_key: string; content: unknown }>(await main.database.db.execute(sql`
    SELECT uuid AS id, leika_key, content FROM leistungen WHERE status = 'veroeffentlicht' ORDER BY seq`));
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('CREATE TABLE leistungen (id uuid PRIMARY KEY, leika_key text, content jsonb, volltext text)');
    for (let i = 0; i < rows.length; i += 500) {
      await c.query(`INSERT INTO leistungen (id, leika_key, content)
        SELECT (r->>'id')::uuid, r->>'leika_key', r->'content' FROM jsonb_array_elements($1::jsonb) r`, [JSON.stringify(rows.slice(i, i + 500))]);
    }
    // The German texts without their markup: what a word search can look through.
    await c.query(`UPDATE leistungen SET volltext = (
      SELECT string_agg(regexp_replace(t->>'value', '<[^>]+>', ' ', 'g'), ' ')
      FROM jsonb_array_elements(content->'modulText') m, jsonb_array_elements(m->'inhalt') t
      WHERE t->>'languageCode' = 'de')`);
    await c.query('CREATE INDEX ON leistungen (leika_key text_pattern_ops)');
    await c.query('ANALYZE leistungen');
  } finally {
    await c.end();
  }
  return rows.length;
}

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address() as AddressInfo; s.close(() => resolve(port)); });
});

function directusEnv(url: string, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production',
    HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
    DB_CLIENT: 'pg', DB_CONNECTION_STRING: url,
    KEY: 'fim-bench-peer-key', SECRET: 'fim-bench-peer-secret-0123456789abcdef',
    ADMIN_EMAIL: 'bench@example.org', ADMIN_PASSWORD: 'bench-peer-password',
    CACHE_ENABLED: 'false', RATE_LIMITER_ENABLED: 'false', TELEMETRY: 'false',
    LOG_LEVEL: 'warn', LOG_STYLE: 'raw', WEBSOCKETS_ENABLED: 'false', EXTENSIONS_AUTO_RELOAD: 'false',
    STORAGE_LOCATIONS: 'local', STORAGE_LOCAL_ROOT: join(PEER_DIR, 'uploads'), EXTENSIONS_PATH: join(PEER_DIR, 'extensions'),
  };
}

function runDirectus(installed: Installed, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string } {
  const child = spawn(installed.node, [join(PEER_DIR, 'node_modules', 'directus', 'cli.js'), ...args], { cwd: PEER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => { output = (output + String(d)).slice(-4000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output: () => output };
}

/** `directus bootstrap` (system tables, admin), public read of `leistungen`, then `directus start` until it answers. */
async function startDirectus(installed: Installed, url: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const env = directusEnv(url, port);
  const boot = runDirectus(installed, ['bootstrap'], env);
  const status = await new Promise<number | null>((resolve) => boot.child.on('close', resolve));
  if (status !== 0) throw new Error(`directus bootstrap failed:\n${boot.output()}`);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // Directus 11: the public policy is the one granted to no role and no user.
    const policy = (await c.query(`SELECT policy FROM directus_access WHERE role IS NULL AND "user" IS NULL LIMIT 1`)).rows[0]?.policy as string | undefined;
    if (!policy) throw new Error('Directus has no public policy');
    await c.query(`INSERT INTO directus_permissions (collection, action, permissions, fields, policy) VALUES ('leistungen', 'read', '{}', '*', $1)`, [policy]);
  } finally {
    await c.end();
  }
  const server = runDirectus(installed, ['start'], env);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`directus stopped:\n${server.output()}`);
    try {
      if ((await fetch(`${base}/server/ping`)).status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      server.child.kill('SIGKILL');
      throw new Error(`directus did not answer within 120 s:\n${server.output()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child: server.child, base };
}

/** Both answer the same question alike (status, the object asked for): else the comparison would mean nothing. */
async function sameAnswer(ours: string, theirs: string, check: (o: unknown, d: unknown) => boolean): Promise<void> {
  const [o, d] = await Promise.all([fetch(ours), fetch(theirs)]);
  if (o.status !== 200 || d.status !== 200) throw new Error(`peer check: ${ours} → ${o.status}, ${theirs} → ${d.status}`);
  const [oj, dj] = await Promise.all([o.json(), d.json()]);
  if (!check(oj, dj)) throw new Error(`peer check: ${ours} and ${theirs} do not answer alike`);
}

async function sideBySide(run: Run, directusBase: string): Promise<void> {
  const { main, seconds, out, ratios, row } = run;
  const ours = await startOurs(main.database);
  const { base } = ours;
  try {
    const picked = rowsOf<{ id: string; leika_key: string }>(await main.database.db.execute(sql`
      SELECT uuid AS id, leika_key FROM leistungen WHERE status = 'veroeffentlicht' ORDER BY md5(uuid::text) LIMIT 2000`));
    const rand = prng(11);
    const words = Array.from({ length: 2000 }, () => WORDS[Math.floor(rand() * WORDS.length)]!);
    // A Leistungsgruppierung (the key's first five digits): lists of 50 and more.
    const prefixes = picked.map((p) => p.leika_key.slice(0, 5));
    const fields = 'fields=id,leika_key,content';
    const cases: Array<{ name: string; ours: string[]; theirs: string[] }> = [
      { name: 'item', ours: picked.map((p) => `/api/v1/leistungen/${p.id}`), theirs: picked.map((p) => `/items/leistungen/${p.id}?${fields}`) },
      { name: 'list', ours: prefixes.map((p) => `/api/v1/leistungen?leikaKey=${p}&limit=50`), theirs: prefixes.map((p) => `/items/leistungen?filter[leika_key][_starts_with]=${p}&limit=50&${fields}`) },
      { name: 'search', ours: words.map((w) => `/api/v1/leistungen?q=${encodeURIComponent(w)}&limit=20`), theirs: words.map((w) => `/items/leistungen?search=${encodeURIComponent(w)}&limit=20&${fields}`) },
    ];
    await sameAnswer(`${base}${cases[0]!.ours[0]}`, `${directusBase}${cases[0]!.theirs[0]}`,
      (o, d) => (o as { id?: string; uuid?: string }).id === picked[0]!.id && (d as { data: { id: string } }).data.id === picked[0]!.id);
    await sameAnswer(`${base}${cases[1]!.ours[0]}`, `${directusBase}${cases[1]!.theirs[0]}`,
      (o, d) => (o as { items: unknown[] }).items.length === (d as { data: unknown[] }).data.length);
    const results: Record<string, { ours: LoadResult; directus: LoadResult }> = {};
    for (const c of cases) {
      await warmUp(base, c.ours.slice(0, 200));
      await warmUp(directusBase, c.theirs.slice(0, 200));
      const ours = await load(base, c.ours, seconds);
      const directus = await load(directusBase, c.theirs, seconds);
      results[c.name] = { ours, directus };
      const ratio = +(ours.rps / directus.rps).toFixed(2);
      ratios[`rest_${c.name}_vs_directus`] = ratio;
      const errors = (r: LoadResult) => (r.errors + r.non2xx ? `, ${r.errors} errors, ${r.non2xx} non-2xx` : '');
      row(`REST ${c.name}: ours / Directus (32 conn., ${seconds} s)`, `${Math.round(ours.rps)} / ${Math.round(directus.rps)} req/s, p95 ${ours.p95} / ${directus.p95} ms${errors(ours)}${errors(directus)} → rest_${c.name}_vs_directus ${ratio}`);
    }
    out.peer = results;
  } finally {
    await ours.close();
  }
}
