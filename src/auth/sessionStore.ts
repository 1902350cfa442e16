/** express-session store on the application database (PGlite or PostgreSQL), shared by all instances. */
import session from 'express-session';
import type { Db } from '../db/client';
import { deleteExpiredSessions, destroySession, getSession, setSession, touchSession } from '../db/accessStore';

type Callback = (err?: unknown, value?: session.SessionData | null) => void;

export class DatabaseSessionStore extends session.Store {
  private lastSweep = 0;

  constructor(private readonly db: Db, private readonly ttlMs: number) {
    super();
  }

  private expiry(sess: session.SessionData): Date {
    const cookieExpiry = sess.cookie?.expires ? new Date(sess.cookie.expires) : undefined;
    return cookieExpiry ?? new Date(Date.now() + this.ttlMs);
  }

  override get(sid: string, cb: Callback): void {
    getSession(this.db, sid).then((data) => cb(undefined, (data as session.SessionData | undefined) ?? null), cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const sweep = Date.now() - this.lastSweep > 10 * 60_000;
    if (sweep) this.lastSweep = Date.now();
    setSession(this.db, sid, JSON.parse(JSON.stringify(sess)) as Record<string, unknown>, this.expiry(sess))
      .then(() => (sweep ? deleteExpiredSessions(this.db) : undefined))
      .then(() => cb?.(), (err) => cb?.(err));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    destroySession(this.db, sid).then(() => cb?.(), (err) => cb?.(err));
  }

  override touch(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    touchSession(this.db, sid, this.expiry(sess)).then(() => cb?.(), (err) => cb?.(err));
  }
}
