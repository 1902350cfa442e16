/**
 * The server's half of the pickers (pickers.ts): before a posted form becomes content, every
 * picker field's typed text is resolved; what stays ambiguous or unknown comes back to the form as
 * a choice or an error at the field, and nothing is saved. And the labels of stored values, so that
 * a form shows "Wanfried, Stadt (066360013013)" instead of the number.
 */
import type { Principal } from '../auth/policy';
import type { Db } from '../db/client';
import type { Lang } from '../portal/i18n';
import type { ErrorDetail } from '../shared/errors';
import { get, labelKey, name, type Field, type PickState } from './forms';
import { explicitValue, labelsOf, resolvePick } from './pickers';

type Body = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n').trim() : '');
const pointer = (path: string) => `/${path.replace(/\./g, '/')}`;

export interface PickResult { body: Body; problems: ErrorDetail[]; picks: Map<string, PickState> }

export async function resolvePicks(db: Db, actor: Principal, fields: Field[], posted: Body, lang: Lang): Promise<PickResult> {
  const body: Body = { ...posted };
  const problems: ErrorDetail[] = [];
  const picks = new Map<string, PickState>();
  const en = lang === 'en';
  for (const field of fields) {
    if (field.kind === 'ref') {
      const id = name(field.path);
      const chosen = str(body[`${id}__wahl`]);
      const text = str(body[`${id}__text`]);
      if (chosen) { body[id] = explicitValue(field.target, chosen) ?? ''; continue; }
      // Unchanged label: the hidden value stands. Without a text field (an older form): the value itself.
      if (body[`${id}__text`] === undefined || (text !== '' && text === str(body[`${id}__label`]))) continue;
      if (text === '') { body[id] = ''; continue; }
      const resolved = await resolvePick(db, actor, field.target, text, lang);
      if ('value' in resolved) { body[id] = resolved.value; continue; }
      body[id] = '';
      if ('choices' in resolved) {
        picks.set(id, { text, choices: resolved.choices });
        problems.push({ path: pointer(field.path), message: en ? `“${text}” matches several entries: choose one` : `„${text}“ passt auf mehrere Einträge: bitte einen auswählen` });
      } else {
        picks.set(id, { text });
        problems.push({ path: pointer(field.path), message: en ? `Nothing found for “${text}”` : `Zu „${text}“ wurde nichts gefunden` });
      }
    } else if (field.kind === 'refs') {
      const id = name(field.path);
      const lines = str(body[id]).split(/\n+/).map((l) => l.trim()).filter(Boolean);
      // Choices made in the search step: the line's text, and the value picked for it.
      const chosen = new Map<string, string>();
      for (let k = 0; k < 50 && body[`${id}__zeile__${k}`] !== undefined; k++) {
        const value = str(body[`${id}__wahl__${k}`]);
        if (value) chosen.set(str(body[`${id}__zeile__${k}`]), value);
      }
      const out: string[] = [];
      const ambiguous: NonNullable<PickState['ambiguous']> = [];
      const unknown: string[] = [];
      for (const line of lines) {
        const text = chosen.get(line) ?? line;
        const resolved = await resolvePick(db, actor, field.target, text, lang, { multi: true });
        if ('value' in resolved) {
          for (const value of resolved.values ?? [resolved.value]) out.push(`(${value})`);
        } else if ('choices' in resolved) {
          ambiguous.push({ text: line, choices: resolved.choices });
          out.push(line);
        } else {
          unknown.push(line);
          out.push(line);
        }
      }
      body[id] = out.join('\n');
      if (ambiguous.length || unknown.length) {
        picks.set(id, { text: lines.join('\n'), ambiguous });
        const parts = [
          ...ambiguous.map((a) => (en ? `“${a.text}” matches several entries: choose one` : `„${a.text}“ passt auf mehrere Einträge: bitte einen auswählen`)),
          ...unknown.map((u) => (en ? `nothing found for “${u}”` : `zu „${u}“ wurde nichts gefunden`)),
        ];
        problems.push({ path: pointer(field.path), message: parts.join('; ') });
      }
    }
  }
  return { body, problems, picks };
}

/** Labels of the values the form's picker fields hold. */
export async function pickerLabels(db: Db, fields: Field[], content: Record<string, unknown>, lang: Lang): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  for (const field of fields) {
    if (field.kind !== 'ref' && field.kind !== 'refs') continue;
    const raw = get(content, field.path);
    const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String).slice(0, 500);
    for (const [value, label] of await labelsOf(db, field.target, values, lang)) labels.set(labelKey(field.target, value), label);
  }
  return labels;
}
