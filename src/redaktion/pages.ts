/**
 * What the workspace's page modules (lists, OZG, Verwaltung) share with the router that mounts
 * them (routes.ts): the database, rendering in the workspace layout, the sign-in check, the
 * not-found page, and small helpers for language and object types in URLs.
 */
import type { Request, Response } from 'express';
import type { Principal } from '../auth/policy';
import type { Db } from '../db/client';
import { OBJECT_TYPES } from '../objectTypes';
import type { Lang } from '../portal/i18n';

export interface Pages {
  db: Db;
  /** Renders a template in the workspace layout. */
  send(req: Request, res: Response, name: string, model: Record<string, unknown>, status?: number): void;
  /** The signed-in editor, or a redirect to the sign-in (then undefined). */
  signedIn(req: Request, res: Response): Principal | undefined;
  notFound(req: Request, res: Response): void;
}

/** `?lang=en` for links in the English workspace. */
export const langQ = (lang: Lang) => (lang === 'en' ? '?lang=en' : '');

/** The object type of a workspace path segment (`leistungen` → Leistung). */
export const typeByPath = (path: string) => OBJECT_TYPES.find((t) => t.path === path);
