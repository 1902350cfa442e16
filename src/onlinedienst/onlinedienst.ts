/** Onlinedienst: an online application for one or more Leistungen, with its OZG Reifegrad. */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { leistungen, onlinedienste, onlinedienstLeistungen } from '../db/schema';
import { padArs } from '../gebiet/ars';
import { leistungenWithKeyPrefix } from '../leistung/leistung';
import type { ErrorDetail } from '../shared/errors';
import type { ObjectType } from '../shared/objectType';
import { missingObjects, refsOf, unknownGebiete, UUID_PATTERN } from '../shared/references';
import { collectText, type Text } from '../shared/text';

export interface OnlinedienstContent extends Record<string, unknown> {
  bezeichnung: Text[];
  beschreibung?: Text[];
  link?: Array<{ typ: string; link: string; titel?: string; languageCode?: string }>;
  ozgReifegrad?: number;
  efa?: { bereitstellendesLand: string; richtung: 'inbound' | 'outbound' };
  leistungIds?: string[];
  gueltigkeitGebietID?: string[];
}

async function syncLeistungen(db: Db, uuid: string, content: OnlinedienstContent): Promise<void> {
  await db.delete(onlinedienstLeistungen).where(eq(onlinedienstLeistungen.onlinedienstUuid, uuid));
  const ids = content.leistungIds ?? [];
  if (ids.length > 0) await db.insert(onlinedienstLeistungen).values(ids.map((leistungUuid) => ({ onlinedienstUuid: uuid, leistungUuid })));
}

const servedLeistungen = (where: ReturnType<typeof sql>) =>
  sql`(SELECT ${onlinedienstLeistungen.onlinedienstUuid} FROM ${onlinedienstLeistungen} WHERE ${onlinedienstLeistungen.leistungUuid} IN ${where})`;

export const Onlinedienst: ObjectType<OnlinedienstContent> = {
  name: 'Onlinedienst',
  path: 'onlinedienste',
  schemaFile: 'onlinedienst.schema.json',
  table: onlinedienste,

  async check(ctx, content) {
    const details: ErrorDetail[] = [];
    const startLinks = new Map<string, number>();
    (content.link ?? []).forEach((l, i) => {
      if (l.typ !== '01') return;
      const lang = l.languageCode ?? 'de';
      if (startLinks.has(lang)) details.push({ path: `/link/${i}/typ`, message: `only one start link (typ 01) per language; another is at /link/${startLinks.get(lang)}` });
      else startLinks.set(lang, i);
    });
    details.push(...await missingObjects(ctx, leistungen, 'Leistung', refsOf('/leistungIds', content.leistungIds)));
    const gebiete = refsOf('/gueltigkeitGebietID', content.gueltigkeitGebietID);
    if (content.efa) gebiete.push({ path: '/efa/bereitstellendesLand', value: padArs(content.efa.bereitstellendesLand) });
    details.push(...await unknownGebiete(ctx.db, gebiete));
    return details;
  },

  columns: (content) => ({ reifegrad: content.ozgReifegrad ?? null }),
  ars: (content) => content.gueltigkeitGebietID ?? [],
  territoryPath: '/gueltigkeitGebietID',
  searchText: (content) => collectText([content.bezeichnung, content.beschreibung, content.link?.map((l) => l.titel)]).join(' '),
  afterWrite: syncLeistungen,
  bulkCreate: {
    async afterCreate(db, rows) {
      const links = rows.flatMap((r) => (r.content.leistungIds ?? []).map((leistungUuid) => ({ onlinedienstUuid: r.uuid, leistungUuid })));
      if (links.length > 0) await db.insert(onlinedienstLeistungen).values(links);
    },
  },

  filters: {
    leistungId: { description: 'Onlinedienste serving this Leistung', pattern: UUID_PATTERN, where: (value) => inArray(onlinedienste.uuid, servedLeistungen(sql`(${value}::uuid)`)) },
    leikaKey: { description: 'Onlinedienste serving a Leistung with this LeiKa key (or leading digits)', pattern: '^\\d{1,14}$', where: (value) => inArray(onlinedienste.uuid, servedLeistungen(leistungenWithKeyPrefix(value))) },
    reifegrad: { description: 'OZG Reifegrad 0–4', pattern: '^[0-4]$', where: (value) => eq(onlinedienste.reifegrad, Number(value)) },
  },
};
