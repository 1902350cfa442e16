/** Zustaendigkeit: which Organisationseinheit or Onlinedienst is responsible for a Leistung in a Gebiet. */
import { eq, inArray } from 'drizzle-orm';
import { leistungen, onlinedienste, organisationseinheiten, zustaendigkeiten } from '../db/schema';
import { leistungenWithKeyPrefix } from '../leistung/leistung';
import type { ObjectType } from '../shared/objectType';
import { missingObjects, unknownGebiete, UUID_PATTERN, type Ref } from '../shared/references';

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

  async check(ctx, content) {
    const ref = (path: string, value: string | undefined): Ref[] => (value ? [{ path, value }] : []);
    return [
      ...await missingObjects(ctx, leistungen, 'Leistung', ref('/leistungId', content.leistungId)),
      ...await missingObjects(ctx, organisationseinheiten, 'Organisationseinheit', ref('/organisationseinheitId', content.organisationseinheitId)),
      ...await missingObjects(ctx, onlinedienste, 'Onlinedienst', ref('/onlinedienstId', content.onlinedienstId)),
      ...await unknownGebiete(ctx.db, ref('/gebietID', content.gebietID)),
    ];
  },

  columns: (content) => ({
    leistungUuid: content.leistungId,
    organisationseinheitUuid: content.organisationseinheitId ?? null,
    onlinedienstUuid: content.onlinedienstId ?? null,
    gebietArs: content.gebietID,
    rolle: content.rolle,
  }),
  ars: (content) => [content.gebietID],
  territoryPath: '/gebietID',
  searchText: () => '',
  // Duplicates are refused by the unique index zustaendigkeiten_natural.
  bulkCreate: {},

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
