/** Leistung: a service description (Stammtext) keyed by its LeiKa key. */
import { eq, inArray, like, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { localisations, upsertOpenNotice } from '../db/noticeStore';
import type { StoredObject } from '../db/objectStore';
import { kategorien, leistungen, leistungKategorien } from '../db/schema';
import type { ErrorDetail } from '../shared/errors';
import type { ObjectType } from '../shared/objectType';
import { missingObjects, refsOf, unknownGebiete, UUID_PATTERN } from '../shared/references';
import type { Text } from '../shared/text';
import { isLeikaProblem, parseLeikaKey } from './leika';
import { moduleProblems, type LeistungModules } from './module';

export interface LeistungContent extends LeistungModules, Record<string, unknown> {
  referenzLeiKa?: string;
  struktur?: { typ: 'lo' | 'lov' | 'lovd'; leistungsobjektID?: string; verrichtung?: string; verrichtungsdetail?: Text[] };
  typisierung?: string[];
  kategorieIds?: string[];
  gueltigkeitGebietID?: string[];
}

/** Every tenant that localised this Leistung hears that the master text has a new version. */
async function noticeLocalisations(db: Db, before: StoredObject, after: StoredObject): Promise<void> {
  for (const l of await localisations(db, after.uuid)) {
    if (!l.tenantId) continue;
    await upsertOpenNotice(db, {
      id: randomUUID(), tenantId: l.tenantId, leistungUuid: after.uuid, spezialisierungUuid: l.uuid,
      fromVersion: l.basisVersion ?? before.version, toVersion: after.version,
    });
  }
}

async function syncKategorien(db: Db, uuid: string, content: LeistungContent): Promise<void> {
  await db.delete(leistungKategorien).where(eq(leistungKategorien.leistungUuid, uuid));
  const ids = content.kategorieIds ?? [];
  if (ids.length > 0) await db.insert(leistungKategorien).values(ids.map((kategorieUuid) => ({ leistungUuid: uuid, kategorieUuid })));
}

export const Leistung: ObjectType<LeistungContent> = {
  name: 'Leistung',
  path: 'leistungen',
  schemaFile: 'leistung.schema.json',
  table: leistungen,

  async prepare(_ctx, content) {
    // The struktur type follows from the key; fill it in so every stored Leistung carries it.
    if (content.referenzLeiKa && !content.struktur) {
      const parsed = parseLeikaKey(content.referenzLeiKa);
      if (!isLeikaProblem(parsed)) content.struktur = { typ: parsed.struktur };
    }
  },

  async check(ctx, content) {
    const details: ErrorDetail[] = moduleProblems(content);
    if (content.referenzLeiKa) {
      const parsed = parseLeikaKey(content.referenzLeiKa);
      if (isLeikaProblem(parsed)) details.push({ path: '/referenzLeiKa', message: parsed.message });
      else if (content.struktur && content.struktur.typ !== parsed.struktur) {
        details.push({ path: '/struktur/typ', message: `must be ${parsed.struktur} for LeiKa key ${content.referenzLeiKa}` });
      }
    }
    const name = content.modulText?.find((m) => (m.leikaTextmodul === '02' || m.leikaTextmodul === '03') && m.inhalt.some((t) => t.languageCode === 'de'));
    if (!name) details.push({ path: '/modulText', message: 'needs a Leistungsbezeichnung: text module 02 or 03 in German' });
    details.push(...await unknownGebiete(ctx.db, refsOf('/gueltigkeitGebietID', content.gueltigkeitGebietID)));
    details.push(...await missingObjects(ctx, kategorien, 'Kategorie', refsOf('/kategorieIds', content.kategorieIds)));
    return details;
  },

  columns: (content) => ({ leikaKey: content.referenzLeiKa ?? null }),
  ars: (content) => content.gueltigkeitGebietID ?? [],
  territoryPath: '/gueltigkeitGebietID',
  // No searchText: a trigger computes the weighted vector from the content (migrations 0011, 0012).
  afterWrite: syncKategorien,
  bulkCreate: {
    async afterCreate(db, rows) {
      const links = rows.flatMap((r) => (r.content.kategorieIds ?? []).map((kategorieUuid) => ({ leistungUuid: r.uuid, kategorieUuid })));
      if (links.length > 0) await db.insert(leistungKategorien).values(links);
    },
  },
  afterChange: noticeLocalisations,

  uniqueConstraints: {
    leistungen_leika_unique: { path: '/referenzLeiKa', message: 'A Leistung with this LeiKa key exists for this Redaktion' },
  },

  filters: {
    leikaKey: {
      description: 'LeiKa key or its leading digits (99059 = Leistungsgruppierung 059)',
      pattern: '^\\d{1,14}$',
      where: (value) => like(leistungen.leikaKey, `${value}%`),
    },
    kategorieId: {
      description: 'Leistungen in this Kategorie',
      pattern: UUID_PATTERN,
      where: (value) => inArray(leistungen.uuid, sql`(SELECT ${leistungKategorien.leistungUuid} FROM ${leistungKategorien} WHERE ${leistungKategorien.kategorieUuid} = ${value})`),
    },
  },
};

/** Subquery: uuids of the Leistungen whose LeiKa key starts with the given digits. */
export const leistungenWithKeyPrefix = (prefix: string) =>
  sql`(SELECT ${leistungen.uuid} FROM ${leistungen} WHERE ${leistungen.leikaKey} LIKE ${prefix + '%'})`;
