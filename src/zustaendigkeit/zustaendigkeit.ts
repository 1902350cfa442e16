/** Zustaendigkeit: which Organisationseinheit or Onlinedienst is responsible for a Leistung in a Gebiet. */
import { eq, inArray } from 'drizzle-orm';
import { getObject } from '../db/objectStore';
import { leistungen, onlinedienste, organisationseinheiten, zustaendigkeiten } from '../db/schema';
import { findGebiet } from '../gebiet/repository';
import { leistungenWithKeyPrefix } from '../leistung/leistung';
import type { ErrorDetail } from '../shared/errors';
import type { ObjectType } from '../shared/objectType';
import { UUID_PATTERN } from '../shared/references';

export interface ZustaendigkeitContent extends Record<string, unknown> {
  leistungId: string;
  organisationseinheitId?: string;
  onlinedienstId?: string;
  gebietID: string;
  rolle: string;
}

export const Zustaendigkeit: ObjectType<ZustaendigkeitContent> = {
  name: 'Zustaendigkeit',
  path: 'zustaendigkeiten',
  schemaFile: 'zustaendigkeit.schema.json',
  table: zustaendigkeiten,

  async check({ db }, content) {
    const details: ErrorDetail[] = [];
    if (!(await getObject(db, leistungen, content.leistungId))) details.push({ path: '/leistungId', message: `Leistung ${content.leistungId} does not exist` });
    if (content.organisationseinheitId && !(await getObject(db, organisationseinheiten, content.organisationseinheitId))) {
      details.push({ path: '/organisationseinheitId', message: `Organisationseinheit ${content.organisationseinheitId} does not exist` });
    }
    if (content.onlinedienstId && !(await getObject(db, onlinedienste, content.onlinedienstId))) {
      details.push({ path: '/onlinedienstId', message: `Onlinedienst ${content.onlinedienstId} does not exist` });
    }
    if (!(await findGebiet(db, content.gebietID))) details.push({ path: '/gebietID', message: `ARS ${content.gebietID} is not a known Gebiet` });
    return details;
  },

  columns: (content) => ({
    leistungUuid: content.leistungId,
    organisationseinheitUuid: content.organisationseinheitId ?? null,
    onlinedienstUuid: content.onlinedienstId ?? null,
    gebietArs: content.gebietID,
    rolle: content.rolle,
  }),
  ars: (content) => [content.gebietID],
  searchText: () => '',

  uniqueConstraints: {
    zustaendigkeiten_natural: { path: '/', message: 'The same Zustaendigkeit (Leistung, responsible object, Gebiet, rolle) exists' },
  },

  filters: {
    leistungId: { description: 'Zustaendigkeiten for this Leistung', pattern: UUID_PATTERN, where: (value) => eq(zustaendigkeiten.leistungUuid, value) },
    organisationseinheitId: { description: 'Zustaendigkeiten of this Organisationseinheit', pattern: UUID_PATTERN, where: (value) => eq(zustaendigkeiten.organisationseinheitUuid, value) },
    onlinedienstId: { description: 'Zustaendigkeiten of this Onlinedienst', pattern: UUID_PATTERN, where: (value) => eq(zustaendigkeiten.onlinedienstUuid, value) },
    leikaKey: { description: 'LeiKa key (or leading digits) of the Leistung', pattern: '^\\d{1,14}$', where: (value) => inArray(zustaendigkeiten.leistungUuid, leistungenWithKeyPrefix(value)) },
  },
};
