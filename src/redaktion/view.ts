/** What the editor workspace shows of objects: labels (German and English), names, texts, diffs, and small form helpers. */
import type { Status } from '../auth/policy';
import { localized, type Lang } from '../portal/i18n';
import { leistungTitle, safeHtml } from '../portal/leistungPage';
import type { documentDiff } from '../shared/diff';
import type { ObjectType } from '../shared/objectType';
import { TEXT_MODULES } from './forms';

export const STATUS_LABEL: Record<Lang, Record<Status, string>> = {
  de: { entwurf: 'Entwurf', in_pruefung: 'In Prüfung', freigegeben: 'Freigegeben', zurueckgewiesen: 'Zurückgewiesen', veroeffentlicht: 'Veröffentlicht', archiviert: 'Archiviert' },
  en: { entwurf: 'Draft', in_pruefung: 'In review', freigegeben: 'Approved', zurueckgewiesen: 'Rejected', veroeffentlicht: 'Published', archiviert: 'Archived' },
};
export const ACTION_LABEL: Record<Lang, Record<Status, string>> = {
  de: { entwurf: 'Zurück in den Entwurf', in_pruefung: 'Zur Prüfung einreichen', freigegeben: 'Fachlich freigeben', zurueckgewiesen: 'Zurückweisen', veroeffentlicht: 'Veröffentlichen', archiviert: 'Archivieren (offline nehmen)' },
  en: { entwurf: 'Back to draft', in_pruefung: 'Submit for review', freigegeben: 'Approve', zurueckgewiesen: 'Reject', veroeffentlicht: 'Publish', archiviert: 'Archive (take offline)' },
};
export const TYPE_LABEL: Record<string, [string, string]> = {
  Leistung: ['Leistungen', 'Services'], Spezialisierung: ['Spezialisierungen', 'Localisations'], Organisationseinheit: ['Organisationseinheiten', 'Offices'],
  Onlinedienst: ['Onlinedienste', 'Online services'], Zustaendigkeit: ['Zuständigkeiten', 'Responsibilities'], Kategorie: ['Kategorien', 'Categories'],
};

/** A readable name of any object. */
export function objectName(type: ObjectType, content: Record<string, unknown>, lang: Lang): string {
  switch (type.name) {
    case 'Leistung': return leistungTitle(content, lang).value || String((content.referenzLeiKa as string[] | undefined)?.[0] ?? '');
    case 'Organisationseinheit': return localized(content.name as never, lang)?.value ?? '';
    case 'Onlinedienst': case 'Kategorie': return localized(content.bezeichnung as never, lang)?.value ?? '';
    case 'Spezialisierung': return `Spezialisierung ${(content.gebietID as string[] | undefined)?.join(', ') ?? ''}`;
    case 'Zustaendigkeit': return `Zuständigkeit ${String(content.gebietID ?? '')}`;
    default: return type.name;
  }
}

/** Only local paths inside the workspace are followed after the sign-in. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/redaktion(\/[\w\-/?=&.%]*)?$/.test(value) ? value : '/redaktion';
}

export const stringField = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 1000) : undefined);

export function withQuery(path: string, lang: Lang, extra: Record<string, string>): string {
  const p = new URLSearchParams({ ...(lang === 'en' ? { lang } : {}), ...extra });
  return `${path}?${p}`;
}

/** The id of the form control for an error path (for the error summary's links). */
export function anchorFor(path: string): string {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'modulText' && parts.length >= 2) return 'modulText';
  return parts.slice(0, 1).join('_') || 'form';
}

/** `2026-12-01T08:00` typed in Germany → its UTC offset on that day (+01:00 or +02:00). */
export function berlinOffset(local: string): string {
  const guess = new Date(`${local}:00Z`);
  if (Number.isNaN(guess.getTime())) return 'Z';
  const berlin = new Date(guess.toLocaleString('en-US', { timeZone: 'Europe/Berlin' }));
  const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  const minutes = Math.round((berlin.getTime() - utc.getTime()) / 60000);
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Text modules for reading (sanitised HTML), named as in the code list. */
export function textModules(content: Record<string, unknown>, lang: Lang) {
  return ((content.modulText as Array<{ leikaTextmodul: string; inhalt: Array<{ languageCode: string; value: string }> }> | undefined) ?? [])
    .map((m) => {
      const text = localized(m.inhalt, lang);
      return { code: TEXT_MODULES.find((t) => t.value === m.leikaTextmodul)?.label ?? m.leikaTextmodul, text: text ? { lang: text.lang, html: safeHtml(text.value) } : undefined };
    });
}

export function diffView(d: ReturnType<typeof documentDiff>) {
  return {
    modules: d.modules.filter((m) => m.change !== 'unchanged').map((m) => ({ ...m, segments: m.segments.map((s) => ({ ...s, ins: s.op === 'insert', del: s.op === 'delete' })) })),
    fields: d.fields.map((f) => ({ field: f.field, from: JSON.stringify(f.from ?? null), to: JSON.stringify(f.to ?? null) })),
  };
}

/** A moment as editors in Hessen read it (Berlin time, "02.12.2026, 05:20"); empty for none. */
export const berlinTime = (d: Date | string | null | undefined, lang: Lang) =>
  (d ? new Date(d).toLocaleString(lang === 'en' ? 'en-GB' : 'de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' }) : '');
