/**
 * The OZG figures for an area (src/ozg/report.ts over src/db/ozgStore.ts), and their exports: CSV
 * (semicolons, decimal commas: what a spreadsheet in Germany opens) and JSON — for the workspace
 * dashboard and `GET /api/v1/ozg`.
 */
import type { Db } from '../db/client';
import { loadOzgBasis, type OzgBasis } from '../db/ozgStore';
import { findGebiet } from '../gebiet/repository';
import { computeOzgReport, todoList, type OzgReport, type Todo } from './report';

export interface OzgView {
  area: { schluessel: string; name: string };
  themenfeld?: string;
  report: OzgReport;
  todo?: { schluessel: string; name: string } & Todo;
}

/** `area`: canonical prefix of what the figures cover; `todoFor`: a Gemeinde or Kreis for the to-do list. */
export async function ozgView(db: Db, area: string, opts: { themenfeld?: string; todoFor?: string }): Promise<{ view: OzgView; basis: OzgBasis }> {
  const basis = await loadOzgBasis(db, area);
  const report = computeOzgReport(basis, { themenfeld: opts.themenfeld });
  const gebiet = await findGebiet(db, area);
  let todo: OzgView['todo'];
  if (opts.todoFor) {
    const place = await findGebiet(db, opts.todoFor);
    if (place) todo = { schluessel: place.schluessel, name: place.name, ...todoList(basis, place.schluessel, { themenfeld: opts.themenfeld }) };
  }
  return { view: { area: { schluessel: area, name: gebiet?.name ?? area }, themenfeld: opts.themenfeld, report, todo }, basis };
}

const csvCell = (v: string | number) => (/[;"\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const decimal = (n: number) => String(Math.round(n * 10000) / 10000).replace('.', ',');

export function ozgCsv(view: OzgView): string {
  const head = ['ozg_id', 'ozg_leistung', 'themenfeld', 'lebenslage', 'kommunaler_vollzug', 'leistungen', 'bester_reifegrad', 'gemeinden_online', 'gemeinden_mit_zustaendigkeit', 'gemeinden_gesamt', 'bevoelkerungsanteil_online'];
  const lines = [head.join(';')];
  for (const l of view.report.ozg) {
    lines.push([l.id, l.name, l.themenfeld, l.lebenslage, l.kommunal ? 'ja' : 'nein', l.leistungen.map((x) => x.name).join(' | '), l.reifegrad ?? '', l.gemeindenOnline, l.gemeindenZustaendig, l.gemeinden, decimal(l.anteilOnline)].map(csvCell).join(';'));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The JSON export (also `GET /api/v1/ozg`). */
export function ozgJson(view: OzgView) {
  return {
    gebiet: view.area, themenfeld: view.themenfeld ?? null, einwohner: view.report.einwohner, gemeinden: view.report.gemeinden,
    reifegrade: view.report.reifegrade, themenfelder: view.report.themenfelder, kreise: view.report.kreise,
    ozgLeistungen: view.report.ozg,
    ...(view.todo ? { aufgaben: view.todo } : {}),
  };
}
