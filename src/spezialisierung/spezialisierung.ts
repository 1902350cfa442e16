/**
 * Spezialisierung: a municipality's or Landkreis' own text for one Leistung in its area. The master
 * text stays in the Leistung and is never copied here; `basisVersion` records which master version
 * the local text was written against.
 */
import { and, arrayOverlaps, eq, inArray, ne } from 'drizzle-orm';
import { getObject } from '../db/objectStore';
import { leistungen, spezialisierungen } from '../db/schema';
import { canonicalArs } from '../gebiet/ars';
import { leistungenWithKeyPrefix } from '../leistung/leistung';
import { moduleProblems, moduleSearchText, type LeistungModules } from '../leistung/module';
import { AppError, type ErrorDetail } from '../shared/errors';
import type { ObjectType } from '../shared/objectType';
import { refsOf, unknownGebiete, UUID_PATTERN } from '../shared/references';

export interface SpezialisierungContent extends LeistungModules, Record<string, unknown> {
  leistungId: string;
  gebietID: string[];
  basisVersion?: number;
}

export const Spezialisierung: ObjectType<SpezialisierungContent> = {
  name: 'Spezialisierung',
  path: 'spezialisierungen',
  schemaFile: 'spezialisierung.schema.json',
  table: spezialisierungen,

  async prepare({ db }, content) {
    if (content.basisVersion === undefined) {
      const master = await getObject(db, leistungen, content.leistungId);
      if (master) content.basisVersion = master.version;
    }
  },

  async check({ db, existing }, content) {
    const details: ErrorDetail[] = moduleProblems(content);
    const master = await getObject(db, leistungen, content.leistungId);
    if (!master) details.push({ path: '/leistungId', message: `Leistung ${content.leistungId} does not exist` });
    else if (content.basisVersion !== undefined && content.basisVersion > master.version) {
      details.push({ path: '/basisVersion', message: `the Leistung has no version ${content.basisVersion} (current: ${master.version})` });
    }
    details.push(...await unknownGebiete(db, refsOf('/gebietID', content.gebietID)));
    if (details.length > 0) return details;
    // One local text per Leistung and place: a second one for an overlapping area is a duplicate.
    const overlapping = await db.select({ uuid: spezialisierungen.uuid }).from(spezialisierungen).where(and(
      eq(spezialisierungen.leistungUuid, content.leistungId),
      arrayOverlaps(spezialisierungen.ars, content.gebietID.map(canonicalArs)),
      existing ? ne(spezialisierungen.uuid, existing.uuid) : undefined,
    ));
    if (overlapping.length > 0) {
      throw new AppError('duplicate', `Spezialisierung ${overlapping[0]!.uuid} already localises this Leistung for this Gebiet`, [{ path: '/gebietID', message: 'already covered' }]);
    }
    return details;
  },

  columns: (content) => ({ leistungUuid: content.leistungId }),
  ars: (content) => content.gebietID,
  territoryPath: '/gebietID',
  searchText: (content) => moduleSearchText(content),

  filters: {
    leistungId: { description: 'Spezialisierungen of this Leistung', pattern: UUID_PATTERN, where: (value) => eq(spezialisierungen.leistungUuid, value) },
    leikaKey: { description: 'LeiKa key (or leading digits) of the Leistung', pattern: '^\\d{1,14}$', where: (value) => inArray(spezialisierungen.leistungUuid, leistungenWithKeyPrefix(value)) },
  },
};
