/**
 * Submitting a server-rendered form as a browser would without JavaScript: the fields of the
 * form (inputs with their values, checked boxes, textareas, the selected options), with some of
 * them replaced. For tests that drive the workspace over HTTP; journeys run in Chromium.
 */
import { Parser } from 'htmlparser2';

export type FormFields = Array<[string, string]>;

/** The fields of the first form whose id or action matches, in document order. */
export function formFields(html: string, match: { id?: string; action?: string }): FormFields {
  const fields: FormFields = [];
  let inForm = false;
  let textarea: { name: string; value: string } | undefined;
  let select: { name: string; value?: string; first?: string } | undefined;
  let option: { value?: string; selected: boolean; text: string } | undefined;
  const parser = new Parser({
    onopentag(tag, attrs) {
      if (tag === 'form') inForm = (match.id !== undefined && attrs.id === match.id) || (match.action !== undefined && attrs.action === match.action);
      if (!inForm || attrs.disabled !== undefined) return;
      if (tag === 'input' && attrs.name) {
        const type = (attrs.type ?? 'text').toLowerCase();
        if (['submit', 'button', 'file', 'image', 'reset'].includes(type)) return;
        if ((type === 'checkbox' || type === 'radio') && attrs.checked === undefined) return;
        fields.push([attrs.name, attrs.value ?? (type === 'checkbox' ? 'on' : '')]);
      }
      if (tag === 'textarea' && attrs.name) textarea = { name: attrs.name, value: '' };
      if (tag === 'select' && attrs.name) select = { name: attrs.name };
      if (tag === 'option' && select) option = { value: attrs.value, selected: attrs.selected !== undefined, text: '' };
    },
    ontext(text) {
      if (textarea) textarea.value += text;
      if (option) option.text += text;
    },
    onclosetag(tag) {
      if (tag === 'form') inForm = false;
      if (tag === 'textarea' && textarea) { fields.push([textarea.name, textarea.value.replace(/^\n/, '')]); textarea = undefined; }
      if (tag === 'option' && option && select) {
        const value = option.value ?? option.text;
        select.first ??= value;
        if (option.selected) select.value = value;
        option = undefined;
      }
      if (tag === 'select' && select) { fields.push([select.name, select.value ?? select.first ?? '']); select = undefined; }
    },
  }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return fields;
}

/** application/x-www-form-urlencoded of the fields, with `changes` replacing (or adding) values by name. */
export function encodeForm(fields: FormFields, changes: Record<string, string> = {}): string {
  const out = new URLSearchParams();
  const replaced = new Set<string>();
  for (const [name, value] of fields) {
    if (name in changes) {
      if (!replaced.has(name)) out.append(name, changes[name]!);
      replaced.add(name);
    } else out.append(name, value);
  }
  for (const [name, value] of Object.entries(changes)) if (!replaced.has(name)) out.append(name, value);
  return out.toString();
}
