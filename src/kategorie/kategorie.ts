/** Kategorie: a Lebenslage or topic grouping Leistungen; hierarchical. */
import { eq } from 'drizzle-orm';
import { kategorien } from '../db/schema';
import { touchLeistungenOfKategorie } from '../db/syndicationStore';
import { parentProblems } from '../shared/hierarchy';
import type { ObjectType } from '../shared/objectType';
import { UUID_PATTERN } from '../shared/references';
import { collectText, type Text } from '../shared/text';

export interface KategorieContent extends Record<string, unknown> {
  bezeichnung: Text[];
  beschreibung?: Text[];
  klasse?: string;
  uebergeordneteKategorieId?: string | null;
}

export const Kategorie: ObjectType<KategorieContent> = {
  name: 'Kategorie',
  path: 'kategorien',
  schemaFile: 'kategorie.schema.json',
  table: kategorien,
  check: ({ db, existing }, content) =>
    parentProblems(db, kategorien, 'Kategorie', '/uebergeordneteKategorieId', content.uebergeordneteKategorieId, existing?.uuid),
  columns: (content) => ({ parentUuid: content.uebergeordneteKategorieId ?? null }),
  ars: () => [],
  searchText: (content) => collectText([content.bezeichnung, content.beschreibung]).join(' '),
  // Kategorien travel inside the Leistungen that use them: those must go out again.
  afterWrite: (db, uuid) => touchLeistungenOfKategorie(db, uuid),
  filters: {
    parentId: { description: 'direct children of this Kategorie', pattern: UUID_PATTERN, where: (value) => eq(kategorien.parentUuid, value) },
  },
};
