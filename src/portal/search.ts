/**
 * Portal search: words tolerant of ae/oe/ue spellings, matched in the read model's index of the
 * published Leistungen; the place → an ARS (PLZ, Ort or ARS); for each hit who is responsible there.
 */
import type { Db } from '../db/client';
import { arsByPostcode } from '../db/portalStore';
import { canonicalArs, normaliseArsPrefix } from '../gebiet/ars';
import { findGebiet, gemeindenByPlz, listGebiete, type Gebiet } from '../gebiet/repository';
import type { LeistungSummary, PortalReadModel } from './readModel';
import type { ResponsibleLabels } from './responsibility';

/** `Führerschein` is stemmed to `fuhrerschein`; the spelling `Fuehrerschein` needs the folded variant too. */
export function foldUmlautSpelling(word: string): string {
  return word.replace(/ae/g, 'a').replace(/oe/g, 'o').replace(/ue/g, 'u');
}

/**
 * The words of a query (letters and digits, at most 12; single letters only with digits), each
 * with its ae/oe/ue-folded spelling as a second variant. Each word is matched as a prefix; all
 * must match, or any when none has all of them.
 */
export function queryWords(q: string): Array<{ word: string; variants: string[] }> {
  const words = (q.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length > 1 || /\d/.test(w)).slice(0, 12);
  return words.map((word) => {
    const folded = foldUmlautSpelling(word);
    return { word, variants: folded === word ? [word] : [word, folded] };
  });
}

export interface Place { ars: string; name: string; canonical: string }
export type PlaceResult = { place: Place } | { choices: Place[] } | { unknown: string };

const toPlace = (g: Gebiet): Place => ({ ars: g.ars, name: g.name, canonical: canonicalArs(g.ars) });

/**
 * A place typed by a citizen: 5-digit PLZ (one Gemeinde, or the choice where it covers several),
 * an ARS (or its key), or the name of a Gemeinde / Kreis.
 * Names prefer places of this installation's Land (`preferPrefix`): "Frankenberg" in Hessen is
 * Frankenberg (Eder); a name that stays ambiguous ("Homberg") returns the choices.
 */
export async function resolvePlace(db: Db, input: string, preferPrefix = ''): Promise<PlaceResult> {
  const text = input.trim();
  if (/^\d{5}$/.test(text)) {
    // The PLZ list first (every PLZ in Germany); a PLZ across several Gemeinden is a choice.
    const covered = await gemeindenByPlz(db, text);
    if (covered.length === 1) return { place: toPlace(covered[0]!) };
    if (covered.length > 1) return { choices: covered.slice(0, 40).map((g) => ({ ...toPlace(g), ...(g.ort && !g.name.startsWith(g.ort) ? { name: `${g.name} (${g.ort})` } : {}) })) };
    // A PLZ newer than the list: where published offices have that address.
    const found = (await arsByPostcode(db, text))[0];
    const gebiet = found ? await findGebiet(db, found) : undefined;
    if (gebiet) return { place: toPlace(gebiet) };
    return { unknown: text };
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

export interface PortalHit { leistung: LeistungSummary; rank: number; responsible?: ResponsibleLabels }

/** Ranked hits from the read model; all words must match, and if nothing does, any word. */
export async function searchPortal(model: PortalReadModel, q: string, place: Place | undefined, opts: { limit: number; offset?: number }): Promise<{ hits: PortalHit[]; total: number; relaxed: boolean }> {
  const words = queryWords(q);
  const terms = words.length === 0 ? [] : await model.terms(words);
  if (terms.length === 0) return { hits: [], total: 0, relaxed: false };
  const slice = { offset: opts.offset ?? 0, limit: opts.limit };
  let found = model.search(terms, 'all', place?.canonical, slice);
  let relaxed = false;
  if (found.total === 0 && terms.length > 1) {
    found = model.search(terms, 'any', place?.canonical, slice);
    relaxed = true;
  }
  const page = found.hits;
  const responsible = place ? model.responsibleLabelsAt(page.map((h) => h.leistung.uuid), place.canonical) : undefined;
  return {
    hits: page.map((h) => ({ leistung: h.leistung, rank: h.rank, responsible: responsible?.get(h.leistung.uuid) })),
    total: found.total,
    relaxed,
  };
}
