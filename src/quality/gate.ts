/**
 * The quality gate an object must pass before it is published: required text modules, the PVOG
 * text rules (allowed HTML, String.Latin, de/en), secure links for online services, and someone
 * responsible where a Leistung is only valid in a Kreis or Gemeinde. `GET …/{id}/quality` shows
 * the result now; the publishing transition (and an import that publishes) refuses with 422 while
 * problems remain. Warnings are shown and never refuse: a master text of the Land goes live before
 * the Kommunen add their Zuständigkeiten, which they do once it is live.
 */
import type { Db } from '../db/client';
import { leikaKnown } from '../db/leikaStore';
import { countResponsible } from '../db/syndicationStore';
import { contradictsCatalogue, typisierungOf } from '../leika/catalogue';
import { canonicalArs } from '../gebiet/ars';
import { parseLeikaKey, isLeikaProblem } from '../leistung/leika';
import type { ErrorDetail } from '../shared/errors';
import { textRuleProblems } from '../xzufi/textRules';

interface ModulText { leikaTextmodul: string; inhalt?: Array<{ languageCode: string; value: string }>; weiterfuehrenderLink?: Array<{ uri: string }> }

export interface QualityReport {
  /** Keep the object from being published. */
  problems: ErrorDetail[];
  /**
   * Keep it from being published unless the editor gives a reason (the publishing step's comment,
   * which the history keeps): the content contradicts the bundled reference data, which may be
   * older than what the editor knows. An import (another Redaktion decided) lists them as warnings.
   */
  overridable: ErrorDetail[];
  /** Worth fixing; never refuse. */
  warnings: ErrorDetail[];
}

export interface QualityOptions {
  /** The PVOG text rules were applied to the content already (imports): not again. */
  textRulesChecked?: boolean;
  /**
   * Someone responsible for the Leistung is written in the same XZuFi message (an import applies
   * Leistungen before the Zuständigkeiten and Onlinedienste that name them).
   */
  responsibleInMessage?: boolean;
}

const has = (modules: ModulText[], code: string) => modules.some((m) => m.leikaTextmodul === code && (m.inhalt ?? []).some((t) => t.languageCode === 'de' && t.value.trim() !== ''));

function linkChecks(content: Record<string, unknown>, report: QualityReport): void {
  ((content.modulText as ModulText[] | undefined) ?? []).forEach((m, i) => (m.weiterfuehrenderLink ?? []).forEach((l, j) => {
    if (!/^https:\/\//.test(l.uri)) report.warnings.push({ path: `/modulText/${i}/weiterfuehrenderLink/${j}/uri`, message: 'links should be absolute https URLs' });
  }));
  ((content.link as Array<{ link: string }> | undefined) ?? []).forEach((l, i) => {
    if (!/^https:\/\//.test(l.link)) report.problems.push({ path: `/link/${i}/link`, message: 'Onlinedienst links must be absolute https URLs' });
  });
}

/** A Leistung valid only below the Land (in Kreisen or Gemeinden) is useless there without someone responsible. */
const onlyLocal = (gebiete: string[] | undefined) => (gebiete ?? []).length > 0 && gebiete!.every((ars) => /^\d{12}$/.test(ars) && canonicalArs(ars).length >= 5);

/**
 * Against the bundled LeiKa catalogue (a snapshot of 2019): a key it does not list is a warning (it
 * may be newer); a Typisierung that shares no value with the catalogue's for the own key (the
 * first) needs a reason to go live.
 */
async function catalogueChecks(db: Db, keys: string[], typisierung: string[] | undefined, report: QualityReport): Promise<void> {
  const wellFormed = keys.filter((k) => !isLeikaProblem(parseLeikaKey(k)));
  if (wellFormed.length === 0) return;
  const known = await leikaKnown(db, wellFormed);
  keys.forEach((key, i) => {
    if (wellFormed.includes(key) && !known.has(key)) report.warnings.push({ path: `/referenzLeiKa/${i}`, message: `LeiKa key ${key} is not in the bundled LeiKa catalogue (it may be newer than the catalogue)` });
  });
  const own = known.get(keys[0]!);
  if (own && contradictsCatalogue(typisierung, own)) {
    report.overridable.push({
      path: '/typisierung',
      message: `Typisierung ${typisierung!.join(', ')} contradicts the LeiKa catalogue, which gives ${typisierungOf(own).join(', ')} for ${own.key} (${own.bezeichnung}); publish with a comment that says why`,
    });
  }
}

/** Every problem and warning of the object as it would go live. */
export async function qualityReport(db: Db, typeName: string, uuid: string | undefined, content: Record<string, unknown>, opts: QualityOptions = {}): Promise<QualityReport> {
  const report: QualityReport = { problems: opts.textRulesChecked ? [] : textRuleProblems(content).map((p) => ({ path: p.path, message: p.message })), overridable: [], warnings: [] };
  linkChecks(content, report);
  if (typeName === 'Leistung') {
    const modules = (content.modulText as ModulText[] | undefined) ?? [];
    if (!has(modules, '02') && !has(modules, '03')) report.problems.push({ path: '/modulText', message: 'needs a Leistungsbezeichnung (text module 02 or 03) in German' });
    if (!has(modules, '05') && !has(modules, '06')) report.problems.push({ path: '/modulText', message: 'needs a Kurztext (05) or Volltext (06) in German' });
    const keys = (content.referenzLeiKa as string[] | undefined) ?? [];
    keys.forEach((key, i) => {
      if (isLeikaProblem(parseLeikaKey(key))) report.problems.push({ path: `/referenzLeiKa/${i}`, message: 'LeiKa key is malformed' });
    });
    await catalogueChecks(db, keys, content.typisierung as string[] | undefined, report);
    // Leistungen carried out by Länder or Kommunen (typisierung other than 1 = Bund) need someone responsible.
    const typen = (content.typisierung as string[] | undefined) ?? [];
    if (typen.some((t) => t !== '1') && !opts.responsibleInMessage && (!uuid || await countResponsible(db, uuid) === 0)) {
      const local = onlyLocal(content.gueltigkeitGebietID as string[] | undefined);
      (local ? report.problems : report.warnings).push({
        path: '/',
        message: local
          ? 'needs a Zuständigkeit or an Onlinedienst: it is valid only in its Kreise or Gemeinden, and nobody there is responsible yet'
          : 'has no Zuständigkeit or Onlinedienst yet (typisierung names Länder or Kommunen); the Kommunen add theirs once it is live',
      });
    }
  }
  if (typeName === 'Spezialisierung') {
    const modules = (content.modulText as ModulText[] | undefined) ?? [];
    if (modules.length === 0 && !content.modulKosten && !content.modulFrist && !content.modulDokument && !content.modulBearbeitungsdauer) {
      report.problems.push({ path: '/', message: 'a Spezialisierung without own text or modules adds nothing to the master text' });
    }
  }
  return report;
}

/**
 * Every problem that keeps the object from being published (empty = it may go live); with
 * `reason` (the publishing step's comment) the overridable ones no longer do.
 */
export async function qualityProblems(db: Db, typeName: string, uuid: string | undefined, content: Record<string, unknown>, opts: QualityOptions & { reason?: string } = {}): Promise<ErrorDetail[]> {
  const report = await qualityReport(db, typeName, uuid, content, opts);
  return opts.reason?.trim() ? report.problems : [...report.problems, ...report.overridable];
}
