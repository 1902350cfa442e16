/**
 * Registering and changing sources (REST, CLI and workspace use these): every field checked with
 * a clear error, credentials sealed at once. Only the Landesredaktion (unlimited) and admins manage
 * sources; what a source may write is its grant (grant.ts), never more than its tenant may.
 */
import type { Principal } from '../auth/policy';
import { findTenantRow } from '../db/accessStore';
import type { Db } from '../db/client';
import type { RunRow, SourceRow } from '../db/sourceStore';
import { deleteSource, findSource, findSourceByName, insertSource, updateSource } from '../db/sourceStore';
import type { SourceKind } from '../db/schema';
import { canonicalArs, normaliseArsPrefix } from '../gebiet/ars';
import { checkOutboundUrl, OutboundError } from '../outbound/request';
import { AppError, notFound, type ErrorDetail } from '../shared/errors';
import { credentialsKey, parseCredentials, sealCredentials, type Credentials } from './credentials';
import { SOURCE_KLASSEN, SOURCE_ROLES } from './grant';

export const SOURCE_KINDS: readonly SourceKind[] = ['index', 'delta', 'bereitstelldienst'];

export interface SourceSettings { credentialsKey: string | undefined; allowPrivate: boolean }

/** Who may register, change, run and decide on sources. */
export function assertManagesSources(actor: Principal): void {
  const ok = (actor.role === 'admin' || actor.role === 'landesredakteur' || actor.role === 'system') && actor.limit === null && actor.kind !== 'anonymous';
  if (!ok) throw new AppError(actor.kind === 'anonymous' ? 'unauthenticated' : 'forbidden', 'Only the Landesredaktion (without an ARS limit) and administrators manage sources');
}

const invalid = (details: ErrorDetail[]) => new AppError('validation_failed', details.map((d) => d.message).join('; '), details);

function checkUrl(raw: unknown, path: string, allowPrivate: boolean): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw invalid([{ path, message: 'is required (http or https URL)' }]);
  try {
    return checkOutboundUrl(raw.trim(), allowPrivate).toString();
  } catch (err) {
    if (err instanceof OutboundError) throw invalid([{ path, message: err.message }]);
    throw err;
  }
}

function number(body: Record<string, unknown>, name: string, min: number, max: number, integer: boolean): number | undefined {
  const raw = body[name];
  if (raw === undefined || raw === '') return undefined;
  const v = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw invalid([{ path: `/${name}`, message: `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}` }]);
  }
  return v;
}

function list(raw: unknown, path: string): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = typeof raw === 'string' ? raw.split(/[\s,]+/).filter(Boolean) : raw;
  if (!Array.isArray(items) || items.some((x) => typeof x !== 'string')) throw invalid([{ path, message: 'must be a list of strings' }]);
  return [...new Set(items as string[])];
}

/** The fields of a body that are present, checked (all problems at once); `existing` for a change (PATCH). */
async function settingsOf(db: Db, body: Record<string, unknown>, settings: SourceSettings, existing?: SourceRow): Promise<Partial<SourceRow> & { credentialsInput?: Credentials | null }> {
  const out: Partial<SourceRow> & { credentialsInput?: Credentials | null } = {};
  const problems: ErrorDetail[] = [];
  const check = async (fn: () => unknown) => {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
      problems.push(...err.details);
    }
  };
  await check(async () => {
    if (body.name === undefined && existing) return;
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (name.length < 1 || name.length > 100) throw invalid([{ path: '/name', message: 'is required (1–100 characters)' }]);
    const other = await findSourceByName(db, name);
    if (other && other.id !== existing?.id) throw new AppError('duplicate', `A source named ${name} exists already`, [{ path: '/name', message: 'is taken' }]);
    out.name = name;
  });
  await check(() => {
    if (!existing) {
      if (!SOURCE_KINDS.includes(body.kind as SourceKind)) throw invalid([{ path: '/kind', message: `must be one of ${SOURCE_KINDS.join(', ')}` }]);
      out.kind = body.kind as SourceKind;
    } else if (body.kind !== undefined && body.kind !== existing.kind) {
      throw invalid([{ path: '/kind', message: 'cannot be changed; register a new source' }]);
    }
  });
  await check(() => { if (body.url !== undefined || !existing) out.url = checkUrl(body.url, '/url', settings.allowPrivate); });
  await check(async () => {
    if (body.tenant === undefined && existing) return;
    if (typeof body.tenant !== 'string' || !(await findTenantRow(db, body.tenant))) throw invalid([{ path: '/tenant', message: 'must name an existing tenant the source writes as' }]);
    out.tenantId = body.tenant;
  });
  await check(() => {
    if (body.role === undefined && existing) return;
    if (!(SOURCE_ROLES as readonly unknown[]).includes(body.role)) throw invalid([{ path: '/role', message: `must be one of ${SOURCE_ROLES.join(', ')}` }]);
    out.role = body.role as string;
  });
  await check(async () => {
    if (body.ars !== undefined) {
      if (body.ars === null || body.ars === '') out.arsPrefix = null;
      else {
        const prefix = typeof body.ars === 'string' ? normaliseArsPrefix(body.ars) : null;
        if (!prefix) throw invalid([{ path: '/ars', message: 'must be 1–12 digits of an ARS' }]);
        out.arsPrefix = prefix;
      }
    }
    const tenantId = out.tenantId ?? existing?.tenantId;
    const tenant = tenantId ? await findTenantRow(db, tenantId) : undefined;
    const area = tenant?.ars ? canonicalArs(tenant.ars) : '';
    const prefix = out.arsPrefix !== undefined ? out.arsPrefix : existing?.arsPrefix;
    if (tenant && prefix && !prefix.startsWith(area)) throw invalid([{ path: '/ars', message: `lies outside the tenant's area ${area}` }]);
  });
  await check(() => {
    const agencies = list(body.schemeAgencyIds, '/schemeAgencyIds');
    if (agencies === undefined && existing) return;
    if (!agencies || agencies.length === 0 || agencies.some((a) => !/^[A-Za-z0-9_.-]{1,64}$/.test(a))) throw invalid([{ path: '/schemeAgencyIds', message: 'must list the schemeAgencyIDs the source may write (e.g. S06000)' }]);
    out.schemeAgencyIds = agencies;
  });
  await check(() => {
    const klassen = list(body.klassen, '/klassen');
    if (klassen !== undefined) {
      if (klassen.length === 0 || klassen.some((k) => !(SOURCE_KLASSEN as readonly string[]).includes(k))) throw invalid([{ path: '/klassen', message: `must list classes of ${SOURCE_KLASSEN.join(', ')}` }]);
      out.klassen = klassen;
    } else if (!existing) out.klassen = [...SOURCE_KLASSEN];
  });
  await check(() => {
    if (body.target === undefined) return;
    if (body.target !== 'live' && body.target !== 'draft') throw invalid([{ path: '/target', message: 'must be live or draft' }]);
    out.target = body.target;
  });
  await check(() => { const v = number(body, 'intervalMinutes', 5, 7 * 24 * 60, true); if (v !== undefined) out.intervalMinutes = v; });
  await check(() => { const v = number(body, 'deletionLimitPercent', 0, 100, false); if (v !== undefined) out.deletionLimitPercent = v; });
  await check(() => { const v = number(body, 'deletionLimitCount', 0, 1_000_000, true); if (v !== undefined) out.deletionLimitCount = v; });
  await check(() => {
    if (body.paused === undefined) return;
    if (typeof body.paused !== 'boolean') throw invalid([{ path: '/paused', message: 'must be true or false' }]);
    out.paused = body.paused;
  });
  await check(() => {
    if (body.credentials === undefined) return;
    const credentials = body.credentials === null ? null : parseCredentials(body.credentials);
    if (credentials?.kind === 'oauth2') credentials.tokenUrl = checkUrl(credentials.tokenUrl, '/credentials/tokenUrl', settings.allowPrivate);
    if (credentials && credentials.kind !== 'none' && !settings.credentialsKey) {
      throw new AppError('conflict', 'Credentials cannot be stored: CREDENTIALS_KEY is not set (the operator sets a secret of 32 or more characters)', [{ path: '/credentials', message: 'CREDENTIALS_KEY is not set' }]);
    }
    out.credentialsInput = credentials;
  });
  if (problems.length > 0) throw invalid(problems);
  return out;
}

function seal(settings: SourceSettings, id: string, c: Credentials | null | undefined): Pick<SourceRow, 'credentials' | 'credentialsKind'> | undefined {
  if (c === undefined) return undefined;
  if (c === null || c.kind === 'none') return { credentials: null, credentialsKind: 'none' };
  return { credentials: sealCredentials(credentialsKey(settings.credentialsKey!), id, c), credentialsKind: c.kind };
}

export async function registerSource(db: Db, actor: Principal, body: Record<string, unknown>, settings: SourceSettings): Promise<SourceRow> {
  assertManagesSources(actor);
  const { credentialsInput, ...fields } = await settingsOf(db, body, settings);
  const id = crypto.randomUUID();
  await insertSource(db, { ...(fields as SourceRow), id, createdBy: actor.id, ...seal(settings, id, credentialsInput) });
  return (await findSource(db, id))!;
}

export async function changeSource(db: Db, actor: Principal, id: string, body: Record<string, unknown>, settings: SourceSettings): Promise<SourceRow> {
  assertManagesSources(actor);
  const existing = await findSource(db, id);
  if (!existing) throw notFound('Source', id);
  const { credentialsInput, ...fields } = await settingsOf(db, body, settings, existing);
  // Another address is another feed: its position and validators start afresh.
  const moved = fields.url !== undefined && fields.url !== existing.url ? { cursor: null, indexState: null } : {};
  await updateSource(db, id, { ...fields, ...moved, ...seal(settings, id, credentialsInput) });
  return (await findSource(db, id))!;
}

export async function removeSource(db: Db, actor: Principal, id: string): Promise<void> {
  assertManagesSources(actor);
  if (!(await deleteSource(db, id))) throw notFound('Source', id);
}

export async function sourceOf(db: Db, actor: Principal, id: string): Promise<SourceRow> {
  assertManagesSources(actor);
  const source = /^[0-9a-f-]{36}$/i.test(id) ? await findSource(db, id.toLowerCase()) : undefined;
  if (!source) throw notFound('Source', id);
  return source;
}

export const presentRun = (r: RunRow) => ({
  id: r.id, status: r.status, trigger: r.trigger, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null,
  stats: r.stats, decidedBy: r.decidedBy, decidedAt: r.decidedAt?.toISOString() ?? null,
});

/** A source as clients see it: its credentials only by kind. */
export const presentSource = (s: SourceRow, last?: RunRow) => ({
  id: s.id, name: s.name, kind: s.kind, url: s.url, tenant: s.tenantId, role: s.role, ars: s.arsPrefix,
  schemeAgencyIds: s.schemeAgencyIds, klassen: s.klassen, target: s.target,
  credentials: { kind: s.credentialsKind, set: s.credentials !== null },
  intervalMinutes: s.intervalMinutes, deletionLimitPercent: s.deletionLimitPercent, deletionLimitCount: s.deletionLimitCount,
  paused: s.paused, cursor: s.kind === 'index' ? null : s.cursor, createdAt: s.createdAt.toISOString(), createdBy: s.createdBy,
  lastRun: last ? presentRun(last) : null,
});
