/**
 * Opening hours in the form as ranges: the stored XZuFi shape is one Zeitfenster per weekday
 * (`{tag, von, bis, hinweis}`); the form shows days with the same times in a row as one range
 * ("Mo–Fr 08:00–12:00") and turns each range back into one Zeitfenster per day. A day with other
 * times stays a row of its own (the exception); a Zeitfenster with content this form does not
 * show (`unmodelled`) is never merged, so nothing of it is lost.
 */
type Row = Record<string, unknown>;

export const DAY_ORDER = ['mo', 'di', 'mi', 'do', 'fr', 'sa', 'so'] as const;
const dayIndex = (d: unknown) => DAY_ORDER.indexOf(d as (typeof DAY_ORDER)[number]);

/** Stored Zeitfenster → form rows `{tag, tagBis, von, bis, hinweis}`, ranges of consecutive days merged. */
export function hoursView(rows: Row[]): Row[] {
  const sorted = [...rows].sort((a, b) => dayIndex(a.tag) - dayIndex(b.tag) || String(a.von).localeCompare(String(b.von)));
  const out: Array<Row & { last: number }> = [];
  for (const r of sorted) {
    const day = dayIndex(r.tag);
    const open = r.unmodelled === undefined && day >= 0
      ? out.find((o) => o.last === day - 1 && o.von === r.von && o.bis === r.bis && (o.hinweis ?? '') === (r.hinweis ?? '') && o.unmodelled === undefined)
      : undefined;
    if (open) {
      open.last = day;
      open.tagBis = r.tag;
    } else out.push({ ...r, last: day });
  }
  return out
    .sort((a, b) => dayIndex(a.tag) - dayIndex(b.tag) || String(a.von).localeCompare(String(b.von)))
    .map(({ last: _last, ...r }) => r);
}

/** Form rows → one Zeitfenster per day of each range (a range "Sa–Mo" runs over the week's end). */
export function hoursFill(rows: Row[]): Row[] {
  const out: Row[] = [];
  for (const { tagBis, ...r } of rows) {
    const from = dayIndex(r.tag);
    const to = tagBis === undefined || tagBis === '' ? from : dayIndex(tagBis);
    if (from < 0 || to < 0) {
      out.push(r);
      continue;
    }
    for (let d = from, n = 0; n < 7; d = (d + 1) % 7, n++) {
      out.push({ ...r, tag: DAY_ORDER[d] });
      if (d === to) break;
    }
  }
  return out.sort((a, b) => dayIndex(a.tag) - dayIndex(b.tag) || String(a.von).localeCompare(String(b.von)));
}
