/** Leistung: a service description (Stammtext) keyed by its LeiKa key. */
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { localisations, upsertOpenNotice } from '../db/noticeStore';
import type { StoredObject } from '../db/objectStore';
import { kategorien, leistungen, leistungKategorien } from '../db/schema';
import type { ErrorDetail } from '../shared/errors';
import type { ObjectType } from '../shared/objectType';
import { missingObjects, refsOf, unknownGebiete, UUID_PATTERN } from '../shared/references';
import type { Text } from '../shared/text';
import { isLeikaProblem, parseLeikaKey, type LeikaKey } from './leika';
import { bezeichnungModule, moduleProblems, type LeistungModules } from './module';

export interface LeistungContent extends LeistungModules, Record<string, unknown> {
  /** The LeiKa keys, the first one the Leistung's own (a single string is accepted and stored as a list). */
  referenzLeiKa?: string[];
  struktur?: { typ: 'lo' | 'lov' | 'lovd'; leistungsgruppierung?: string; leistungsobjektID?: { id: string }; verrichtung?: string; verrichtungsdetail?: Text[] };
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

  // Clients of the first API version send one key as a string.
  normalize(doc) {
    if (typeof doc.referenzLeiKa === 'string') doc.referenzLeiKa = [doc.referenzLeiKa];
  },

  async prepare(_ctx, content) {
    // The struktur follows from the first key; what it leaves out is filled in, so every stored Leistung carries it.
    const key = content.referenzLeiKa?.[0];
    const parsed = key ? parseLeikaKey(key) : undefined;
    if (parsed && !isLeikaProblem(parsed)) content.struktur = { ...strukturOf(parsed), ...content.struktur };
  },

  async check(ctx, content) {
    const details: ErrorDetail[] = moduleProblems(content);
    (content.referenzLeiKa ?? []).forEach((key, i) => {
      const parsed = parseLeikaKey(key);
      if (isLeikaProblem(parsed)) details.push({ path: `/referenzLeiKa/${i}`, message: parsed.message });
      else if (i === 0 && content.struktur && content.struktur.typ !== parsed.struktur) {
        details.push({ path: '/struktur/typ', message: `must be ${parsed.struktur} for LeiKa key ${key}` });
      }
    });
    // Each struktur type carries the fields of the types it extends (lo ⊂ lov ⊂ lovd), no more.
    const s = content.struktur;
    if (s) {
      const allowed = { lo: ['leistungsgruppierung'], lov: ['leistungsgruppierung', 'leistungsobjektID', 'verrichtung'], lovd: ['leistungsgruppierung', 'leistungsobjektID', 'verrichtung', 'verrichtungsdetail'] }[s.typ];
      for (const key of Object.keys(s)) {
        if (key !== 'typ' && key !== 'unmodelled' && !allowed.includes(key)) details.push({ path: `/struktur/${key}`, message: `is not part of a struktur of type ${s.typ}` });
      }
    }
    const name = content.modulText?.find((m) => (m.leikaTextmodul === '02' || m.leikaTextmodul === '03') && (m.inhalt ?? []).some((t) => t.languageCode === 'de'));
    if (!name) details.push({ path: '/modulText', message: 'needs a Leistungsbezeichnung: text module 02 or 03 in German' });
    details.push(...await unknownGebiete(ctx.db, refsOf('/gueltigkeitGebietID', content.gueltigkeitGebietID)));
    details.push(...await missingObjects(ctx, kategorien, 'Kategorie', refsOf('/kategorieIds', content.kategorieIds)));
    return details;
  },

  columns: (content, meta) => ({ leikaKey: content.referenzLeiKa?.[0] ?? null, leikaKeys: content.referenzLeiKa ?? [], stammtext: meta?.own ?? true }),
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
    leistungen_leika_unique: {
      path: '/referenzLeiKa/0',
      message: 'A Stammtext of this Redaktion has this LeiKa key already',
      async holder(db, content, schemeAgencyId) {
        const [row] = await db.select({ uuid: leistungen.uuid, content: leistungen.content }).from(leistungen)
          .where(and(eq(leistungen.schemeAgencyId, schemeAgencyId), eq(leistungen.leikaKey, content.referenzLeiKa?.[0] ?? ''), eq(leistungen.stammtext, true)));
        if (!row) return undefined;
        const m = bezeichnungModule(row.content as LeistungContent);
        return { uuid: row.uuid, name: (m?.inhalt ?? []).find((t) => t.languageCode === 'de')?.value ?? content.referenzLeiKa![0]! };
      },
    },
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

/** The struktur a LeiKa key implies: Leistungsgruppierung, and from lov on the Leistungsobjekt and the Verrichtung. */
export function strukturOf(key: LeikaKey): NonNullable<LeistungContent['struktur']> {
  return {
    typ: key.struktur,
    leistungsgruppierung: key.leistungsgruppierung,
    ...(key.struktur === 'lo' ? {} : { leistungsobjektID: { id: `${key.prefix}${key.leistungsgruppierung}${key.leistungskennung}000000` }, verrichtung: key.verrichtungskennung }),
  };
}

/** Subquery: uuids of the Leistungen whose LeiKa key starts with the given digits. */
export const leistungenWithKeyPrefix = (prefix: string) =>
  sql`(SELECT ${leistungen.uuid} FROM ${leistungen} WHERE ${leistungen.leikaKey} LIKE ${prefix + '%'})`;
