/** The OZG dashboard page of the workspace (`/redaktion/ozg`): charts, tables and formatted shares of src/ozg/view.ts. */
import type { OzgBasis } from '../db/ozgStore';
import { columnChart, shareChart } from '../ozg/charts';
import { ozgByKreis, type OzgReport } from '../ozg/report';
import type { OzgView } from '../ozg/view';
import type { Lang } from '../portal/i18n';

const pct = (share: number) => `${(Math.round(share * 1000) / 10).toLocaleString('de-DE')} %`;

/** What the template shows: the view with its charts and formatted shares. */
export function ozgPageModel(view: OzgView, lang: Lang) {
  const en = lang === 'en';
  const { report } = view;
  const levels = report.reifegrade.levels.map((n, level) => ({ label: String(level), value: n }));
  return {
    ...view,
    reifegradChart: columnChart('ozg-rg', en ? 'OZG services by best maturity level' : 'OZG-Leistungen nach bestem Reifegrad', [...levels, { label: en ? 'none' : 'keiner', value: report.reifegrade.ohne }], en ? 'maturity level' : 'Reifegrad'),
    reifegradRows: [...levels, { label: en ? 'none' : 'keiner', value: report.reifegrade.ohne }],
    themenChart: shareChart('ozg-themen', en ? 'Average share of the population with online access (level ≥ 3), per Themenfeld' : 'Durchschnittlicher Bevölkerungsanteil mit Online-Zugang (Reifegrad ≥ 3) je Themenfeld',
      report.themenfelder.map((t) => ({ label: t.themenfeld, value: t.anteilOnline, text: pct(t.anteilOnline) }))),
    themenfelder: report.themenfelder.map((t) => ({ ...t, anteil: pct(t.anteilOnline), selected: t.themenfeld === view.themenfeld })),
    ozg: report.ozg.map((l) => ({ ...l, anteil: pct(l.anteilOnline), reifegradText: l.reifegrad ?? '–' })),
    kreise: report.kreise.map((k) => ({ ...k, anteil: pct(k.anteilOnline), einwohner: k.einwohner.toLocaleString('de-DE') })),
    einwohnerText: report.einwohner.toLocaleString('de-DE'),
  };
}

export function ozgDetailModel(basis: OzgBasis, report: OzgReport, id: string) {
  const line = report.ozg.find((l) => l.id === id);
  if (!line) return undefined;
  return { line: { ...line, anteil: pct(line.anteilOnline) }, kreise: ozgByKreis(basis, id).map((k) => ({ ...k, anteil: pct(k.anteilOnline) })) };
}

