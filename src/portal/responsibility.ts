/**
 * Who is responsible for a Leistung where, in the portal's read model (readModel.ts): the
 * published Zuständigkeiten by Leistung and ARS key, the Onlinedienste linked to each Leistung,
 * the published offices, and the local texts (Spezialisierungen) by Leistung. Ids, and of offices
 * and services what a search result shows (their labels: a name, a maturity level — at Bund scale
 * the offices a day's searches name are more than the read model's cache of whole objects holds);
 * the read model fetches whole objects for pages from its cache.
 */
import type {
  IndexRows, ObjectLabel, OnlinedienstIndexRow, PortalTable, SpezialisierungIndexRow, ZustaendigkeitIndexRow,
} from '../db/portalStore';
import { LEVEL_LENGTHS } from '../gebiet/ars';

/** The deepest of the territory's keys that contains the place; -1 if none does, 0 for an unrestricted territory. */
export function specificity(keys: string[], place: string): number {
  if (keys.length === 0) return 0;
  let best = -1;
  for (const k of keys) if (k.length > best && place.startsWith(k)) best = k.length;
  return best;
}

/** Offices and online services responsible for a Leistung at a place, most specific first; shared: never changed. */
export interface ResponsibleIds { readonly stellen: readonly string[]; readonly onlinedienste: readonly string[] }
const NONE: readonly string[] = Object.freeze([]);
/** Of the same, what a search result shows: labels (src/db/portalStore.ts ObjectLabel). */
export interface ResponsibleLabels { stellen: ObjectLabel[]; onlinedienste: ObjectLabel[] }
/** Most Leistungen have nobody at a given place: one answer for them all. */
const NOBODY: ResponsibleIds = Object.freeze({ stellen: NONE, onlinedienste: NONE });
/** Answers kept at most (some 100 bytes each). */
const ANSWERS_KEPT = 100_000;

/** An online service's territory, links and, for the order of services, its deepest territory key. */
type Dienst = OnlinedienstIndexRow & { depth: number };

const byDepthThenSeq = (a: { depth: number; seq: number }, b: { depth: number; seq: number }) => b.depth - a.depth || a.seq - b.seq;
const byDienstOrder = (a: Dienst, b: Dienst) => b.depth - a.depth || b.reifegrad - a.reifegrad || a.seq - b.seq;
const uuidOf = (x: { uuid: string }) => x.uuid;

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function drop<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

export class Responsibilities {
  private readonly zustaendigkeiten = new Map<string, ZustaendigkeitIndexRow>();
  /** By Leistung, then by each canonical ARS key of the Zuständigkeit's territory: a place asks for its five levels. */
  private readonly zustaendigkeitenOf = new Map<string, Map<string, ZustaendigkeitIndexRow[]>>();
  private readonly spezialisierungen = new Map<string, SpezialisierungIndexRow>();
  private readonly spezialisierungenOf = new Map<string, Set<string>>();
  private readonly onlinedienste = new Map<string, Dienst>();
  private readonly onlinediensteOf = new Map<string, Set<string>>();
  /** Published offices: their insertion numbers (the order of equally specific offices) and what a search result shows of them. */
  private readonly offices = new Map<string, { seq: number; label: ObjectLabel }>();
  /** One copy of each id and key the Zuständigkeiten name. */
  private readonly strings = new Map<string, string>();
  private readonly placeKeys = new Map<string, string[]>();

  /**
   * Answers given, by place and Leistung: the hits of searches at a place repeat, and an answer
   * costs some eight lookups in large maps (a fifth of a search's time). Any change taken in
   * forgets them all; at most ANSWERS_KEPT are kept.
   */
  private answers = new Map<string, Map<string, ResponsibleIds>>();
  private answersKept = 0;

  /** Takes an object's published state in, or its removal (row undefined). */
  take<T extends Exclude<PortalTable, 'leistungen'>>(table: T, uuid: string, row: IndexRows[T] | undefined): void {
    this.forgetAnswers();
    switch (table) {
      case 'zustaendigkeiten': {
        const old = this.zustaendigkeiten.get(uuid);
        if (old) {
          const byKey = this.zustaendigkeitenOf.get(old.leistung)!;
          for (const key of new Set(old.keys)) {
            const list = byKey.get(key)!;
            list.splice(list.indexOf(old), 1);
            if (list.length === 0) byKey.delete(key);
          }
          if (byKey.size === 0) this.zustaendigkeitenOf.delete(old.leistung);
        }
        const r = row as ZustaendigkeitIndexRow | undefined;
        if (r) {
          // Tens of thousands of rows name the same few thousand objects and ARS keys: one string each.
          r.leistung = this.intern(r.leistung);
          if (r.oe) r.oe = this.intern(r.oe);
          if (r.od) r.od = this.intern(r.od);
          r.keys = r.keys.map((k) => this.intern(k));
          this.zustaendigkeiten.set(uuid, r);
          let byKey = this.zustaendigkeitenOf.get(r.leistung);
          if (!byKey && r.keys.length > 0) this.zustaendigkeitenOf.set(r.leistung, (byKey = new Map()));
          for (const key of new Set(r.keys)) {
            const list = byKey!.get(key);
            if (list) list.push(r);
            else byKey!.set(key, [r]);
          }
        } else this.zustaendigkeiten.delete(uuid);
        return;
      }
      case 'spezialisierungen': {
        const old = this.spezialisierungen.get(uuid);
        if (old) drop(this.spezialisierungenOf, old.leistung, uuid);
        const r = row as SpezialisierungIndexRow | undefined;
        if (r) { this.spezialisierungen.set(uuid, r); add(this.spezialisierungenOf, r.leistung, uuid); } else this.spezialisierungen.delete(uuid);
        return;
      }
      case 'onlinedienste': {
        const old = this.onlinedienste.get(uuid);
        for (const l of old?.leistungen ?? []) drop(this.onlinediensteOf, l, uuid);
        const r = row as OnlinedienstIndexRow | undefined;
        if (r) {
          this.onlinedienste.set(uuid, { ...r, depth: Math.max(0, ...r.keys.map((k) => k.length)) });
          for (const l of r.leistungen) add(this.onlinediensteOf, l, uuid);
        } else this.onlinedienste.delete(uuid);
        return;
      }
      case 'organisationseinheiten':
        if (row) { const r = row as IndexRows['organisationseinheiten']; this.offices.set(uuid, { seq: r.seq, label: r.label }); }
        else this.offices.delete(uuid);
    }
  }

  private intern(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    this.strings.set(s, s);
    return s;
  }

  /**
   * Offices by Zuständigkeit covering the place (canonical ARS), the most specific first (each at
   * its most specific one); online services by Zuständigkeit or linked to the Leistung, valid at
   * the place, a municipality's own before a state-wide one, then by OZG maturity.
   */
  responsibleIds(leistung: string, place: string): ResponsibleIds {
    let atPlace = this.answers.get(place);
    const known = atPlace?.get(leistung);
    if (known) return known;
    const answer = this.answer(leistung, place);
    if (this.answersKept >= ANSWERS_KEPT) this.forgetAnswers();
    if (!atPlace) this.answers.set(place, (atPlace = new Map()));
    atPlace.set(leistung, answer);
    this.answersKept++;
    return answer;
  }

  private forgetAnswers(): void {
    if (this.answersKept === 0) return;
    this.answers = new Map();
    this.answersKept = 0;
  }

  private answer(leistung: string, place: string): ResponsibleIds {
    // Hot: every result of a search asks this. No closures (each would be a new function per
    // call), nothing allocated for what is not found, the place's keys cut and hashed once.
    let offices: Map<string, { uuid: string; depth: number; seq: number }> | undefined;
    let services: Set<Dienst> | undefined;
    const linked = this.onlinediensteOf.get(leistung);
    if (linked) {
      for (const uuid of linked) {
        const d = this.onlinedienste.get(uuid);
        if (d && specificity(d.keys, place) >= 0) (services ??= new Set()).add(d);
      }
    }
    const byKey = this.zustaendigkeitenOf.get(leistung);
    if (byKey) {
      // The keys whose territory contains the place are its prefixes at the ARS levels, shallow first.
      const keys = this.keysOf(place);
      for (let i = 0; i < keys.length; i++) {
        const list = byKey.get(keys[i]!);
        if (!list) continue;
        const depth = keys[i]!.length;
        for (const z of list) {
          if (z.oe) {
            const seq = this.offices.get(z.oe)?.seq;
            if (seq !== undefined) {
              // Deeper levels come later: an office named again is moved to its more specific one.
              const known = (offices ??= new Map()).get(z.oe);
              if (known) known.depth = depth;
              else offices.set(z.oe, { uuid: z.oe, depth, seq });
            }
          }
          if (z.od) {
            const d = this.onlinedienste.get(z.od);
            if (d && !services?.has(d) && specificity(d.keys, place) >= 0) (services ??= new Set()).add(d);
          }
        }
      }
    }
    if (!offices && !services) return NOBODY;
    const stellen = !offices ? NONE : offices.size === 1 ? [offices.keys().next().value!] : [...offices.values()].sort(byDepthThenSeq).map(uuidOf);
    const dienste = !services ? NONE : services.size === 1 ? [services.values().next().value!.uuid] : [...services].sort(byDienstOrder).map(uuidOf);
    return { stellen, onlinedienste: dienste };
  }

  /** What search results show of the responsible offices and services (names, maturity): from memory, no object is loaded. */
  labelsOf(ids: ResponsibleIds): ResponsibleLabels {
    const stellen: ObjectLabel[] = [];
    for (const u of ids.stellen) { const o = this.offices.get(u); if (o) stellen.push(o.label); }
    const onlinedienste: ObjectLabel[] = [];
    for (const u of ids.onlinedienste) { const d = this.onlinedienste.get(u); if (d) onlinedienste.push(d.label); }
    return { stellen, onlinedienste };
  }

  /** A place's keys at the ARS levels, shallow first, remembered (a Land has a few hundred places, the Bund some eleven thousand). */
  private keysOf(place: string): string[] {
    let keys = this.placeKeys.get(place);
    if (!keys) {
      keys = [];
      for (const n of LEVEL_LENGTHS) if (n <= place.length) keys.push(this.intern(place.slice(0, n)));
      if (this.placeKeys.size >= 50_000) this.placeKeys.clear();
      this.placeKeys.set(place, keys);
    }
    return keys;
  }

  /** The published local texts of the Leistung whose territory contains the place, most specific first. */
  localisationIds(leistung: string, place: string): string[] {
    return [...this.spezialisierungenOf.get(leistung) ?? []].map((u) => this.spezialisierungen.get(u)!)
      .map((s) => ({ s, at: s.keys.length === 0 ? -1 : specificity(s.keys, place) })).filter((x) => x.at >= 0)
      .sort((a, b) => b.at - a.at || a.s.seq - b.s.seq).map((x) => x.s.uuid);
  }
}
