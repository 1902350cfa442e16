/**
 * The OZG dashboard's figures, computed from the basis in src/db/ozgStore.ts (pure, no database):
 * per OZG-Leistung of the Umsetzungskatalog the Leistungen of this installation that implement it
 * (by LeiKa key), the best Reifegrad of their online services, the Gemeinden whose citizens can
 * use one at Reifegrad ≥ 3 and the share of the population living there; the same per Themenfeld
 * and per Kreis; and per Gemeinde or Kreis the OZG-Leistungen of municipal execution without a
 * Zuständigkeit or an online service there — a Kommune's to-do list.
 */
import type { OzgBasis } from '../db/ozgStore';

/** Typisierungen whose Vollzug lies with the Kommunen (with the catalogue's a/b variants). */
export const KOMMUNAL = /^(2\/3|4|5)[ab]?$/;
/** The OZG's threshold: from Reifegrad 3 a service is handled online. */
export const ONLINE = 3;

export interface OzgLine {
  id: string; name: string; lebenslage: string; themenfeld: string; kommunal: boolean;
  leistungen: Array<{ uuid: string; name: string }>;
  /** Best Reifegrad of an online service usable somewhere in the area; null: none. */
  reifegrad: number | null;
  gemeindenOnline: number; gemeindenZustaendig: number; gemeinden: number;
  /** Share (0–1) of the area's population living in Gemeinden with a service at Reifegrad ≥ 3. */
  anteilOnline: number;
}

export interface ThemenfeldLine { themenfeld: string; ozgLeistungen: number; umgesetzt: number; online: number; anteilOnline: number }
export interface KreisLine { schluessel: string; ars: string; name: string; einwohner: number; gemeinden: number; umgesetzt: number; onlineFuerAlle: number; anteilOnline: number }
export interface TodoLine { id: string; name: string; themenfeld: string; leistungen: Array<{ uuid: string; name: string }>; ohneZustaendigkeit: number; ohneOnline: number; reifegrad: number | null }

export interface OzgReport {
  einwohner: number; gemeinden: number;
  ozg: OzgLine[];
  themenfelder: ThemenfeldLine[];
  kreise: KreisLine[];
  /** OZG-Leistungen by the best Reifegrad reached (index 0–4), and how many have none. */
  reifegrade: { levels: number[]; ohne: number };
}

interface Coverage { gemeinden: Set<number> }

/** Which Gemeinden (indexes) a list of canonical ARS prefixes covers; an empty list covers all. */
function coverageIndex(gemeinden: OzgBasis['gemeinden']) {
  const byPrefix = new Map<string, number[]>();
  gemeinden.forEach((g, i) => {
    for (let n = 1; n <= g.schluessel.length; n++) {
      const p = g.schluessel.slice(0, n);
      const list = byPrefix.get(p);
      if (list) list.push(i); else byPrefix.set(p, [i]);
    }
  });
  const bySchluessel = new Map(gemeinden.map((g, i) => [g.schluessel, i]));
  const all = gemeinden.map((_, i) => i);
  return (prefixes: string[], into: Set<number>) => {
    if (prefixes.length === 0) { for (const i of all) into.add(i); return; }
    for (const p of prefixes) {
      for (const i of byPrefix.get(p) ?? []) into.add(i);
      // A Gebiet inside a Gemeinde (an Ortsteil) still serves that Gemeinde's citizens.
      for (let n = p.length - 1; n >= 5; n--) {
        const i = bySchluessel.get(p.slice(0, n));
        if (i !== undefined) { into.add(i); break; }
      }
    }
  };
}

export function computeOzgReport(basis: OzgBasis, opts: { themenfeld?: string } = {}): OzgReport {
  const cover = coverageIndex(basis.gemeinden);
  const population = basis.gemeinden.map((g) => g.bevoelkerung ?? 0);
  const einwohner = population.reduce((a, b) => a + b, 0);
  const share = (set: Set<number>, within?: number[]) => {
    const base = within ?? basis.gemeinden.map((_, i) => i);
    const total = base.reduce((a, i) => a + population[i]!, 0);
    if (total === 0) return 0;
    return base.reduce((a, i) => a + (set.has(i) ? population[i]! : 0), 0) / total;
  };

  const leistungenByOzg = new Map<string, Array<{ uuid: string; name: string }>>();
  const ozgOfLeistung = new Map<string, string[]>();
  for (const l of basis.leistungen) {
    ozgOfLeistung.set(l.uuid, l.ozgIds);
    for (const id of l.ozgIds) leistungenByOzg.set(id, [...(leistungenByOzg.get(id) ?? []), { uuid: l.uuid, name: l.name }]);
  }
  // Per OZG-Leistung: Gemeinden online (Reifegrad ≥ 3), Gemeinden with a Zuständigkeit, best Reifegrad.
  const online = new Map<string, Coverage>();
  const zustaendig = new Map<string, Coverage>();
  const best = new Map<string, number>();
  const dienstById = new Map(basis.dienste.map((d) => [d.uuid, d]));
  const entry = (map: Map<string, Coverage>, id: string) => { let c = map.get(id); if (!c) map.set(id, c = { gemeinden: new Set() }); return c; };
  const serve = (ozgIds: string[], reifegrad: number, prefixes: string[]) => {
    const reach = new Set<number>();
    cover(prefixes, reach);
    if (reach.size === 0) return; // valid only outside the area
    for (const id of ozgIds) {
      best.set(id, Math.max(best.get(id) ?? 0, reifegrad));
      if (reifegrad >= ONLINE) for (const i of reach) entry(online, id).gemeinden.add(i);
    }
  };
  for (const d of basis.dienste) {
    const ids = [...new Set(d.leistungen.flatMap((l) => ozgOfLeistung.get(l) ?? []))];
    if (ids.length > 0) serve(ids, d.reifegrad, d.ars);
  }
  for (const z of basis.zustaendigkeiten) {
    const ids = ozgOfLeistung.get(z.leistung) ?? [];
    for (const id of ids) cover([z.gebiet], entry(zustaendig, id).gemeinden);
    const d = z.dienst ? dienstById.get(z.dienst) : undefined;
    if (d) serve(ids, d.reifegrad, [z.gebiet]);
  }

  const lines: OzgLine[] = basis.ozg.map((o) => {
    const on = online.get(o.id)?.gemeinden ?? new Set<number>();
    return {
      id: o.id, name: o.name, lebenslage: o.lebenslage, themenfeld: o.themenfeld,
      kommunal: o.typisierungen.some((t) => KOMMUNAL.test(t)),
      leistungen: leistungenByOzg.get(o.id) ?? [],
      reifegrad: best.has(o.id) ? best.get(o.id)! : null,
      gemeindenOnline: on.size, gemeindenZustaendig: zustaendig.get(o.id)?.gemeinden.size ?? 0, gemeinden: basis.gemeinden.length,
      anteilOnline: share(on),
    };
  });

  const themen = [...new Set(lines.map((l) => l.themenfeld))].sort((a, b) => a.localeCompare(b, 'de'));
  const themenfelder = themen.map((themenfeld) => {
    const of = lines.filter((l) => l.themenfeld === themenfeld);
    return {
      themenfeld, ozgLeistungen: of.length, umgesetzt: of.filter((l) => l.leistungen.length > 0).length,
      online: of.filter((l) => l.gemeindenOnline > 0).length,
      anteilOnline: of.length ? of.reduce((a, l) => a + l.anteilOnline, 0) / of.length : 0,
    };
  });

  const visible = opts.themenfeld ? lines.filter((l) => l.themenfeld === opts.themenfeld) : lines;
  const kreise = basis.kreise.map((k) => {
    const members = basis.gemeinden.map((g, i) => (g.schluessel.startsWith(k.schluessel) ? i : -1)).filter((i) => i >= 0);
    const implemented = visible.filter((l) => l.leistungen.length > 0);
    const shares = implemented.map((l) => share(online.get(l.id)?.gemeinden ?? new Set(), members));
    return {
      schluessel: k.schluessel, ars: k.ars, name: k.name, einwohner: members.reduce((a, i) => a + population[i]!, 0), gemeinden: members.length,
      umgesetzt: implemented.length,
      onlineFuerAlle: implemented.filter((l) => members.length > 0 && members.every((i) => online.get(l.id)?.gemeinden.has(i))).length,
      anteilOnline: shares.length ? shares.reduce((a, b) => a + b, 0) / shares.length : 0,
    };
  }).filter((k) => k.gemeinden > 0);

  const levels = [0, 0, 0, 0, 0];
  let ohne = 0;
  for (const l of visible) if (l.reifegrad === null) ohne++; else levels[l.reifegrad] = (levels[l.reifegrad] ?? 0) + 1;
  return { einwohner, gemeinden: basis.gemeinden.length, ozg: visible, themenfelder, kreise, reifegrade: { levels, ohne } };
}

export interface Todo {
  /** Implemented here (a Leistung exists): a Zuständigkeit or an online service is missing in some Gemeinden. */
  offen: TodoLine[];
  /** Not implemented here yet (no Leistung with its LeiKa key): the Land's master text comes first. */
  ohneLeistung: TodoLine[];
}

/**
 * The to-do list of a Gemeinde or Kreis (`prefix`, canonical): the OZG-Leistungen of municipal
 * execution without a Zuständigkeit or without an online service (Reifegrad ≥ 3) in some of its
 * Gemeinden, with how many Gemeinden lack each.
 */
export function todoList(basis: OzgBasis, prefix: string, opts: { themenfeld?: string } = {}): Todo {
  const members = basis.gemeinden.filter((g) => g.schluessel.startsWith(prefix) || prefix.startsWith(g.schluessel));
  if (members.length === 0) return { offen: [], ohneLeistung: [] };
  const report = computeOzgReport({ ...basis, gemeinden: members, kreise: [] }, opts);
  const lines = report.ozg
    .filter((l) => l.kommunal && (l.gemeindenZustaendig < l.gemeinden || l.gemeindenOnline < l.gemeinden))
    .map((l) => ({ id: l.id, name: l.name, themenfeld: l.themenfeld, leistungen: l.leistungen, ohneZustaendigkeit: l.gemeinden - l.gemeindenZustaendig, ohneOnline: l.gemeinden - l.gemeindenOnline, reifegrad: l.reifegrad }));
  return { offen: lines.filter((l) => l.leistungen.length > 0), ohneLeistung: lines.filter((l) => l.leistungen.length === 0) };
}

/** One OZG-Leistung per Kreis: Gemeinden with a service at Reifegrad ≥ 3 and the population share. */
export function ozgByKreis(basis: OzgBasis, id: string): Array<{ kreis: string; name: string; gemeinden: number; online: number; anteilOnline: number }> {
  return basis.kreise.map((k) => {
    const members = basis.gemeinden.filter((g) => g.schluessel.startsWith(k.schluessel));
    const line = computeOzgReport({ ...basis, gemeinden: members, kreise: [] }).ozg.find((l) => l.id === id);
    return { kreis: k.schluessel, name: k.name, gemeinden: members.length, online: line?.gemeindenOnline ?? 0, anteilOnline: line?.anteilOnline ?? 0 };
  }).filter((k) => k.gemeinden > 0);
}
