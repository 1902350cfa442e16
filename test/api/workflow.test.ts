import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client';
import { auditLog, jobs, objectTransitions } from '../../src/db/schema';
import { jobHandlers } from '../../src/jobs/handlers';
import { JobRunner } from '../../src/jobs/runner';
import { SCHEDULED_TRANSITION } from '../../src/workflow/workflow';
import { create, createDraft, HESSEN, leistungBody, MARBURG, organisationseinheitBody, publish, transition, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
let second: Database | undefined;
beforeAll(async () => {
  t = await createTestApp();
  // A second app instance on the same database (its own connections on the PostgreSQL server).
  second = t.openAnother ? await t.openAnother() : undefined;
});
afterAll(async () => {
  await second?.close();
  await t.close();
});

const de = (value: string) => [{ languageCode: 'de', value }];
const ENVELOPE = ['id', 'status', 'version', 'tenant', 'versionsinformation', 'freigabe', 'statusKommentar', 'veroeffentlicht', 'geplant'];
const strip = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([k]) => !ENVELOPE.includes(k)));
let keyCounter = 100;
/** A fresh LeiKa key in Leistungsgruppierung 059 (one of the demo Fachressort's). */
const key = (gruppierung = '059') => `99${gruppierung}${String(keyCounter++).padStart(3, '0')}012000`;

async function feedItems(since?: string): Promise<{ items: string[]; cursor: string }> {
  const res = await t.api.get(`/xzufi/v1/changes${since ? `?since=${since}` : ''}`);
  const items = [...res.text.matchAll(/<xzufi:(schreibe|loesche)\b[^>]*?(?:klasse="(\w+)")?>/g)].map((m) => m[1]!);
  return { items, cursor: String(res.headers['xzufi-next-cursor']) };
}

describe('workflow of a Leistung', () => {
  it('goes entwurf → in_pruefung → freigegeben (Fachliche Freigabe) → veroeffentlicht, each by its role', async () => {
    const { cursor } = await feedItems();
    const draft = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: key() }));
    expect(draft).toMatchObject({ status: 'entwurf', version: 1 });
    expect(draft.veroeffentlicht).toBeUndefined();
    expect((await t.anonymous.get(`/api/v1/leistungen/${draft.id}`)).status).toBe(404);
    expect((await feedItems(cursor)).items).toEqual([]);

    const fachressort = await t.as('fachressort', 'fachressort-innen');
    const kommune = await t.as('kommunalredakteur', 'kommune-wanfried');
    await transition(t, 'leistungen', draft.id, 'in_pruefung', { comment: 'Bitte prüfen' });
    // Approving is the Fachressort's (or the Landesredaktion's); a municipality may not.
    const refused = await kommune.post(`/api/v1/leistungen/${draft.id}/transitions`).send({ to: 'freigegeben' });
    expect(refused.status).toBe(404); // it cannot even see the unpublished master text
    const approved = await transition(t, 'leistungen', draft.id, 'freigegeben', { level: 'gold', comment: 'fachlich geprüft' }, fachressort);
    expect(approved).toMatchObject({ status: 'freigegeben', freigabe: { durch: expect.stringMatching(/^token:/), stufe: 'gold' } });
    // Publishing is the Landesredaktion's.
    const notByFachressort = await fachressort.post(`/api/v1/leistungen/${draft.id}/transitions`).send({ to: 'veroeffentlicht' });
    expect(notByFachressort.status).toBe(403);
    expect(notByFachressort.body.error.message).toContain('may not publish');
    const live = await transition(t, 'leistungen', draft.id, 'veroeffentlicht');
    expect(live).toMatchObject({ status: 'veroeffentlicht', version: 1, veroeffentlicht: { version: 1, live: true }, freigabe: { stufe: 'gold' } });

    expect((await t.anonymous.get(`/api/v1/leistungen/${draft.id}`)).status).toBe(200);
    expect((await feedItems(cursor)).items).toEqual(['schreibe']);
    // Portals receive the Fachliche Freigabe: the approving ministry and the day.
    const xml = (await t.api.get(`/xzufi/v1/changes?since=${cursor}`)).text;
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date(approved.freigabe.datumZeit));
    expect(xml).toMatch(new RegExp(`<xzufi:modulFachlicheFreigabe>\\s*<xzufi:fachlichFreigegebenAm>${day}</xzufi:fachlichFreigegebenAm>\\s*<xzufi:fachlichFreigegebenDurch languageCode="de">Hessisches Ministerium des Innern`));
    const history = await t.api.get(`/api/v1/leistungen/${draft.id}/transitions`);
    expect(history.body.items.map((h: { von: string; nach: string }) => `${h.von}→${h.nach}`)).toEqual([
      'freigegeben→veroeffentlicht', 'in_pruefung→freigegeben', 'entwurf→in_pruefung',
    ]);
    expect(history.body.items[1]).toMatchObject({ stufe: 'gold', kommentar: 'fachlich geprüft' });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.objectUuid, draft.id));
    expect(audit.filter((a) => a.action === 'status').map((a) => a.detail)).toEqual([
      { from: 'entwurf', to: 'in_pruefung' }, { from: 'in_pruefung', to: 'freigegeben' }, { from: 'freigegeben', to: 'veroeffentlicht' },
    ]);
  });

  it('refuses transitions the workflow does not have, naming the allowed ones', async () => {
    const draft = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: key() }));
    const skip = await t.api.post(`/api/v1/leistungen/${draft.id}/transitions`).send({ to: 'veroeffentlicht' });
    expect(skip.status).toBe(409);
    expect(skip.body.error.code).toBe('invalid_transition');
    expect(skip.body.error.message).toContain('from entwurf it can go to in_pruefung');
    const unknown = await t.api.post(`/api/v1/leistungen/${draft.id}/transitions`).send({ to: 'gelöscht', extra: 1 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['/extra', '/to']);
    expect((await t.api.post(`/api/v1/leistungen/${draft.id}/transitions`).send({ to: 'in_pruefung', at: 'morgen' })).status).toBe(422);
    expect((await t.api.post(`/api/v1/leistungen/${draft.id}/transitions`).set('If-Match', '"7"').send({ to: 'in_pruefung' })).status).toBe(412);
    expect((await t.api.get(`/api/v1/leistungen/${draft.id}`)).body.status).toBe('entwurf');
  });

  it('rejects with a reason; the next save makes it a draft again and an approval does not survive an edit', async () => {
    const draft = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: key() }));
    const fachressort = await t.as('fachressort', 'fachressort-innen');
    await transition(t, 'leistungen', draft.id, 'in_pruefung');
    const noReason = await fachressort.post(`/api/v1/leistungen/${draft.id}/transitions`).send({ to: 'zurueckgewiesen' });
    expect(noReason.status).toBe(422);
    const rejected = await transition(t, 'leistungen', draft.id, 'zurueckgewiesen', { comment: 'Rechtsgrundlage fehlt' }, fachressort);
    expect(rejected).toMatchObject({ status: 'zurueckgewiesen', statusKommentar: 'Rechtsgrundlage fehlt' });

    const edited = await t.api.put(`/api/v1/leistungen/${draft.id}`).set('If-Match', '"1"').send({ ...strip(rejected), modulText: [...(rejected.modulText as unknown[]), { leikaTextmodul: '09', inhalt: de('§ 1 HStG') }] });
    expect(edited.body).toMatchObject({ status: 'entwurf', version: 2 });
    expect(edited.body.statusKommentar).toBeUndefined();
    await transition(t, 'leistungen', draft.id, 'in_pruefung');
    await transition(t, 'leistungen', draft.id, 'freigegeben', {}, fachressort);
    const again = await t.api.put(`/api/v1/leistungen/${draft.id}`).set('If-Match', '"2"').send({ ...strip(edited.body), typisierung: ['1'] });
    expect(again.body.status).toBe('entwurf');
    expect(again.body.freigabe).toBeUndefined();
  });

  it('a Fachressort approves only the Leistungen of its Leistungsgruppierungen', async () => {
    const other = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: key('102') }));
    await transition(t, 'leistungen', other.id, 'in_pruefung');
    const fachressort = await t.as('fachressort', 'fachressort-innen');
    expect((await fachressort.post(`/api/v1/leistungen/${other.id}/transitions`).send({ to: 'freigegeben' })).status).toBe(404);
    await transition(t, 'leistungen', other.id, 'freigegeben');
    await transition(t, 'leistungen', other.id, 'veroeffentlicht');
    const published = await t.api.get(`/api/v1/leistungen/${other.id}`);
    await t.api.put(`/api/v1/leistungen/${other.id}`).set('If-Match', '"1"').send({ ...strip(published.body), typisierung: ['1'] }).expect(200);
    await transition(t, 'leistungen', other.id, 'in_pruefung');
    const refused = await fachressort.post(`/api/v1/leistungen/${other.id}/transitions`).send({ to: 'freigegeben' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('Leistungsgruppierungen 008, 027, 049, 059, 115');
  });
});

describe('editing a published object', () => {
  it('keeps the live version until the edited one is published', async () => {
    const live = await create(t, 'leistungen', leistungBody({ referenzLeiKa: key() }));
    const { cursor } = await feedItems();
    const v2 = { ...strip(live), modulText: [{ leikaTextmodul: '02', inhalt: de('Hundesteuer Anmeldung') }, { leikaTextmodul: '06', inhalt: de('<p>Neu ab 2027.</p>') }] };
    const saved = await t.api.put(`/api/v1/leistungen/${live.id}`).set('If-Match', '"1"').send(v2);
    expect(saved.status).toBe(200);
    expect(saved.headers.etag).toBe('"2"');
    expect(saved.body).toMatchObject({ status: 'entwurf', version: 2, veroeffentlicht: { version: 1, live: true } });

    // Readers and portals: still version 1. The editor: the draft, or the live one on request.
    const publicView = await t.anonymous.get(`/api/v1/leistungen/${live.id}`);
    expect(publicView.body).toMatchObject({ version: 1, status: 'veroeffentlicht' });
    expect(publicView.body.modulText[1].inhalt[0].value).toBe(live.modulText[1].inhalt[0].value);
    expect((await t.api.get(`/api/v1/leistungen/${live.id}?view=published`)).body.version).toBe(1);
    expect((await t.api.get(`/api/v1/leistungen/${live.id}`)).body.version).toBe(2);
    expect((await feedItems(cursor)).items).toEqual([]);
    const kommune = await t.as('kommunalredakteur', 'kommune-wanfried');
    expect((await kommune.get(`/api/v1/leistungen/${live.id}`)).body.version).toBe(1);

    // The draft is edited against its own version; the live one's ETag is stale for it.
    expect((await t.api.put(`/api/v1/leistungen/${live.id}`).set('If-Match', '"1"').send(v2)).status).toBe(412);
    expect((await t.api.put(`/api/v1/leistungen/${live.id}`).set('If-Match', '"2"').send(v2)).status).toBe(200); // unchanged: no new version

    await publish(t, 'leistungen', live.id);
    const after = await t.anonymous.get(`/api/v1/leistungen/${live.id}`);
    expect(after.body).toMatchObject({ version: 2, status: 'veroeffentlicht' });
    expect(after.body.modulText[1].inhalt[0].value).toBe('<p>Neu ab 2027.</p>');
    expect((await feedItems(cursor)).items).toEqual(['schreibe']);
    const versions = await t.api.get(`/api/v1/leistungen/${live.id}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    // The history is for editors.
    expect((await t.anonymous.get(`/api/v1/leistungen/${live.id}/versions`)).status).toBe(404);
  });

  it('archives (portals hear loesche) and brings the approved version back', async () => {
    const live = await create(t, 'organisationseinheiten', organisationseinheitBody({ name: de('Archivamt') }));
    const { cursor } = await feedItems();
    const archived = await transition(t, 'organisationseinheiten', live.id, 'archiviert', { comment: 'Amt geschlossen' });
    expect(archived).toMatchObject({ status: 'archiviert', veroeffentlicht: { version: 1, live: false } });
    expect((await t.anonymous.get(`/api/v1/organisationseinheiten/${live.id}`)).status).toBe(404);
    const afterArchive = await feedItems(cursor);
    expect(afterArchive.items).toEqual(['loesche']);
    await transition(t, 'organisationseinheiten', live.id, 'veroeffentlicht');
    expect((await t.anonymous.get(`/api/v1/organisationseinheiten/${live.id}`)).status).toBe(200);
    expect((await feedItems(afterArchive.cursor)).items).toEqual(['schreibe']);
  });

  it('lets a municipality publish its own office directly, not another municipality\'s', async () => {
    const wanfried = await t.as('kommunalredakteur', 'kommune-wanfried');
    const own = await createDraft(t, 'organisationseinheiten', organisationseinheitBody(), wanfried);
    await transition(t, 'organisationseinheiten', own.id, 'veroeffentlicht', {}, wanfried);
    const marburg = await createDraft(t, 'organisationseinheiten', organisationseinheitBody({ anschrift: [{ typ: '002', ort: 'Marburg', ars: MARBURG }] }));
    expect((await wanfried.post(`/api/v1/organisationseinheiten/${marburg.id}/transitions`).send({ to: 'veroeffentlicht' })).status).toBe(404);
    await publish(t, 'organisationseinheiten', marburg.id);
    const refused = await wanfried.post(`/api/v1/organisationseinheiten/${marburg.id}/transitions`).send({ to: 'archiviert' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(`inside ARS ${WANFRIED.slice(0, 9)}`);
  });
});

describe('lists by status', () => {
  it('filter editors by the status of the working version, readers by the live one', async () => {
    const local = await createTestApp();
    try {
      const waiting = await createDraft(local, 'onlinedienste', { bezeichnung: de('Wartet'), gueltigkeitGebietID: [WANFRIED] });
      await transition(local, 'onlinedienste', waiting.id, 'in_pruefung');
      const edited = await create(local, 'onlinedienste', { bezeichnung: de('Live mit Entwurf'), gueltigkeitGebietID: [WANFRIED] });
      await local.api.put(`/api/v1/onlinedienste/${edited.id}`).set('If-Match', '"1"').send({ ...strip(edited), bezeichnung: de('Neuer Entwurf') }).expect(200);
      const ids = async (agent: typeof local.api | typeof local.anonymous, status: string) =>
        (await agent.get(`/api/v1/onlinedienste?status=${status}`)).body.items.map((i: { id: string }) => i.id);
      expect(await ids(local.api, 'in_pruefung')).toEqual([waiting.id]);
      expect(await ids(local.api, 'entwurf')).toEqual([edited.id]);
      expect(await ids(local.api, 'veroeffentlicht')).toEqual([]);
      expect(await ids(local.anonymous, 'veroeffentlicht')).toEqual([edited.id]);
      expect(await ids(local.anonymous, 'in_pruefung')).toEqual([]);
      expect((await local.api.get('/api/v1/onlinedienste?status=live')).status).toBe(400);
    } finally {
      await local.close();
    }
  });
});

describe('scheduled publishing', () => {
  const runners = () => [
    new JobRunner(t.database, jobHandlers(t.config), { worker: 'instance-a' }),
    new JobRunner(second ?? t.database, jobHandlers(t.config), { worker: 'instance-b' }),
  ];
  const makeDue = (uuid: string) => t.database.db.update(jobs).set({ runAt: sql`now() - interval '1 second'` }).where(sql`${jobs.payload}->>'uuid' = ${uuid}`);

  it('publishes at the planned time exactly once, with two instances polling', async () => {
    const draft = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: key(), gueltigkeitGebietID: [HESSEN] }));
    await transition(t, 'leistungen', draft.id, 'in_pruefung');
    await transition(t, 'leistungen', draft.id, 'freigegeben');
    const at = new Date(Date.now() + 3_600_000);
    const planned = await t.api.post(`/api/v1/leistungen/${draft.id}/transitions`).send({ to: 'veroeffentlicht', at: at.toISOString() });
    expect(planned.status).toBe(202);
    expect(planned.body).toMatchObject({ status: 'freigegeben', geplant: { veroeffentlicht: { datumZeit: at.toISOString(), zustand: 'geplant' } } });

    const [a, b] = runners();
    expect((await Promise.all([a!.runOnce(), b!.runOnce()])).reduce((x, y) => x + y)).toBe(0); // not due yet
    expect((await t.anonymous.get(`/api/v1/leistungen/${draft.id}`)).status).toBe(404);

    await makeDue(draft.id);
    const ran = await Promise.all([a!.runOnce(), b!.runOnce(), a!.runOnce(), b!.runOnce()]);
    expect(ran.reduce((x, y) => x + y)).toBe(1);
    expect((await t.anonymous.get(`/api/v1/leistungen/${draft.id}`)).body.status).toBe('veroeffentlicht');
    const logged = await t.database.db.select().from(objectTransitions).where(eq(objectTransitions.objectUuid, draft.id));
    const published = logged.filter((l) => l.toStatus === 'veroeffentlicht');
    expect(published).toHaveLength(1);
    expect(published[0]!.by).toMatch(/^system:zeitplan:token:/);
    expect(published[0]!.scheduledFor).not.toBeNull();
    expect((await t.api.get(`/api/v1/leistungen/${draft.id}`)).body.geplant).toBeUndefined();
  });

  it('does not publish a version changed after it was scheduled, and says why', async () => {
    const live = await create(t, 'onlinedienste', { bezeichnung: de('Termin online'), gueltigkeitGebietID: [WANFRIED] });
    const draft = await t.api.put(`/api/v1/onlinedienste/${live.id}`).set('If-Match', '"1"').send({ ...strip(live), bezeichnung: de('Termin online buchen') });
    await t.api.post(`/api/v1/onlinedienste/${live.id}/transitions`).send({ to: 'veroeffentlicht', at: new Date(Date.now() + 60_000).toISOString() }).expect(202);
    await t.api.put(`/api/v1/onlinedienste/${live.id}`).set('If-Match', '"2"').send({ ...strip(draft.body), bezeichnung: de('Noch nicht fertig') }).expect(200);
    await makeDue(live.id);
    const [a] = runners();
    expect(await a!.runOnce()).toBe(1);
    const view = await t.api.get(`/api/v1/onlinedienste/${live.id}`);
    expect(view.body).toMatchObject({ version: 3, status: 'entwurf', geplant: { veroeffentlicht: { zustand: 'fehlgeschlagen', fehler: expect.stringContaining('precondition_failed') } } });
    expect((await t.anonymous.get(`/api/v1/onlinedienste/${live.id}`)).body.bezeichnung).toEqual(de('Termin online'));
  });

  it('archives at the planned time, and a schedule can be cancelled', async () => {
    const live = await create(t, 'organisationseinheiten', organisationseinheitBody({ name: de('Sommerbüro') }));
    const at = new Date(Date.now() + 86_400_000).toISOString();
    await t.api.post(`/api/v1/organisationseinheiten/${live.id}/transitions`).send({ to: 'archiviert', at }).expect(202);
    expect((await t.api.delete(`/api/v1/organisationseinheiten/${live.id}/schedule/archiviert`)).status).toBe(204);
    expect((await t.api.delete(`/api/v1/organisationseinheiten/${live.id}/schedule/archiviert`)).status).toBe(404);
    await t.api.post(`/api/v1/organisationseinheiten/${live.id}/transitions`).send({ to: 'archiviert', at }).expect(202);
    // Planning again replaces the earlier plan: one pending job per object and target.
    await t.api.post(`/api/v1/organisationseinheiten/${live.id}/transitions`).send({ to: 'archiviert', at }).expect(202);
    const pending = await t.database.db.select().from(jobs).where(sql`${jobs.kind} = ${SCHEDULED_TRANSITION} AND ${jobs.payload}->>'uuid' = ${live.id} AND ${jobs.status} = 'pending'`);
    expect(pending).toHaveLength(1);
    await makeDue(live.id);
    const [a, b] = runners();
    await Promise.all([a!.runOnce(), b!.runOnce()]);
    expect((await t.anonymous.get(`/api/v1/organisationseinheiten/${live.id}`)).status).toBe(404);
    expect((await t.api.get(`/api/v1/organisationseinheiten/${live.id}`)).body.status).toBe('archiviert');
  });

  it('schedules only publishing and archiving, by those who may do them', async () => {
    const draft = await createDraft(t, 'organisationseinheiten', organisationseinheitBody());
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await t.api.post(`/api/v1/organisationseinheiten/${draft.id}/transitions`).send({ to: 'in_pruefung', at: later })).status).toBe(422);
    const frankenberg = await t.as('kommunalredakteur', 'kommune-frankenberg');
    expect((await frankenberg.post(`/api/v1/organisationseinheiten/${draft.id}/transitions`).send({ to: 'veroeffentlicht', at: later })).status).toBe(404);
  });
});
