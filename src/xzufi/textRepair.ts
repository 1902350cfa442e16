/**
 * Real texts from other systems hold characters nobody sees (zero-width spaces, soft hyphens,
 * direction marks, exotic spaces) and links as people write them (internationalised domain names,
 * spaces and umlauts in paths, no scheme). The import repairs what can be repaired — and says so,
 * naming each repair — instead of refusing the object; only what cannot be repaired is an error.
 */

interface Repair { to: string; name: string }

const REMOVE = (name: string): Repair => ({ to: '', name });
const SPACE = (name: string): Repair => ({ to: ' ', name });

/** Invisible or look-alike characters outside String.Latin (or invisible within it) and what they become. */
export const CHARACTER_REPAIRS: ReadonlyMap<number, Repair> = new Map<number, Repair>([
  [0x200b, REMOVE('zero width space')], [0x200c, REMOVE('zero width non-joiner')], [0x200d, REMOVE('zero width joiner')],
  [0x2060, REMOVE('word joiner')], [0xfeff, REMOVE('zero width no-break space (byte order mark)')], [0x00ad, REMOVE('soft hyphen')],
  [0x180e, REMOVE('mongolian vowel separator')], [0x200e, REMOVE('left-to-right mark')], [0x200f, REMOVE('right-to-left mark')],
  ...[0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069].map((cp): [number, Repair] => [cp, REMOVE('bidirectional formatting character')]),
  ...[0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2008, 0x2009, 0x200a, 0x205f, 0x3000, 0x1680].map((cp): [number, Repair] => [cp, SPACE('typographic space')]),
  [0x202f, { to: '\u00a0', name: 'narrow no-break space' }], [0x2007, { to: '\u00a0', name: 'figure space' }],
  [0x2028, { to: '\n', name: 'line separator' }], [0x2029, { to: '\n', name: 'paragraph separator' }],
  [0x2212, { to: '-', name: 'minus sign' }], [0x2011, { to: '-', name: 'non-breaking hyphen' }],
  [0xff0c, { to: ',', name: 'fullwidth comma' }], [0xff1a, { to: ':', name: 'fullwidth colon' }],
]);

const PATTERN = new RegExp(`[${[...CHARACTER_REPAIRS.keys()].map((cp) => `\\u${cp.toString(16).padStart(4, '0')}`).join('')}]`, 'g');

export interface TextRepairResult { value: string; repairs: string[] }

/** The text with those characters replaced, and one line per kind of character repaired (first position, count). */
export function repairText(value: string): TextRepairResult {
  PATTERN.lastIndex = 0;
  if (!PATTERN.test(value)) return { value, repairs: [] };
  const found = new Map<number, { first: number; count: number }>();
  const repaired = value.replace(PATTERN, (ch, offset: number) => {
    const cp = ch.codePointAt(0)!;
    const f = found.get(cp);
    if (f) f.count++;
    else found.set(cp, { first: offset, count: 1 });
    return CHARACTER_REPAIRS.get(cp)!.to;
  });
  const repairs = [...found].map(([cp, { first, count }]) => {
    const r = CHARACTER_REPAIRS.get(cp)!;
    return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} (${r.name}) ${r.to === '' ? 'removed' : `replaced by ${r.to === ' ' ? 'a space' : r.to === '\n' ? 'a line break' : r.to === '\u00a0' ? 'a no-break space' : `"${r.to}"`}`} at character ${first + 1}${count > 1 ? ` and ${count - 1} more time${count > 2 ? 's' : ''}` : ''}`;
  });
  return { value: repaired, repairs };
}

export type LinkRepair = { value: string; repaired?: string } | { error: string };

/**
 * A link in the form a URL parser writes it: host in punycode, spaces and umlauts of the path
 * percent-encoded, `www.…` given https. Unrepairable (no host, another scheme) is an error.
 */
export function repairLink(raw: string): LinkRepair {
  const trimmed = repairText(raw).value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : /^www\./i.test(trimmed) ? `https://${trimmed}` : trimmed;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { error: `"${raw}" is not a link that can be repaired (not a URL)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `"${raw}" is not an http(s) link` };
  if (!url.hostname) return { error: `"${raw}" has no host` };
  const value = url.href;
  // The parser adds a slash to a bare host; that alone is no repair worth a word.
  const same = value === raw || value === `${raw}/`;
  return same ? { value } : { value, repaired: `link written as ${value}` };
}
