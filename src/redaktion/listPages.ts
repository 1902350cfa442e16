/**
 * The workspace's object lists (`/redaktion/{type}`): the request's filters and page, read
 * through the API's visibility (working versions only where the editor may see them), rows
 * described by lists.ts.
 */
import type { Router } from 'express';
import { decide, scopeOf, STATUSES, visibilityOf, type Resource } from '../auth/policy';
import { draftsByUuid } from '../db/draftStore';
import { listObjects, PUBLISHED } from '../db/objectStore';
import { statusIs, visibleWhere } from '../db/visibility';
import { langOf } from '../portal/i18n';
import { factsOfRow, seesWorkingVersion, workingOf } from '../shared/objectService';
import { describeRows, gebietFilter, listFilters, PAGE } from './lists';
import { langQ, typeByPath, type Pages } from './pages';
import { objectName, STATUS_LABEL, TYPE_LABEL } from './view';
import { objectTables } from '../db/schema';
import { OBJECT_TYPES } from '../objectTypes';

const typeNamed = (name: string) => OBJECT_TYPES.find((t) => t.name === name)!;


export function registerListPages(router: Router, { db, send, signedIn, notFound }: Pages): void {

  router.get('/:type', async (req, res) => {
    const type = typeByPath(String(req.params.type));
    if (!type) return notFound(req, res);
    const actor = signedIn(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const status = typeof req.query.status === 'string' && (STATUSES as readonly string[]).includes(req.query.status) ? req.query.status : '';
    const resource = type.name as Resource;
    // A municipality or Landkreis sees its own objects first; "alle" shows everything it may read.
    const local = actor.tenantId !== null && actor.area !== null && actor.area.length > 2;
    const mine = req.query.wer === 'meine' || (req.query.wer !== 'alle' && local && type.name !== 'Leistung');
    const gebiet = await gebietFilter(db, req.query.gebiet);
    // Order: as created (default) or last changed first; the next page starts after the last row's position.
    const byChange = req.query.sortierung === 'geaendert';
    const nach = typeof req.query.nach === 'string' ? req.query.nach : '';
    const after = !byChange && /^\d{1,15}$/.test(nach) ? Number(nach) : undefined;
    const afterChanged = byChange && /^\d{1,15}\.\d{1,15}$/.test(nach) ? { at: new Date(Number(nach.split('.')[0])), seq: Number(nach.split('.')[1]) } : undefined;
    const kategorieVisible = visibleWhere(objectTables.kategorien, visibilityOf(actor, 'Kategorie'));
    const kategorien = type.name === 'Leistung' ? await listObjects(db, objectTables.kategorien, { limit: 200, where: kategorieVisible ? [kategorieVisible] : [] }) : [];
    const kategorie = typeof req.query.kategorie === 'string' && kategorien.some((k) => k.uuid === req.query.kategorie) ? req.query.kategorie : '';
    const visibility = visibilityOf(actor, resource);
    const visible = visibleWhere(type.table, visibility);
    const rows = await listObjects(db, type.table, {
      limit: PAGE + 1, afterSeq: after, q: q || undefined, order: byChange ? 'changed' : 'created', afterChanged,
      where: [...(visible ? [visible] : []), ...(status ? [statusIs(type.table, status, visibility)] : []), ...listFilters(type, actor, { mine, gebiet: gebiet?.key, kategorie })],
    });
    const page = rows.slice(0, PAGE);
    // Working versions only of the rows whose drafts the editor may see (as the API).
    const drafts = await draftsByUuid(db, page.filter((row) => seesWorkingVersion(actor, type, row)).map((row) => row.uuid));
    const working = page.map((row) => ({ row, w: workingOf(row, drafts.get(row.uuid)) }));
    const described = await describeRows(db, type, working.map(({ row, w }) => ({ row, content: w.content })), lang);
    const items = working.map(({ row, w }, i) => ({
      url: `/redaktion/${type.path}/${row.uuid}${langQ(lang)}`, name: described[i]!.name, gebiete: described[i]!.gebiete,
      status: STATUS_LABEL[lang][w.status], live: row.status === PUBLISHED, changedAt: w.changedAt, changedBy: w.changedBy,
      editable: decide(actor, 'update', resource, factsOfRow(row)).ok,
    }));
    const params = (extra: Record<string, string | undefined>) => {
      const p = new URLSearchParams();
      const base: Record<string, string | undefined> = { q: q || undefined, status: status || undefined, gebiet: gebiet ? String(req.query.gebiet) : undefined, wer: typeof req.query.wer === 'string' ? req.query.wer : undefined, kategorie: kategorie || undefined, sortierung: byChange ? 'geaendert' : undefined, lang: lang === 'en' ? 'en' : undefined };
      for (const [k, v] of Object.entries({ ...base, ...extra })) if (v) p.set(k, v);
      const text = p.toString();
      return `/redaktion/${type.path}${text ? `?${text}` : ''}`;
    };
    send(req, res, 'redaktion/list', {
      heading: TYPE_LABEL[type.name]![lang === 'en' ? 1 : 0], type: { path: type.path, name: type.name }, items, q, status,
      statuses: STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[lang][s], selected: s === status })),
      canCreate: scopeOf(actor, resource, 'create') !== undefined,
      canFilterMine: actor.tenantId !== null, mine, gebiet: gebiet ? String(req.query.gebiet) : '', gebietName: gebiet?.name,
      nextUrl: rows.length > PAGE ? params({ nach: byChange ? `${((page[page.length - 1] as unknown as { sortChanged: Date }).sortChanged).getTime()}.${page[page.length - 1]!.seq}` : String(page[page.length - 1]!.seq) }) : undefined,
      firstUrl: after !== undefined || afterChanged ? params({}) : undefined, byChange,
      kategorien: kategorien.map((k) => ({ value: k.uuid, label: objectName(typeNamed('Kategorie'), k.content, lang), selected: k.uuid === kategorie })),
    });
  });
}
