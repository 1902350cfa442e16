/**
 * The workspace's Verwaltung (right manage_access): tenants, users and API tokens — what an admin
 * needs to set up a new municipality through the pages. The rules are those of the admin API
 * (src/tenant/admin.ts); a token's secret is shown once, on the page that answers its creation.
 */
import type { Request, Response, Router } from 'express';
import { canDo, type Principal } from '../auth/policy';
import { TOKEN_ROLES } from '../auth/tokens';
import { listTenants, listTokens, listUsers, revokeToken, setUserDisabled } from '../db/accessStore';
import { langOf, type Lang } from '../portal/i18n';
import { AppError, type ErrorDetail } from '../shared/errors';
import { isUuid } from '../shared/references';
import { createUserAccount, issueToken, saveTenant, TENANT_KINDS, updateUserAccount, USER_ROLES } from '../tenant/admin';
import { editorMessage } from './messages';
import type { Pages } from './pages';
import { resolvePick } from './pickers';


const KIND_LABEL: Record<string, [string, string]> = {
  landesredaktion: ['Landesredaktion', 'state editorial office'], fachressort: ['Fachressort (Ministerium)', 'ministry'], landkreis: ['Landkreis', 'district'],
  kommune: ['Kommune', 'municipality'], integration: ['Integration (Fachverfahren)', 'integration'], portal: ['Portal', 'portal'],
};
const ROLE_LABEL: Record<string, [string, string]> = {
  admin: ['Administration', 'administrator'], landesredakteur: ['Landesredakteur/in', 'state editor'], fachressort: ['Fachressort (Freigabe)', 'ministry approver'],
  kommunalredakteur: ['Kommunalredakteur/in', 'municipal editor'], portal: ['Portal (nur lesen)', 'portal (read only)'],
};
const options = (values: readonly string[], labels: Record<string, [string, string]>, lang: Lang, selected?: string) =>
  values.map((v) => ({ value: v, label: labels[v]?.[lang === 'en' ? 1 : 0] ?? v, selected: v === selected }));

export function registerAdminPages(router: Router, { db, send, signedIn, notFound }: Pages): void {
  const admin = (req: Request, res: Response): Principal | undefined => {
    const actor = signedIn(req, res);
    if (!actor) return undefined;
    if (canDo(actor, 'manage_access')) return actor;
    notFound(req, res);
    return undefined;
  };

  async function page(req: Request, res: Response, extra: { errors?: ErrorDetail[]; form?: string; values?: Record<string, unknown>; done?: string; secret?: { token: string; label: string } } = {}, status = 200) {
    const lang = langOf(req.query.lang);
    const [tenants, users, tokens] = await Promise.all([listTenants(db), listUsers(db), listTokens(db)]);
    const v = (extra.values ?? {}) as Record<string, string>;
    const shown = (extra.errors ?? []).map((e) => editorMessage(e, lang));
    const errorAt = (form: string, path: string) => (extra.form === form ? shown.find((e) => e.path === path)?.message : undefined);
    const tenantName = new Map(tenants.map((t) => [t.id, t.name]));
    send(req, res, 'redaktion/verwaltung', {
      heading: lang === 'en' ? 'Administration' : 'Verwaltung',
      errorList: shown.map((e) => ({ message: e.message, anchor: e.path.replace(/^\/|^path\./, '') ? `${extra.form}-${e.path.replace(/^\/|^path\./, '')}` : String(extra.form) })),
      done: extra.done, secret: extra.secret, values: v, form: extra.form,
      tenants: tenants.map((t) => ({ ...t, kindLabel: KIND_LABEL[t.kind]?.[lang === 'en' ? 1 : 0] ?? t.kind, gruppen: t.leistungsgruppierungen.join(', ') })),
      users: users.map((u) => ({ ...u, tenantName: tenantName.get(u.tenantId) ?? u.tenantId, roleLabel: ROLE_LABEL[u.role]?.[lang === 'en' ? 1 : 0] ?? u.role })),
      tokens: tokens.map((t) => ({ ...t, tenantName: tenantName.get(t.tenantId) ?? t.tenantId, roleLabel: ROLE_LABEL[t.role]?.[lang === 'en' ? 1 : 0] ?? t.role, active: !t.revokedAt && (!t.expiresAt || t.expiresAt > new Date()) })),
      kindOptions: options(TENANT_KINDS, KIND_LABEL, lang, v.kind), roleOptions: options(USER_ROLES, ROLE_LABEL, lang, v.role),
      tokenRoleOptions: options(TOKEN_ROLES, ROLE_LABEL, lang, v.role),
      userOptions: users.map((u) => ({ value: u.id, label: `${u.id} (${u.displayName})${u.disabled ? (lang === 'en' ? ' – disabled' : ' – gesperrt') : ''}`, selected: extra.form === 'aendern' && u.id === v.id })),
      changeRoleOptions: [{ value: '', label: lang === 'en' ? '– unchanged –' : '– unverändert –', selected: !v.role }, ...options(USER_ROLES, ROLE_LABEL, lang, extra.form === 'aendern' ? v.role : undefined)],
      tenantOptions: tenants.map((t) => ({ value: t.id, label: `${t.name} (${t.id})`, selected: t.id === v.tenant })),
      err: {
        tenantId: errorAt('mandant', 'path.id'), tenantName: errorAt('mandant', '/name'), tenantKind: errorAt('mandant', '/kind'), tenantArs: errorAt('mandant', '/ars'), tenantGruppen: errorAt('mandant', '/leistungsgruppierungen'),
        userId: errorAt('benutzer', '/id'), userPassword: errorAt('benutzer', '/password'), userTenant: errorAt('benutzer', '/tenant'), userRole: errorAt('benutzer', '/role'),
        token: extra.form === 'token' ? shown[0]?.message : undefined,
        changeId: errorAt('aendern', '/id'), changeRole: errorAt('aendern', '/role'), changePassword: errorAt('aendern', '/password'),
      },
    }, status);
  }

  router.get('/verwaltung', async (req, res) => {
    if (!admin(req, res)) return;
    await page(req, res);
  });

  router.post('/verwaltung/mandanten', async (req, res) => {
    const actor = admin(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    const body = req.body as Record<string, string>;
    try {
      // The Gebiet as a name, PLZ or ARS (the pickers' rules); empty: none.
      let ars: string | null = null;
      const typed = String(body.gebiet ?? '').trim();
      if (typed) {
        const found = await resolvePick(db, actor, 'Gebiet', typed, lang);
        if (!('value' in found)) throw new AppError('validation_failed', 'unknown Gebiet', [{ path: '/ars', message: 'choices' in found ? (lang === 'en' ? `“${typed}” matches several areas: give the 12-digit ARS` : `„${typed}“ passt auf mehrere Gebiete: bitte den 12-stelligen Regionalschlüssel angeben`) : (lang === 'en' ? `No area “${typed}”` : `Kein Gebiet „${typed}“ gefunden`) }]);
        ars = found.value;
      }
      const gruppen = String(body.leistungsgruppierungen ?? '').split(/[\s,;]+/).filter(Boolean);
      const { created, tenant } = await saveTenant(db, String(body.id ?? '').trim(), { kind: body.kind, name: String(body.name ?? '').trim(), ars, leistungsgruppierungen: gruppen });
      await page(req, res, { done: lang === 'en' ? `Tenant ${tenant.name} ${created ? 'created' : 'updated'}.` : `Mandant ${tenant.name} ${created ? 'angelegt' : 'geändert'}.` });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await page(req, res, { errors: err.details.length ? err.details : [{ path: '/', message: err.message }], form: 'mandant', values: body }, 422);
    }
  });

  router.post('/verwaltung/benutzer', async (req, res) => {
    if (!admin(req, res)) return;
    const lang = langOf(req.query.lang);
    const body = req.body as Record<string, string>;
    try {
      const user = await createUserAccount(db, { id: String(body.id ?? '').trim(), displayName: String(body.displayName ?? '').trim(), tenant: body.tenant, role: body.role, password: body.password });
      await page(req, res, { done: lang === 'en' ? `User ${user.id} created; they can sign in now.` : `Benutzer ${user.id} angelegt; die Anmeldung ist ab sofort möglich.` });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await page(req, res, { errors: err.details.length ? err.details : [{ path: '/', message: err.message }], form: 'benutzer', values: { ...body, password: '' } }, err.status);
    }
  });

  router.post('/verwaltung/benutzer/:id/sperren', async (req, res) => {
    if (!admin(req, res)) return;
    const lang = langOf(req.query.lang);
    const id = String(req.params.id);
    const ok = await setUserDisabled(db, id, true);
    await page(req, res, ok ? { done: lang === 'en' ? `User ${id} disabled; their sessions have ended.` : `Benutzer ${id} gesperrt; laufende Sitzungen sind beendet.` } : { errors: [{ path: '/', message: lang === 'en' ? 'No such user' : 'Diesen Benutzer gibt es nicht' }], form: 'benutzer' }, ok ? 200 : 404);
  });

  // One user changed: a new role, a password reset (ends their sessions), unblocking.
  router.post('/verwaltung/benutzer-aendern', async (req, res) => {
    if (!admin(req, res)) return;
    const lang = langOf(req.query.lang);
    const id = typeof req.body.id === 'string' ? req.body.id : '';
    const change: Record<string, unknown> = {};
    if (typeof req.body.role === 'string' && req.body.role) change.role = req.body.role;
    if (typeof req.body.password === 'string' && req.body.password) change.password = req.body.password;
    if (req.body.entsperren === 'ja') change.disabled = false;
    try {
      if (Object.keys(change).length === 0) throw new AppError('validation_failed', 'nothing to change', [{ path: '/role', message: 'nothing to change' }]);
      await updateUserAccount(db, id, change);
      const what = [change.role ? (lang === 'en' ? `role ${ROLE_LABEL[String(change.role)]?.[1]}` : `Rolle ${ROLE_LABEL[String(change.role)]?.[0]}`) : '', change.password ? (lang === 'en' ? 'new password (sessions ended)' : 'neues Passwort (Sitzungen beendet)') : '', change.disabled === false ? (lang === 'en' ? 'unblocked' : 'entsperrt') : ''].filter(Boolean).join(', ');
      await page(req, res, { done: lang === 'en' ? `User ${id} changed: ${what}.` : `Benutzer ${id} geändert: ${what}.` });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const details = err.status === 404 ? [{ path: '/id', message: lang === 'en' ? 'No such user' : 'Diesen Benutzer gibt es nicht' }] : err.details.length ? err.details : [{ path: '/', message: err.message }];
      await page(req, res, { errors: details, form: 'aendern', values: { id, role: String(req.body.role ?? '') } }, err.status);
    }
  });

  router.post('/verwaltung/tokens', async (req, res) => {
    const actor = admin(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    const body = req.body as Record<string, string>;
    try {
      const created = await issueToken(db, { tenant: body.tenant, role: body.role, ars: String(body.ars ?? '').trim(), label: String(body.label ?? '').trim(), expiresInDays: String(body.tage ?? '').trim() }, actor.id);
      await page(req, res, { done: lang === 'en' ? 'Token created.' : 'Token erstellt.', secret: { token: created.token, label: String(body.label ?? '').trim() } });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await page(req, res, { errors: err.details.length ? err.details : [{ path: '/', message: err.message }], form: 'token', values: body }, err.status);
    }
  });

  router.post('/verwaltung/tokens/:id/widerrufen', async (req, res) => {
    if (!admin(req, res)) return;
    const lang = langOf(req.query.lang);
    const id = String(req.params.id);
    const ok = isUuid(id) && await revokeToken(db, id.toLowerCase());
    await page(req, res, ok ? { done: lang === 'en' ? 'Token revoked; it no longer works.' : 'Token widerrufen; es gilt ab sofort nicht mehr.' } : { errors: [{ path: '/', message: lang === 'en' ? 'No such active token' : 'Kein gültiges Token mit dieser Kennung' }], form: 'token' }, ok ? 200 : 404);
  });
}
