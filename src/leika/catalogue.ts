/**
 * The bundled LeiKa catalogue as the product uses it: entries presented with their key parts and
 * OZG-Leistung, and the comparison of a Leistung's Typisierung with the catalogue's.
 */
import type { LeikaEintrag, OzgLeistung } from '../db/leikaStore';
import { isLeikaProblem, parseLeikaKey } from '../leistung/leika';

/** The catalogue's Typisierung as a list ("1, 2/3" → ["1", "2/3"]). */
export const typisierungOf = (e: Pick<LeikaEintrag, 'typisierung'>): string[] =>
  e.typisierung.split(',').map((t) => t.trim()).filter(Boolean);

export interface LeikaUse { id: string; name: string; status: string }

export function presentLeika(e: LeikaEintrag, ozg: OzgLeistung | undefined, leistungen?: LeikaUse[]) {
  const parts = parseLeikaKey(e.key);
  return {
    key: e.key,
    bezeichnung: e.bezeichnung,
    teile: isLeikaProblem(parts) ? null : {
      leistungsgruppierung: parts.leistungsgruppierung, leistungskennung: parts.leistungskennung,
      verrichtungskennung: parts.verrichtungskennung, verrichtungsdetail: parts.verrichtungsdetail,
    },
    struktur: isLeikaProblem(parts) ? null : parts.struktur,
    typisierung: typisierungOf(e),
    ozgLeistung: ozg ? { id: ozg.ozgId, name: ozg.name, lebenslage: ozg.lebenslage, themenfeld: ozg.themenfeld } : null,
    rechtsgrundlage: e.rechtsgrundlage,
    ...(leistungen ? { leistungen } : {}),
  };
}

/**
 * A Leistung's Typisierung contradicts the catalogue when they share no value. Unknown in the
 * catalogue (empty) or not set on the Leistung: no contradiction.
 */
export function contradictsCatalogue(own: string[] | undefined, entry: Pick<LeikaEintrag, 'typisierung'>): boolean {
  const catalogue = typisierungOf(entry);
  if (!own?.length || catalogue.length === 0) return false;
  return !own.some((t) => catalogue.includes(t));
}
