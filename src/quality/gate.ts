/**
 * The quality gate an object must pass before it is published: required text modules, the PVOG
 * text rules (allowed HTML, String.Latin, de/en), secure links, and for Leistungen of Länder and
 * Kommunen a Zuständigkeit or an Onlinedienst. `GET …/{id}/quality` shows the result now; the
 * publishing transition of the workflow refuses with 422 while problems remain.
 */
import type { Db } from '../db/client';
import { countResponsible } from '../db/syndicationStore';
import { parseLeikaKey, isLeikaProblem } from '../leistung/leika';
import type { ErrorDetail } from '../shared/errors';
import { textRuleProblems } from '../xzufi/textRules';

interface ModulText { leikaTextmodul: string; inhalt: Array<{ languageCode: string; value: string }>; weiterfuehrenderLink?: Array<{ uri: string }> }

const has = (modules: ModulText[], code: string) => modules.some((m) => m.leikaTextmodul === code && m.inhalt.some((t) => t.languageCode === 'de' && t.value.trim() !== ''));

function linkProblems(content: Record<string, unknown>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  ((content.modulText as ModulText[] | undefined) ?? []).forEach((m, i) => (m.weiterfuehrenderLink ?? []).forEach((l, j) => {
    if (!/^https:\/\//.test(l.uri)) problems.push({ path: `/modulText/${i}/weiterfuehrenderLink/${j}/uri`, message: 'links must be absolute https URLs' });
  }));
  ((content.link as Array<{ link: string }> | undefined) ?? []).forEach((l, i) => {
    if (!/^https:\/\//.test(l.link)) problems.push({ path: `/link/${i}/link`, message: 'Onlinedienst links must be absolute https URLs' });
  });
  return problems;
}

/** Every problem that keeps the object from being published (empty = it may go live). */
export async function qualityProblems(db: Db, typeName: string, uuid: string, content: Record<string, unknown>): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [
    ...textRuleProblems(content).map((p) => ({ path: p.path, message: p.message })),
    ...linkProblems(content),
  ];
  if (typeName === 'Leistung') {
    const modules = (content.modulText as ModulText[] | undefined) ?? [];
    if (!has(modules, '02') && !has(modules, '03')) problems.push({ path: '/modulText', message: 'needs a Leistungsbezeichnung (text module 02 or 03) in German' });
    if (!has(modules, '05') && !has(modules, '06')) problems.push({ path: '/modulText', message: 'needs a Kurztext (05) or Volltext (06) in German' });
    const key = content.referenzLeiKa as string | undefined;
    if (key && isLeikaProblem(parseLeikaKey(key))) problems.push({ path: '/referenzLeiKa', message: 'LeiKa key is malformed' });
    // Leistungen carried out by Länder or Kommunen (typisierung other than 1 = Bund) need someone responsible.
    const typen = (content.typisierung as string[] | undefined) ?? [];
    if (typen.some((t) => t !== '1') && await countResponsible(db, uuid) === 0) {
      problems.push({ path: '/', message: 'needs a Zuständigkeit or an Onlinedienst (typisierung names Länder or Kommunen)' });
    }
  }
  if (typeName === 'Spezialisierung') {
    const modules = (content.modulText as ModulText[] | undefined) ?? [];
    if (modules.length === 0 && !content.modulKosten && !content.modulFrist && !content.modulDokument && !content.modulBearbeitungsdauer) {
      problems.push({ path: '/', message: 'a Spezialisierung without own text or modules adds nothing to the master text' });
    }
  }
  return problems;
}
