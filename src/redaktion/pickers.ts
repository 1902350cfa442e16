/**
 * Pickers of the workspace: instead of ids and 12-digit ARS an editor types a name, a PLZ, a
 * LeiKa key or an id, and the server resolves it — one match is taken, several are offered as a
 * choice (the search step that works without JavaScript), none is an error at the field. With
 * JavaScript, public/picker.js asks `GET /redaktion/auswahl/{ziel}?q=` for suggestions as one types.
 *
 * A chosen value is written as "Label (value)" in list fields and as a hidden value beside the
 * visible label in single fields; a line or text ending in "(value)" is taken as that value.
 */
import { visibilityOf, type Principal, type Resource } from '../auth/policy';
import type { Db } from '../db/client';
import { leikaKnown, searchLeika } from '../db/leikaStore';
import { getObject, listObjects, objectsByUuids } from '../db/objectStore';
import { visibleWhere } from '../db/visibility';
import { gemeindenByPlz, findGebiet, listGebiete, type Gebiet } from '../gebiet/repository';
import { OBJECT_TYPES } from '../objectTypes';
import type { Lang } from '../portal/i18n';
import { objectName } from './view';

export type PickTarget = 'Leistung' | 'Organisationseinheit' | 'Onlinedienst' | 'Kategorie' | 'Gebiet' | 'LeiKa';
export const PICK_TARGETS: Record<string, PickTarget> = {
  leistung: 'Leistung', organisationseinheit: 'Organisationseinheit', onlinedienst: 'Onlinedienst', kategorie: 'Kategorie', gebiet: 'Gebiet', leika: 'LeiKa',
};

export interface Choice { value: string; label: string; hint?: string }
export type Resolved = { value: string; values?: string[] } | { choices: Choice[] } | { unknown: true };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** "alle Gemeinden im Kreis" as one pick: `alle:<ARS of the Kreis>` (list fields only). */
const ALL_PREFIX = 'alle:';

const typeOf = (target: PickTarget) => OBJECT_TYPES.find((t) => t.name === target);
const EBENE: Record<string, string> = { gemeinde: 'Gemeinde', kreisfreie_stadt: 'kreisfreie Stadt', kreis: 'Kreis', bezirk: 'Regierungsbezirk', bundesland: 'Land', gemeindeverband: 'Gemeindeverband', ortsteil: 'Ortsteil' };
const gebietChoice = (g: Gebiet, ort?: string): Choice => ({ value: g.ars, label: `${g.name} (${g.ars})`, hint: [EBENE[g.ebene] ?? g.ebene, ort && !g.name.startsWith(ort) ? ort : undefined].filter(Boolean).join(', ') });

/** The value a typed text names by itself: "Label (value)", or the value alone. */
export function explicitValue(target: PickTarget, text: string): string | undefined {
  const inner = /\(([^()]+)\)\s*$/.exec(text)?.[1]?.trim();
  for (const candidate of [inner, text.trim()]) {
    if (!candidate) continue;
    if ((target === 'Gebiet') && (/^\d{12}$/.test(candidate) || (candidate.startsWith(ALL_PREFIX) && /^\d{12}$/.test(candidate.slice(ALL_PREFIX.length))))) return candidate;
    if (target === 'LeiKa' && /^\d{14}$/.test(candidate)) return candidate;
    if (target !== 'Gebiet' && target !== 'LeiKa' && UUID.test(candidate)) return candidate.toLowerCase();
  }
  return undefined;
}

/** Suggestions for what an editor typed: objects the editor may read, Gebiete by name, PLZ or ARS, LeiKa entries by name or key. */
export async function suggest(db: Db, actor: Principal, target: PickTarget, q: string, lang: Lang, opts: { multi?: boolean; prefer?: string } = {}): Promise<Choice[]> {
  const text = q.trim().slice(0, 100);
  if (text.length < 2) return [];
  if (target === 'Gebiet') {
    if (/^\d{5}$/.test(text)) return (await gemeindenByPlz(db, text)).slice(0, 20).map((g) => gebietChoice(g, g.ort));
    if (/^\d{2,12}$/.test(text)) {
      const g = text.length === 12 ? await findGebiet(db, text) : undefined;
      if (g) return [gebietChoice(g)];
      return (await listGebiete(db, { prefix: text.replace(/0+$/, ''), limit: 10 })).map((x) => gebietChoice(x));
    }
    // The editor's own Land first (its area's first two digits), then names that begin with the text.
    const prefer = opts.prefer ?? actor.area?.slice(0, 2) ?? '';
    const found = await listGebiete(db, { q: text, limit: 40 });
    const lower = text.toLowerCase();
    const rank = (g: Gebiet) => (prefer && g.ars.startsWith(prefer) ? 0 : 2) + (g.name.toLowerCase().startsWith(lower) ? 0 : 1);
    found.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'de'));
    found.splice(12);
    const choices = found.map((g) => gebietChoice(g));
    // A Kreis in a list field: also offer all its Gemeinden at once.
    if (opts.multi) {
      for (const g of found.filter((x) => x.ebene === 'kreis')) {
        choices.push({ value: `${ALL_PREFIX}${g.ars}`, label: `${lang === 'en' ? 'all municipalities of' : 'alle Gemeinden im'} ${g.name} (${ALL_PREFIX}${g.ars})`, hint: lang === 'en' ? 'one line per municipality' : 'je Gemeinde eine Zeile' });
      }
    }
    return choices;
  }
  if (target === 'LeiKa') {
    return (await searchLeika(db, { q: text, limit: 12 })).map((e) => ({ value: e.key, label: `${e.bezeichnung} (${e.key})`, hint: e.typisierung ? `Typisierung ${e.typisierung}` : undefined }));
  }
  const type = typeOf(target)!;
  const visible = visibleWhere(type.table, visibilityOf(actor, target as Resource));
  const explicit = explicitValue(target, text);
  if (explicit) {
    const row = await getObject(db, type.table, explicit);
    return row ? [{ value: row.uuid, label: objectName(type, row.content, lang) || row.xzufiId, hint: row.xzufiId }] : [];
  }
  const rows = await listObjects(db, type.table, { limit: 12, q: text, where: visible ? [visible] : [] });
  return rows.map((row) => ({ value: row.uuid, label: objectName(type, row.content, lang) || row.xzufiId, hint: [row.xzufiId, row.ars.length ? row.ars.join(', ') : ''].filter(Boolean).join(' · ') }));
}

/** What a typed text names: one value (or, for "alle Gemeinden", several), a choice, or nothing. */
export async function resolvePick(db: Db, actor: Principal, target: PickTarget, text: string, lang: Lang, opts: { multi?: boolean } = {}): Promise<Resolved> {
  const explicit = explicitValue(target, text);
  if (explicit) {
    if (target === 'Gebiet') {
      if (explicit.startsWith(ALL_PREFIX)) {
        if (!opts.multi) return { unknown: true };
        const kreis = await findGebiet(db, explicit.slice(ALL_PREFIX.length));
        if (!kreis) return { unknown: true };
        const members = await listGebiete(db, { prefix: kreis.schluessel, ebene: 'gemeinde', limit: 500 });
        return members.length ? { value: members[0]!.ars, values: members.map((g) => g.ars) } : { unknown: true };
      }
      return (await findGebiet(db, explicit)) ? { value: explicit } : { unknown: true };
    }
    // A LeiKa key need not be in the bundled catalogue (it may be newer): the quality gate warns.
    if (target === 'LeiKa') return { value: explicit };
    const found = await suggest(db, actor, target, explicit, lang);
    return found.length ? { value: found[0]!.value } : { unknown: true };
  }
  const choices = await suggest(db, actor, target, text, lang, opts);
  if (choices.length === 0) return { unknown: true };
  if (choices.length === 1 && !choices[0]!.value.startsWith(ALL_PREFIX)) return { value: choices[0]!.value };
  // An exact name among several is that one ("Wanfried" → "Wanfried, Stadt" only if no other starts so).
  const exact = choices.filter((c) => c.label.toLowerCase().replace(/\s*\([^()]*\)\s*$/, '') === text.trim().toLowerCase());
  if (exact.length === 1) return { value: exact[0]!.value };
  return { choices: choices.slice(0, 12) };
}

/** Labels of stored values, for showing them in the form ("Wanfried, Stadt (066360013013)"): one query per target. */
export async function labelsOf(db: Db, target: PickTarget, values: string[], lang: Lang): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (target === 'Gebiet') {
    // Gebiete are remembered per process (findGebiet): no batch needed.
    for (const value of values.filter((v) => /^\d{12}$/.test(v))) {
      const g = await findGebiet(db, value);
      if (g) labels.set(value, `${g.name} (${g.ars})`);
    }
  } else if (target === 'LeiKa') {
    for (const [key, e] of await leikaKnown(db, values.filter((v) => /^\d{14}$/.test(v)))) labels.set(key, `${e.bezeichnung} (${e.key})`);
  } else {
    const type = typeOf(target)!;
    for (const [uuid, row] of await objectsByUuids(db, type.table, values.filter((v) => UUID.test(v)).map((v) => v.toLowerCase()))) {
      labels.set(uuid, objectName(type, row.content, lang) || row.xzufiId);
    }
  }
  return labels;
}
