/**
 * Authentication at the edge: editors sign in with passport-local into a session kept in the
 * database; systems send `Authorization: Bearer <token>`; everybody else is anonymous (read-only,
 * rate-limited). Session-authenticated writes need the CSRF token of their session.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { canDo, ANONYMOUS, type Capability, type Principal, type Role } from '../auth/policy';
import { dummyHash, verifyPassword } from '../auth/passwords';
import { DatabaseSessionStore } from '../auth/sessionStore';
import { principalOfToken, tenantPrincipal } from '../auth/tokens';
import { clearLoginFailures, countLoginAttempt, findUserWithTenant, isKnownLoginAddress, rememberLoginAddress, uncountLoginAttempt } from '../db/accessStore';
import { AppError } from '../shared/errors';
import type { AppDeps } from './deps';

declare module 'express-session' {
  interface SessionData { csrfToken?: string }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface User { principal: Principal }
  }
}

export const SESSION_COOKIE = 'fimr.sid';
const LOGIN_WINDOW_MS = 15 * 60_000;
/**
 * Sign-in attempts per 15-minute window: for one account from one address; from one address for
 * all accounts; and for one account from addresses it never signed in from.
 */
export const LOGIN_LIMITS = { perAccountAndAddress: 5, perAddress: 50, perAccountFromNewAddresses: 20 };
const GENERIC_LOGIN_ERROR = 'Benutzername oder Passwort falsch (user name or password wrong)';

async function principalOfUser(deps: AppDeps, id: string): Promise<Principal | undefined> {
  const found = await findUserWithTenant(deps.database.db, id);
  if (!found || found.user.disabled) return undefined;
  return tenantPrincipal(found.user.id, found.user.role as Role, found.tenant);
}

export interface Authentication {
  /** Session, passport and the principal of every request (res.locals.actor). */
  middleware: RequestHandler[];
  /** Signs in (for the editor workspace's login form); the caller checks the CSRF token. */
  logIn(req: Request, username: string, password: string): Promise<Principal>;
  /** /auth: csrf, login, logout, me. */
  router: Router;
}

export function authentication(deps: AppDeps): Authentication {
  const passport = new Passport();
  passport.use(new LocalStrategy(async (username, password, done) => {
    try {
      const found = await findUserWithTenant(deps.database.db, username.toLowerCase());
      // Verify against a dummy hash for unknown users: the answer takes as long either way.
      const ok = await verifyPassword(found?.user.passwordHash ?? await dummyHash(), password);
      if (!found || !ok || found.user.disabled) return done(null, false);
      return done(null, { principal: tenantPrincipal(found.user.id, found.user.role as Role, found.tenant) });
    } catch (err) {
      return done(err);
    }
  }));
  passport.serializeUser((user, done) => done(null, user.principal.id));
  passport.deserializeUser((id: string, done) => {
    principalOfUser(deps, id).then((principal) => done(null, principal ? { principal } : false), done);
  });

  const ttl = deps.config.sessionTtlMinutes * 60_000;
  const sessionMiddleware = session({
    name: SESSION_COOKIE,
    secret: deps.config.sessionSecret,
    store: new DatabaseSessionStore(deps.database.db, ttl),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: ttl },
  });

  const resolvePrincipal: RequestHandler = async (req, res, next) => {
    const header = req.get('authorization');
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const principal = match ? await principalOfToken(deps.database.db, match[1]!) : undefined;
      if (!principal) {
        res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
        throw new AppError('unauthenticated', 'The token is unknown, expired or revoked');
      }
      res.locals.actor = principal;
      next();
      return;
    }
    res.locals.actor = req.user?.principal ?? ANONYMOUS;
    res.locals.viaSession = req.user !== undefined;
    next();
  };

  // Only cookie-authenticated requests can be forged by another site; bearer tokens cannot.
  const csrf: RequestHandler = (req, res, next) => {
    // The editor workspace parses its form bodies first and checks the token itself (src/redaktion/).
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || !res.locals.viaSession || req.path.startsWith('/redaktion/') || req.path === '/redaktion') {
      next();
      return;
    }
    checkCsrf(req);
    next();
  };

  const router = Router();
  router.use(express.json({ limit: '10kb' }), express.urlencoded({ extended: false, limit: '10kb' }));

  router.get('/csrf', (req, res) => {
    req.session.csrfToken ??= randomBytes(32).toString('base64url');
    res.set('Cache-Control', 'no-store').json({ csrfToken: req.session.csrfToken });
  });

  /**
   * Signs in with username and password (the caller checked the CSRF token). Every attempt is
   * counted before the password is looked at, atomically, per account and address, per address,
   * and per account; a stranger's failures lock an account only for addresses it never signed in
   * from, so its owner still gets in from a known one. One generic error; a new session id and
   * CSRF token afterwards.
   */
  const logIn = async (req: Request, username: string, password: string): Promise<Principal> => {
    const name = username.toLowerCase().slice(0, 100);
    const windowStart = new Date(Math.floor(Date.now() / LOGIN_WINDOW_MS) * LOGIN_WINDOW_MS);
    const address = createHash('sha256').update(req.ip ?? 'unknown').digest('hex');
    const keys = { pair: `pair:${name}|${address}`, account: `user:${name}`, address: `ip:${address}` };
    const db = deps.database.db;
    const counts = await countLoginAttempt(db, [keys.pair, keys.address, keys.account], windowStart);
    const over = (counts.get(keys.pair) ?? 0) > LOGIN_LIMITS.perAccountAndAddress || (counts.get(keys.address) ?? 0) > LOGIN_LIMITS.perAddress
      || ((counts.get(keys.account) ?? 0) > LOGIN_LIMITS.perAccountFromNewAddresses && !await isKnownLoginAddress(db, name, address));
    if (over) {
      throw Object.assign(new AppError('rate_limited', 'Zu viele Anmeldeversuche; bitte später erneut (too many sign-in attempts; try later)'),
        { retryAfter: Math.ceil((windowStart.getTime() + LOGIN_WINDOW_MS - Date.now()) / 1000) });
    }
    const user = await new Promise<Express.User | false>((resolve, reject) => {
      req.body = { ...(req.body ?? {}), username: name, password };
      passport.authenticate('local', { session: false }, (err: unknown, found: Express.User | false) => (err ? reject(err) : resolve(found)))(req, {} as Response, reject);
    });
    if (!user) throw new AppError('unauthenticated', GENERIC_LOGIN_ERROR);
    // A success is no failure: it clears its pair and does not count for account and address.
    await clearLoginFailures(db, keys.pair);
    await uncountLoginAttempt(db, [keys.account, keys.address], windowStart);
    await rememberLoginAddress(db, name, address);
    // passport regenerates the session here: a session id known before the login is worthless after it.
    await new Promise<void>((resolve, reject) => req.logIn(user, (e) => (e ? reject(e) : resolve())));
    req.session.csrfToken = randomBytes(32).toString('base64url');
    return user.principal;
  };

  router.post('/login', async (req, res) => {
    checkCsrf(req);
    try {
      const principal = await logIn(req, typeof req.body?.username === 'string' ? req.body.username : '', typeof req.body?.password === 'string' ? req.body.password : '');
      res.json({ user: presentPrincipal(principal), csrfToken: req.session.csrfToken });
    } catch (err) {
      const retryAfter = (err as { retryAfter?: number }).retryAfter;
      if (retryAfter) res.set('Retry-After', String(retryAfter));
      throw err;
    }
  });

  router.post('/logout', async (req, res) => {
    if (req.user) checkCsrf(req);
    await new Promise<void>((resolve, reject) => req.logout((e) => (e ? reject(e) : resolve())));
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie(SESSION_COOKIE).status(204).end();
  });

  router.get('/me', (_req, res) => {
    const actor = res.locals.actor as Principal;
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Not signed in and no token sent');
    res.set('Cache-Control', 'no-store').json({ user: presentPrincipal(actor) });
  });

  // A session exists only once somebody signs in, and only the sign-in pages and /auth start one:
  // other requests without the session cookie (citizens, systems with tokens) skip the session
  // machinery, which would otherwise make up a session id for every portal page.
  const sessionChain = [sessionMiddleware, passport.initialize(), passport.session()];
  const withSession: RequestHandler = (req, res, next) => {
    const mayStart = req.path.startsWith('/auth/') || req.path === '/redaktion' || req.path.startsWith('/redaktion/');
    if (!mayStart && !req.headers.cookie?.includes(`${SESSION_COOKIE}=`)) {
      next();
      return;
    }
    let i = 0;
    const step = (err?: unknown): void => {
      if (err || i === sessionChain.length) { next(err); return; }
      sessionChain[i++]!(req, res, step);
    };
    step();
  };

  return {
    middleware: [withSession, resolvePrincipal, csrf],
    router,
    logIn,
  };
}

export function checkCsrf(req: Request): void {
  const sent = req.get('x-csrf-token') ?? (typeof req.body?._csrf === 'string' ? req.body._csrf : undefined);
  if (!csrfMatches(req, sent)) {
    throw new AppError('csrf_failed', 'The CSRF token is missing or wrong; fetch /auth/csrf and send it as X-CSRF-Token');
  }
}

/** Whether `sent` is the session's CSRF token (a form that carries it in its own body, e.g. multipart). */
export function csrfMatches(req: Request, sent: string | undefined): boolean {
  const expected = req.session?.csrfToken;
  return !!sent && !!expected && sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

export function presentPrincipal(p: Principal) {
  return { id: p.id, kind: p.kind, role: p.role, tenant: p.tenantId, ars: p.area, limit: p.limit, leistungsgruppierungen: p.leistungsgruppierungen };
}

/** 401 for anonymous callers, 403 naming the right for the others. */
export function requireCapability(capability: Capability): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const actor = res.locals.actor as Principal;
    if (canDo(actor, capability)) {
      next();
      return;
    }
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in or send a token');
    throw new AppError('forbidden', `The role ${actor.role} lacks the right ${capability}`);
  };
}

/** A fixed window per address for anonymous callers (per instance). */
export function anonymousRateLimit(perMinute: number): RequestHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return (req, res, next) => {
    if ((res.locals.actor as Principal).kind !== 'anonymous') {
      next();
      return;
    }
    const now = Date.now();
    const start = now - (now % 60_000);
    const key = req.ip ?? 'unknown';
    const w = windows.get(key);
    if (!w || w.start !== start) {
      if (windows.size > 100_000) windows.clear();
      windows.set(key, { start, count: 1 });
    } else if (++w.count > perMinute) {
      res.set('Retry-After', String(Math.ceil((start + 60_000 - now) / 1000)));
      throw new AppError('rate_limited', `More than ${perMinute} requests a minute; sign in or use a token for more`);
    }
    next();
  };
}

/** CORS for the read endpoints, for the configured portal origins only; writes never. */
export function readCors(origins: string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin && origins.includes(origin) && ['GET', 'HEAD', 'OPTIONS'].includes(req.method)) {
      res.vary('Origin');
      res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'ETag, Link, XZuFi-Next-Cursor, XZuFi-Complete' });
      if (req.method === 'OPTIONS') {
        res.set({ 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': 'Authorization, If-None-Match', 'Access-Control-Max-Age': '600' }).status(204).end();
        return;
      }
    }
    next();
  };
}
