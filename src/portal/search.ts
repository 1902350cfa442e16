/**
 * Portal search: words → a German tsquery tolerant of ae/oe/ue spellings, the place → an ARS
 * (PLZ, Ort or ARS), and for each hit who is responsible at that place.
 */
import type { Db } from '../db/client';
import { arsByPostcode, responsibleAt, searchLeistungen, type Responsible } from '../db/portalStore';
import type { StoredObject } from '../db/objectStore';
import { canonicalArs, normaliseArsPrefix } from '../gebiet/ars';
import { findGebiet, listGebiete, type Gebiet } from '../gebiet/repository';

/** `Führerschein` is stemmed to `fuhrerschein`; the spelling `Fuehrerschein` needs the folded variant too. */
export function foldUmlautSpelling(word: string): string {
  return word.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u');
}

/**
 * User words → tsquery: each word as a prefix, with its ae/oe/ue-folded variant; `all` joins the
 * words with AND, otherwise with OR (for questions in natural language). Null when no word remains.
 */
export function portalTsQuery(q: string, mode: 'all' | 'any' = 'all'): string | null {
  const words = (q.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1 || /\d/.test(w)).slice(0, 12);
  if (words.length === 0) return null;
  const terms = words.map((w) => {
    const folded = foldUmlautSpelling(w);
    return folded === w ? `${w}:*` : `(${w}:* | ${folded}:*)`;
  });
  return terms.join(mode === 'all' ? ' & ' : ' | ');
}

export interface Place { ars: string; name: string; canonical: string }
export type PlaceResult = { place: Place } | { choices: Place[] } | { unknown: string };

const toPlace = (g: Gebiet): Place => ({ ars: g.ars, name: g.name, canonical: canonicalArs(g.ars) });

/**
 * A place typed by a citizen: 5-digit PLZ, an ARS (or its key), or the name of a Gemeinde / Kreis.
 * Names prefer places of this installation's Land (`preferPrefix`): "Frankenberg" in Hessen is
 * Frankenberg (Eder); a name that stays ambiguous ("Homberg") returns the choices.
 */
export async function resolvePlace(db: Db, input: string, preferPrefix = ''): Promise<PlaceResult> {
  const text = input.trim();
  if (/^\d{5}$/.test(text)) {
    const found = (await arsByPostcode(db, text))[0];
    const gebiet = found ? await findGebiet(db, found) : undefined;
    if (gebiet) return { place: toPlace(gebiet) };
  }
  if (/^\d{2,12}$/.test(text)) {
    const key = text.length === 12 ? text : normaliseArsPrefix(text);
    const gebiet = key ? await findGebiet(db, key) : undefined;
    return gebiet ? { place: toPlace(gebiet) } : { unknown: text };
  }
  if (text.length < 2) return { unknown: text };
  const candidates = await listGebiete(db, { q: text, limit: 50 });
  const lower = text.toLowerCase();
  const name = (g: Gebiet) => g.name.toLowerCase();
  const rank = (g: Gebiet) => (name(g) === lower ? 0 : name(g).startsWith(`${lower},`) || name(g).startsWith(`${lower} (`) ? 1 : name(g).startsWith(lower) ? 2 : 3)
    * 10 + (g.ebene === 'gemeinde' ? 0 : g.ebene === 'kreisfreie_stadt' ? 1 : g.ebene === 'kreis' ? 2 : 3)
    + (preferPrefix && !g.ars.startsWith(preferPrefix) ? 100 : 0);
  const sorted = candidates.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'de'));
  if (sorted.length === 0) return { unknown: text };
  // Same rank but another level of the code list naming the same place ("Wanfried" as Gemeinde and Gemeindeverband) is no ambiguity.
  const best = sorted.filter((g) => rank(g) === rank(sorted[0]!));
  return best.length === 1 ? { place: toPlace(best[0]!) } : { choices: sorted.slice(0, 8).map(toPlace) };
}

export interface PortalHit { leistung: StoredObject; rank: number; responsible?: Responsible }

/** Ranked hits; all words must match, and if nothing does, any word. */
export async function searchPortal(db: Db, q: string, place: Place | undefined, opts: { limit: number; offset?: number }): Promise<{ hits: PortalHit[]; total: number; capped: boolean; relaxed: boolean }> {
  let relaxed = false;
  const strict = portalTsQuery(q, 'all');
  if (!strict) return { hits: [], total: 0, capped: false, relaxed };
  let found = await searchLeistungen(db, strict, { place: place?.canonical, ...opts });
  if (found.total === 0) {
    const loose = portalTsQuery(q, 'any')!;
    if (loose !== strict) {
      found = await searchLeistungen(db, loose, { place: place?.canonical, ...opts });
      relaxed = true;
    }
  }
  const responsible = place ? await responsibleAt(db, found.hits.map((h) => h.row.uuid), place.canonical, { summary: true }) : undefined;
  return {
    hits: found.hits.map((h) => ({ leistung: h.row, rank: h.rank, responsible: responsible?.get(h.row.uuid) })),
    total: found.total,
    capped: found.capped,
    relaxed,
  };
}
