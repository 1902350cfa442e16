/**
 * Bench measure `pull` (scripts/bench.ts): the whole published state of one installation (the
 * bench's main database, served over HTTP on loopback) collected by another as an `index` source
 * (src/sources), then collected again unchanged (every file answered 304).
 */
import type { AddressInfo } from 'node:net';
import { systemPrincipal } from '../src/auth/policy';
import { createToken } from '../src/auth/tokens';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { Database } from '../src/db/client';
import { createLogger } from '../src/logger';
import { pullEnv } from '../src/sources/jobs';
import { runSource } from '../src/sources/pull';
import { registerSource } from '../src/sources/sources';
import { upsertTenant } from '../src/tenant/repository';
import { createSchemaValidator } from '../src/xzufi/schemaValidator';

export interface PullResult { fullMs: number; files: number; objects: number; mb: number; unchangedMs: number; unchangedBytes: number; unchangedFetched: number; status: string }

const TENANT = { id: 'landesredaktion', name: 'Landesredaktion', kind: 'landesredaktion', ars: '060000000000' };

export async function measurePull(source: Database, target: Database): Promise<PullResult> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', SESSION_SECRET: 'bench-session-secret-0123456789abcdef', CREDENTIALS_KEY: 'bench-credentials-key-0123456789abcdef', SOURCE_ALLOW_PRIVATE: 'true', SOURCE_TIMEOUT_MS: '600000' });
  await upsertTenant(source.db, TENANT);
  await upsertTenant(target.db, TENANT);
  const token = (await createToken(source.db, { tenantId: TENANT.id, role: 'portal', createdBy: 'bench' })).token;
  const app = buildApp({ config, database: source, logger: createLogger(config) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/xzufi/v1/index.txt`;
    const registered = await registerSource(target.db, systemPrincipal('bench'), {
      name: 'bench', kind: 'index', url, tenant: TENANT.id, role: 'landesredakteur', schemeAgencyIds: ['S06000'], credentials: { kind: 'bearer', token },
    }, { credentialsKey: config.credentialsKey, allowPrivate: true });
    const env = pullEnv(config, target, createSchemaValidator(undefined, 'read'));
    const full = await runSource(env, registered.id, 'bench');
    const again = await runSource(env, registered.id, 'bench');
    return {
      fullMs: full.stats.durationMs, files: full.stats.filesFetched, objects: full.stats.created, mb: +(full.stats.bytes / 1048576).toFixed(1),
      unchangedMs: again.stats.durationMs, unchangedBytes: again.stats.bytes, unchangedFetched: again.stats.filesFetched, status: `${full.status}/${again.status}`,
    };
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}
