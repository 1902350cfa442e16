/**
 * A PostgreSQL primary and a hot-standby streaming replica of it, made on this machine for one
 * test file: `initdb` a primary on a free port, `pg_basebackup -R` a copy, start it as a standby on
 * another port. Both run as the `postgres` user (the server refuses root) and are removed after.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface ReplicaPair {
  primaryUrl(database?: string): string;
  replicaUrl(database?: string): string;
  /** Runs SQL on the replica (as the superuser, database postgres unless given). */
  onReplica(sqlText: string, database?: string): Promise<Array<Record<string, unknown>>>;
  /** Makes the replica from the primary as it is now and starts it; waits until it accepts reads. */
  startReplica(): Promise<void>;
  stopReplica(): void;
  stop(): void;
}

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_basebackup'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries (initdb, pg_basebackup) not found under /usr/lib/postgresql');
  return join(root, versions[0]!, 'bin');
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL tool as the postgres user when this process is root. */
function run(bin: string, tool: string, args: string[]): void {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr || result.stdout || result.error}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function query(url: string, sqlText: string): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sqlText)).rows;
  } finally {
    await client.end();
  }
}

async function waitFor(what: string, probe: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if (await probe()) return;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const CONF = (port: number, socketDir: string) => [
  `port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${socketDir}'`,
  'wal_level = replica', 'max_wal_senders = 5', 'hot_standby = on', 'fsync = off', 'synchronous_commit = on',
  'shared_buffers = 32MB', 'max_connections = 60', 'wal_receiver_status_interval = 1s', '',
].join('\n');
const HBA = 'local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n';

export async function startReplicaPair(): Promise<ReplicaPair> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'fim-replica-'));
  chmodSync(dir, 0o777);
  const primaryDir = join(dir, 'primary');
  const replicaDir = join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  run(bin, 'initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  writeFileSync(join(primaryDir, 'postgresql.conf'), CONF(primaryPort, dir));
  writeFileSync(join(primaryDir, 'pg_hba.conf'), HBA);
  run(bin, 'pg_ctl', ['-D', primaryDir, '-l', join(dir, 'primary.log'), '-w', 'start']);
  const url = (port: number, database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let replicaRunning = false;
  const stopReplica = () => {
    if (!replicaRunning) return;
    run(bin, 'pg_ctl', ['-D', replicaDir, '-m', 'fast', '-w', 'stop']);
    replicaRunning = false;
  };
  return {
    primaryUrl: (database) => url(primaryPort, database),
    replicaUrl: (database) => url(replicaPort, database),
    onReplica: (sqlText, database) => query(url(replicaPort, database), sqlText),
    async startReplica() {
      rmSync(replicaDir, { recursive: true, force: true });
      run(bin, 'pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast']);
      // -R wrote standby.signal and primary_conninfo (postgresql.auto.conf); the port is the replica's own.
      writeFileSync(join(replicaDir, 'postgresql.conf'), CONF(replicaPort, dir));
      run(bin, 'pg_ctl', ['-D', replicaDir, '-l', join(dir, 'replica.log'), '-w', 'start']);
      replicaRunning = true;
      await waitFor('replica accepting reads', async () => (await query(url(replicaPort), 'SELECT pg_is_in_recovery() AS r'))[0]!.r === true);
    },
    stopReplica,
    stop() {
      try { stopReplica(); } catch { /* already down */ }
      try { run(bin, 'pg_ctl', ['-D', primaryDir, '-m', 'immediate', '-w', 'stop']); } catch { /* already down */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { waitFor };
