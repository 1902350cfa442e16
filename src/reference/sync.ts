/**
 * Keeps the reference data (Gebiete, LeiKa catalogue, OZG-Leistungen, PLZ, Gemeinde statistics)
 * equal to the fixtures this version ships: at every start and at `db:migrate`, each fixture
 * whose version (content hash) differs from the one recorded in app_meta `reference_data` is
 * applied in place, all in one transaction under an advisory lock (several instances may start
 * at once). Unchanged fixtures cost a hash of the file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { getMeta, setMeta } from '../db/meta';
import { applyGemeinden, applyLeika, applyOzg, applyPlz } from '../db/referenceStore';
import { GEBIETE_FIXTURE, loadGebiete } from '../gebiet/repository';
import { gemeindenFixture, leikaFixture, ozgFixture, plzFixture } from './fixtures';

const META_KEY = 'reference_data';
const LOCK = 7_240_117;

export type SyncReport = Record<string, Record<string, number | string>>;

interface Dataset { name: string; version(): string; apply(tx: Db): Promise<Record<string, number>> }

const fileVersion = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);

/** In dependency order: PLZ and statistics refer to Gebiete. */
const DATASETS: Dataset[] = [
  { name: 'gebiete', version: () => fileVersion(GEBIETE_FIXTURE), apply: async (tx) => ({ written: await loadGebiete(tx) }) },
  { name: 'leika', version: () => leikaFixture().version, apply: async (tx) => ({ ...(await applyLeika(tx, leikaFixture().rows)) }) },
  { name: 'ozg', version: () => ozgFixture().version, apply: async (tx) => ({ ...(await applyOzg(tx, ozgFixture().rows)) }) },
  { name: 'plz', version: () => plzFixture().version, apply: async (tx) => ({ ...(await applyPlz(tx, plzFixture().rows)) }) },
  { name: 'gemeinden', version: () => gemeindenFixture().version, apply: async (tx) => ({ ...(await applyGemeinden(tx, gemeindenFixture().rows)) }) },
];

/** What it applied, per fixture (empty when everything was current). */
export async function syncReferenceData(db: Db): Promise<SyncReport> {
  const versions = Object.fromEntries(DATASETS.map((d) => [d.name, d.version()]));
  const quick = await getMeta<Record<string, string>>(db, META_KEY);
  if (quick && DATASETS.every((d) => quick[d.name] === versions[d.name])) return {};
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOCK})`);
    const loaded = (await getMeta<Record<string, string>>(tx, META_KEY)) ?? {};
    const report: SyncReport = {};
    for (const d of DATASETS) {
      if (loaded[d.name] === versions[d.name]) continue;
      report[d.name] = { ...(await d.apply(tx)), version: versions[d.name]! };
      loaded[d.name] = versions[d.name]!;
    }
    await setMeta(tx, META_KEY, loaded);
    return report;
  });
}
