/**
 * The one place that reads process.env. Every setting is parsed and validated at start-up;
 * a bad value stops the process with a message naming the variable.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** PostgreSQL server URL; when absent the embedded PGlite database in dataDir is used. */
  databaseUrl: string | undefined;
  /** Streaming replicas of DATABASE_URL for reads that tolerate lag (DATABASE_READ_URL, comma-separated). */
  databaseReadUrls: string[];
  /** A replica further behind the primary than this serves no reads (ms). */
  databaseReadMaxLagMs: number;
  /** How often the replicas' lag is measured (ms). */
  databaseReadCheckMs: number;
  dataDir: string;
  logLevel: LogLevel;
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
  /** Load the Hessian demo data on first start. */
  demoData: boolean;
  /** This installation's Redaktion id, used as XZuFi schemeAgencyID of its own objects. */
  schemeAgencyId: string;
  /** Public base URL used in links (OpenAPI servers, next-page links). */
  publicUrl: string | undefined;
  /** Directory of the official XZuFi XSDs; when set, imports and exports are validated against them. */
  xzufiXsdDir: string | undefined;
  /** Largest accepted XZuFi import (after gzip decoding), in bytes. */
  importBodyLimit: number;
  /** Imports larger than this run as a job: 202 with a job id to poll. */
  importAsyncBytes: number;
  /** Signs session cookies; required in production (several instances must share it). */
  sessionSecret: string;
  /** Idle lifetime of an editor session. */
  sessionTtlMinutes: number;
  /** Origins of portals allowed to call the read endpoints from browsers (CORS); none by default. */
  corsOrigins: string[];
  /** Requests per minute and address for anonymous clients (per instance). */
  anonymousRateLimit: number;
  /** Which proxies to trust for X-Forwarded-* (client address, https): Express `trust proxy` syntax. */
  trustProxy: string;
  /** Run background jobs in this instance (every instance may; each job runs once). */
  jobRunner: boolean;
  /** How often an idle job runner looks for due jobs (scheduled publishing fires within this). */
  jobPollMs: number;
  /** Let the link checker fetch private and loopback addresses (off: no probing of the inside network). */
  linkCheckAllowPrivate: boolean;
  /** How soon the portal of this instance shows what another instance published (its own writes show at once). */
  portalSyncMs: number;
  /**
   * Without PUBLIC_URL: the Host names absolute URLs may be built from (canonical links, sitemap,
   * JSON-LD, next-page URLs); any other Host header is ignored for them.
   */
  allowedHosts: string[];
  /** Bearer token Prometheus sends for /metrics; without one, /metrics answers loopback callers only. */
  metricsToken: string | undefined;
  /** Let webhook deliveries go to loopback and private addresses (tests, closed networks). */
  webhookAllowPrivate: boolean;
  /** Secret the sources' stored credentials are encrypted under (src/sources/credentials.ts); without it, sources take no credentials. */
  credentialsKey: string | undefined;
  /** Let sources be collected from loopback and private addresses (tests, closed networks). */
  sourceAllowPrivate: boolean;
  /** Time one request of a source may take (a whole transfer file included). */
  sourceTimeoutMs: number;
  /** How long a job's claim holds without renewal; a stopped instance's job is taken over after it. */
  jobLeaseMs: number;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** `5mb`, `512kb`, `1048576` → bytes. */
function size(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const match = /^(\d+)\s*(b|kb|mb|gb)?$/i.exec(raw.trim());
  if (!match) throw new ConfigError(`${name} must be a size like 5mb or 1048576, got "${raw}"`);
  const factor = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(match[2] ?? 'b').toLowerCase() as 'b'];
  return Number(match[1]) * factor;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw;
}

function directory(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const dir = resolve(raw);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError(`${name} must name an existing directory, got "${raw}"`);
  return dir;
}

/** Host names (without port) separated by commas; IPv6 addresses with or without brackets. */
function hosts(env: Env, name: string, fallback: string[]): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  return raw.split(',').map((h) => h.trim().toLowerCase().replace(/^\[|\]$/g, '')).filter(Boolean).map((h) => {
    if (!/^[a-z0-9.:-]+$/.test(h)) throw new ConfigError(`${name} must be host names separated by commas (no scheme, no port), got "${h}"`);
    return h;
  });
}

function secret(env: Env, name: string, minLength: number): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < minLength || /\s/.test(raw)) throw new ConfigError(`${name} must be at least ${minLength} characters without spaces`);
  return raw;
}

function sessionSecret(env: Env, nodeEnv: string): string {
  const raw = env.SESSION_SECRET;
  if (raw === undefined || raw === '') {
    if (nodeEnv === 'production') throw new ConfigError('SESSION_SECRET must be set in production (32 or more random characters, the same on every instance)');
    // Development: sessions end with the process, which is fine for one local instance.
    return randomBytes(32).toString('base64url');
  }
  if (raw.length < 32) throw new ConfigError('SESSION_SECRET must be at least 32 characters long');
  return raw;
}

function origins(env: Env, name: string): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((o) => o.trim()).filter(Boolean).map((o) => {
    let parsed: URL;
    try {
      parsed = new URL(o);
    } catch {
      throw new ConfigError(`${name} must be a comma-separated list of origins like https://portal.example, got "${o}"`);
    }
    if (parsed.origin !== o) throw new ConfigError(`${name}: "${o}" is not an origin (scheme://host[:port], no path)`);
    return o;
  });
}

/** DATABASE_READ_URL: one or more PostgreSQL URLs separated by commas or spaces; only beside DATABASE_URL. */
function readUrls(env: Env): string[] {
  const raw = env.DATABASE_READ_URL?.trim();
  if (!raw) return [];
  if (!env.DATABASE_URL) throw new ConfigError('DATABASE_READ_URL needs DATABASE_URL: replicas are of a PostgreSQL server, not of the embedded database');
  return raw.split(/[\s,]+/).filter(Boolean).map((u, i) => url({ [`DATABASE_READ_URL[${i + 1}]`]: u }, `DATABASE_READ_URL[${i + 1}]`, ['postgres:', 'postgresql:'])!);
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const schemeAgencyId = env.XZUFI_SCHEME_AGENCY_ID || 'S06000';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(schemeAgencyId)) {
    throw new ConfigError(`XZUFI_SCHEME_AGENCY_ID must be 1–64 letters, digits, '.', '_' or '-', got "${schemeAgencyId}"`);
  }
  return {
    nodeEnv,
    port: int(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseReadUrls: readUrls(env),
    databaseReadMaxLagMs: int(env, 'DATABASE_READ_MAX_LAG_MS', 5000, 0, 3_600_000),
    databaseReadCheckMs: int(env, 'DATABASE_READ_CHECK_MS', 1000, 50, 600_000),
    dataDir: resolve(env.DATA_DIR || './data'),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, nodeEnv === 'test' ? 'silent' : 'info'),
    bodyLimit: size(env, 'BODY_LIMIT', 5 * 1024 * 1024),
    demoData: bool(env, 'DEMO_DATA', nodeEnv !== 'production'),
    schemeAgencyId,
    publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']),
    xzufiXsdDir: directory(env, 'XZUFI_XSD_DIR'),
    importBodyLimit: size(env, 'IMPORT_BODY_LIMIT', 100 * 1024 * 1024),
    importAsyncBytes: size(env, 'IMPORT_ASYNC_BYTES', 2 * 1024 * 1024),
    sessionSecret: sessionSecret(env, nodeEnv),
    sessionTtlMinutes: int(env, 'SESSION_TTL_MINUTES', 8 * 60, 5, 7 * 24 * 60),
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    anonymousRateLimit: int(env, 'ANONYMOUS_RATE_LIMIT', 300, 1, 1_000_000),
    trustProxy: env.TRUST_PROXY || 'loopback',
    jobRunner: bool(env, 'JOB_RUNNER', true),
    jobPollMs: int(env, 'JOB_POLL_MS', 5000, 100, 3_600_000),
    linkCheckAllowPrivate: bool(env, 'LINK_CHECK_ALLOW_PRIVATE', false),
    portalSyncMs: int(env, 'PORTAL_SYNC_MS', 1000, 10, 600_000),
    allowedHosts: hosts(env, 'ALLOWED_HOSTS', ['localhost', '127.0.0.1', '::1']),
    metricsToken: secret(env, 'METRICS_TOKEN', 16),
    webhookAllowPrivate: bool(env, 'WEBHOOK_ALLOW_PRIVATE', false),
    credentialsKey: secret(env, 'CREDENTIALS_KEY', 32),
    sourceAllowPrivate: bool(env, 'SOURCE_ALLOW_PRIVATE', false),
    sourceTimeoutMs: int(env, 'SOURCE_TIMEOUT_MS', 120_000, 100, 3_600_000),
    jobLeaseMs: int(env, 'JOB_LEASE_MS', 5 * 60_000, 1000, 24 * 3_600_000),
  };
}

/** Settings the test harness needs (which database to run the suite against). */
export interface TestConfig {
  testDatabaseUrl: string | undefined;
  target: 'pglite' | 'postgres';
}

export function loadTestConfig(env: Env = process.env): TestConfig {
  return {
    testDatabaseUrl: url(env, 'TEST_DATABASE_URL', ['postgres:', 'postgresql:']),
    target: oneOf(env, 'TEST_DB', ['pglite', 'postgres'] as const, 'pglite'),
  };
}
