/**
 * Loads the Hessian demo (fixtures/demo/hessen.json) once per installation through the same
 * service as the API, so the demo obeys every rule. References are written `ref:<xzufiId>`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withAdvisoryLock, type Database } from '../db/client';
import { getMeta, setMeta } from '../db/meta';
import { OBJECT_TYPES } from '../objectTypes';
import { systemPrincipal } from '../auth/policy';
import { hashPassword } from '../auth/passwords';
import { upsertUser } from '../db/accessStore';
import { createObject } from '../shared/objectService';
import type { ObjectType } from '../shared/objectType';
import { upsertTenant, type NewTenant } from '../tenant/repository';

export const DEMO_FIXTURE = join(__dirname, '..', '..', 'fixtures', 'demo', 'hessen.json');
const META_KEY = 'demo_data_loaded';
const USERS_META_KEY = 'demo_users_loaded';
const SEED_LOCK_KEY = 727_002;

interface DemoObject { tenant: string; content: Record<string, unknown> }
export interface DemoUser { id: string; tenant: string; role: string; displayName: string; password: string }
type DemoFile = { tenants: NewTenant[]; users: DemoUser[] } & Record<string, DemoObject[]>;

/** Fixture sections are named by the types' paths; loaded in dependency order. */
const LOAD_ORDER = ['kategorien', 'leistungen', 'organisationseinheiten', 'onlinedienste', 'spezialisierungen', 'zustaendigkeiten'];
const SECTIONS: Array<[string, ObjectType]> = LOAD_ORDER.map((path) => [path, OBJECT_TYPES.find((t) => t.path === path)!]);

function resolveRefs(value: unknown, ids: Map<string, string>): unknown {
  if (typeof value === 'string' && value.startsWith('ref:')) {
    const id = ids.get(value.slice(4));
    if (!id) throw new Error(`demo fixture: unresolved reference ${value}`);
    return id;
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, ids));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, ids)]));
  return value;
}

export interface SeedResult { loaded: boolean; counts: Record<string, number> }

/** Loads the demo unless it was loaded before (a second start adds nothing, even after deletions). */
/**
 * One user per demo tenant with the passwords from the fixture (listed in the README). Separate from
 * the demo objects so that an installation whose demo predates the users still gets them.
 */
export async function seedDemoUsers(database: Database, file = DEMO_FIXTURE): Promise<DemoUser[]> {
  return withAdvisoryLock(database, SEED_LOCK_KEY, async () => {
    if (await getMeta(database.db, USERS_META_KEY)) return [];
    const demo = JSON.parse(readFileSync(file, 'utf8')) as DemoFile;
    for (const tenant of demo.tenants) await upsertTenant(database.db, tenant);
    for (const u of demo.users) {
      await upsertUser(database.db, { id: u.id, tenantId: u.tenant, role: u.role, displayName: u.displayName, passwordHash: await hashPassword(u.password) });
    }
    await setMeta(database.db, USERS_META_KEY, { at: new Date().toISOString(), users: demo.users.map((u) => u.id) });
    return demo.users;
  });
}

export function demoUsers(file = DEMO_FIXTURE): DemoUser[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as DemoFile).users;
}

export function seedDemo(database: Database, schemeAgencyId: string, file = DEMO_FIXTURE): Promise<SeedResult> {
  return withAdvisoryLock(database, SEED_LOCK_KEY, () => seedOnce(database, schemeAgencyId, file));
}

async function seedOnce(database: Database, schemeAgencyId: string, file: string): Promise<SeedResult> {
  if (await getMeta(database.db, META_KEY)) return { loaded: false, counts: {} };
  const demo = JSON.parse(readFileSync(file, 'utf8')) as DemoFile;
  for (const tenant of demo.tenants) await upsertTenant(database.db, tenant);
  const ids = new Map<string, string>();
  const counts: Record<string, number> = {};
  for (const [section, type] of SECTIONS) {
    for (const item of demo[section] ?? []) {
      const ctx = { database, schemeAgencyId, actor: { ...systemPrincipal('demo-seed'), tenantId: item.tenant }, live: true };
      const row = await createObject(ctx, type, resolveRefs(item.content, ids));
      ids.set(row.xzufiId, row.uuid);
    }
    counts[section] = demo[section]?.length ?? 0;
  }
  await setMeta(database.db, META_KEY, { at: new Date().toISOString(), counts });
  return { loaded: true, counts };
}
