/**
 * The workspace dashboard: what waits for the signed-in editor — own drafts, approvals, ready to
 * publish, master-change notices, broken links, LeiKa key requests, portal clicks.
 */
import { getTableName } from 'drizzle-orm';
import { decide, decideStep, scopeOf, visibilityOf, type Principal, type Resource, type Status } from '../auth/policy';
import type { Db } from '../db/client';
import { draftsByUuid } from '../db/draftStore';
import { listLeikaRequests } from '../db/leikaRequestStore';
import { brokenLinks } from '../db/linkStore';
import { listNotices } from '../db/noticeStore';
import { latestRuns, listSources } from '../db/sourceStore';
import { getObject, listObjects, type StoredObject } from '../db/objectStore';
import { statusIs, visibleWhere } from '../db/visibility';
import { OBJECT_TYPES } from '../objectTypes';
import type { Lang } from '../portal/i18n';
import { factsOfRow, seesWorkingVersion, workingOf } from '../shared/objectService';
import { langQ } from './pages';
import { usageByDay } from './usage';
import { objectName, STATUS_LABEL, TYPE_LABEL } from './view';

export async function dashboardModel(db: Db, actor: Principal, lang: Lang): Promise<Record<string, unknown>> {
  const drafts: unknown[] = [];
  const toApprove: unknown[] = [];
  const toPublish: unknown[] = [];
  for (const type of OBJECT_TYPES) {
    const resource = type.name as Resource;
    const visibility = visibilityOf(actor, resource);
    const visible = visibleWhere(type.table, visibility);
    // The rows of one status with their working versions, read in two queries.
    const rowsWith = async (status: Status) => {
      const rows = await listObjects(db, type.table, { limit: 50, where: [statusIs(type.table, status, visibility), ...(visible ? [visible] : [])] });
      const drafts = await draftsByUuid(db, rows.filter((r) => seesWorkingVersion(actor, type, r)).map((r) => r.uuid));
      return rows.map((row) => Object.assign(row, { working: workingOf(row, drafts.get(row.uuid)) }));
    };
    const item = (row: StoredObject & { working: ReturnType<typeof workingOf> }) => {
      const w = row.working;
      return { url: `/redaktion/${type.path}/${row.uuid}${langQ(lang)}`, name: objectName(type, w.content, lang), type: TYPE_LABEL[type.name]![lang === 'en' ? 1 : 0], status: STATUS_LABEL[lang][w.status], changedAt: w.changedAt, changedBy: w.changedBy };
    };
    for (const status of ['entwurf', 'zurueckgewiesen'] as const) {
      for (const row of await rowsWith(status)) if (decide(actor, 'update', resource, factsOfRow(row)).ok && (row.tenantId === actor.tenantId || row.changedBy === actor.id)) drafts.push(item(row));
    }
    for (const row of await rowsWith('in_pruefung')) if (decideStep(actor, 'approve', resource, factsOfRow(row)).ok) toApprove.push(item(row));
    for (const row of await rowsWith('freigegeben')) if (decideStep(actor, 'publish', resource, factsOfRow(row)).ok) toPublish.push(item(row));
  }
  const notices = actor.tenantId ? await listNotices(db, actor.tenantId, true) : [];
  const noticeItems = await Promise.all(notices.map(async (n) => {
    const l = await getObject(db, OBJECT_TYPES[0]!.table, n.leistungUuid);
    return { url: `/redaktion/mitteilungen/${n.id}${langQ(lang)}`, name: l ? objectName(OBJECT_TYPES[0]!, l.content, lang) : n.leistungUuid, from: n.fromVersion, to: n.toVersion, at: n.createdAt };
  }));
  const links = [];
  for (const link of await brokenLinks(db)) {
    const type = OBJECT_TYPES.find((t) => getTableName(t.table) === link.objectTable);
    if (!type) continue;
    const row = await getObject(db, type.table, link.objectUuid);
    if (row && decide(actor, 'update', type.name as Resource, factsOfRow(row)).ok) {
      links.push({ url: link.url, status: link.httpStatus ?? link.error, object: objectName(type, row.content, lang), objectUrl: `/redaktion/${type.path}/${row.uuid}${langQ(lang)}` });
    }
  }
  const requests = (await listLeikaRequests(db, actor.role === 'landesredakteur' || actor.role === 'admin' ? undefined : actor.tenantId ?? undefined))
    .filter((r) => r.status === 'offen' || r.status === 'rueckfrage').map((r) => ({ name: r.proposedName, status: r.status, gruppierung: r.leistungsgruppierung, at: r.createdAt }));
  return {
    heading: lang === 'en' ? 'Dashboard' : 'Übersicht', drafts, toApprove, toPublish, notices: noticeItems, links, requests, sourceAlerts: await sourceAlerts(db, actor, lang),
    usage: await usageByDay(db, actor, 30),
  };
}

/** Sources whose newest run failed or is held for review (for those who manage sources). */
async function sourceAlerts(db: Db, actor: Principal, lang: Lang): Promise<unknown[] | undefined> {
  if (!((actor.role === 'landesredakteur' || actor.role === 'admin') && actor.limit === null)) return undefined;
  const names = new Map((await listSources(db)).map((s) => [s.id, s.name]));
  return (await latestRuns(db)).filter((r) => (r.status === 'failed' || r.status === 'held') && names.has(r.sourceId)).map((r) => ({
    name: names.get(r.sourceId), held: r.status === 'held', count: r.stats.held, at: r.startedAt,
    url: `/redaktion/quellen/${r.sourceId}/laeufe/${r.id}${langQ(lang)}`,
    text: r.status === 'held'
      ? (lang === 'en' ? `${r.stats.held} deletions wait for your decision` : `${r.stats.held} Löschungen warten auf Ihre Entscheidung`)
      : (lang === 'en' ? 'the last run failed' : 'der letzte Abruf ist fehlgeschlagen'),
  }));
}
