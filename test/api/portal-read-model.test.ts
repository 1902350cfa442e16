/**
 * The portal's read model (src/portal/readModel.ts) against the real database: who it names as
 * responsible where, and how it follows what is published — by this instance at once, by another
 * within its sync time, and a change whose transaction was still running when it looked.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client';
import { canonicalArs } from '../../src/gebiet/ars';
import { PortalReadModel } from '../../src/portal/readModel';
import { queryWords } from '../../src/portal/search';
import { create, HESSEN, leistungBody, MARBURG, onlinedienstBody, organisationseinheitBody, transition, WANFRIED } from '../helpers/factories';
import { testConfig } from '../helpers/template';
import { createTestApp, type TestApp } from '../helpers/testApp';

const ESCHWEGE = '066360003003';
const WERRA_MEISSNER = '066360000000';
const de = (value: string) => [{ languageCode: 'de', value }];
/** Name and Volltext of a Leistung that may be published. */
const named = (name: string) => [{ leikaTextmodul: '02', inhalt: de(name) }, { leikaTextmodul: '06', inhalt: de(`<p>Über ${name}.</p>`) }];

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

/** The database as another instance sees it: it never hears of this process's transactions. */
const elsewhere = (database: Database): Database => ({ ...database, transactionsEnded: () => 0 });

async function found(model: PortalReadModel, q: string): Promise<string[]> {
  await model.ready();
  return model.search(await model.terms(queryWords(q)), 'all', undefined, { offset: 0, limit: 20 }).hits.map((h) => h.leistung.title.de.value);
}

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('not seen in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('portal read model', () => {
  it('names the most specific office first, each once, and only online services valid at the place', async () => {
    const leistung = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013201000', modulText: named('Fischereischein Ausstellung') }));
    const kreis = await create(t, 'organisationseinheiten', organisationseinheitBody({ name: de('Kreisverwaltung Werra-Meißner'), anschrift: [{ typ: '002', ort: 'Eschwege', ars: ESCHWEGE }] }));
    const stadt = await create(t, 'organisationseinheiten', organisationseinheitBody({ name: de('Bürgerbüro Wanfried') }));
    await create(t, 'zustaendigkeiten', { leistungId: leistung.id, organisationseinheitId: kreis.id, gebietID: WERRA_MEISSNER });
    await create(t, 'zustaendigkeiten', { leistungId: leistung.id, organisationseinheitId: stadt.id, gebietID: WANFRIED });
    await create(t, 'zustaendigkeiten', { leistungId: leistung.id, organisationseinheitId: kreis.id, gebietID: HESSEN });
    const local = await create(t, 'onlinedienste', onlinedienstBody({ leistungIds: [leistung.id], gueltigkeitGebietID: [WANFRIED] }));
    const land = await create(t, 'onlinedienste', onlinedienstBody({ bezeichnung: de('Fischereischein Hessen online'), leistungIds: [leistung.id], gueltigkeitGebietID: [HESSEN] }));

    const model = new PortalReadModel(t.database);
    await model.ready();
    const at = async (ars: string) => {
      const r = (await model.responsibleAt([leistung.id], canonicalArs(ars))).get(leistung.id)!;
      return { stellen: r.stellen.map((o) => o.uuid), dienste: r.onlinedienste.map((o) => o.uuid) };
    };
    expect(await at(WANFRIED)).toEqual({ stellen: [stadt.id, kreis.id], dienste: [local.id, land.id] });
    expect(await at(ESCHWEGE)).toEqual({ stellen: [kreis.id], dienste: [land.id] });
    expect(await at(MARBURG)).toEqual({ stellen: [kreis.id], dienste: [land.id] });

    // An office taken offline is no longer named.
    await transition(t, 'organisationseinheiten', stadt.id, 'archiviert');
    await model.ready();
    expect((await at(WANFRIED)).stellen).toEqual([kreis.id]);
    // Answers are kept per place: a new Zuständigkeit where one was asked for before is named at once.
    const eschwege = await create(t, 'organisationseinheiten', organisationseinheitBody({ name: de('Bürgerbüro Eschwege') }));
    await create(t, 'zustaendigkeiten', { leistungId: leistung.id, organisationseinheitId: eschwege.id, gebietID: ESCHWEGE });
    await model.ready();
    expect(await at(ESCHWEGE)).toEqual({ stellen: [eschwege.id, kreis.id], dienste: [land.id] });
  });

  it('takes in what this instance publishes at once, and what another publishes within its sync time', async () => {
    const here = new PortalReadModel(t.database, { syncMs: 60_000 });
    const there = new PortalReadModel(elsewhere(t.database), { syncMs: 50 });
    expect(await found(here, 'Drohnenkennzeichnung')).toEqual([]);
    expect(await found(there, 'Drohnenkennzeichnung')).toEqual([]);
    const leistung = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013202000', modulText: named('Drohnenkennzeichnung Beantragung') }));
    expect(await found(here, 'Drohnenkennzeichnung')).toEqual(['Drohnenkennzeichnung Beantragung']);
    await until(async () => (await found(there, 'Drohnenkennzeichnung')).length === 1);
    await transition(t, 'leistungen', leistung.id, 'archiviert');
    expect(await found(here, 'Drohnenkennzeichnung')).toEqual([]);
    await until(async () => (await found(there, 'Drohnenkennzeichnung')).length === 0);
  });

  // Two transactions at once need two connections: PGlite has one.
  const serverOnly = testConfig.target === 'postgres' ? it : it.skip;
  serverOnly('does not miss a change whose transaction was still writing when it looked (PostgreSQL server)', async () => {
    const leistung = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013203000', modulText: named('Sprengstofferlaubnis Erteilung') }));
    const model = new PortalReadModel(elsewhere(t.database), { syncMs: 60_000 });
    expect(await found(model, 'Sprengstofferlaubnis')).toHaveLength(1);
    const other = await t.openAnother!();
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => { commit = resolve; });
    let written!: () => void;
    const wrote = new Promise<void>((resolve) => { written = resolve; });
    const writer = other.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE leistungen SET status = 'archiviert', change_seq = nextval('xzufi_change_seq'), change_xid = pg_current_xact_id() WHERE uuid = ${leistung.id}`);
      written();
      await committed;
    });
    try {
      await wrote;
      await model.refresh(); // the archiving is not committed yet: still found
      expect(await found(model, 'Sprengstofferlaubnis')).toHaveLength(1);
    } finally {
      commit();
      await writer;
      await other.close();
    }
    // Nothing took a new number since the last look, but a transaction was writing then.
    await model.refresh();
    expect(await found(model, 'Sprengstofferlaubnis')).toEqual([]);
  });
});
