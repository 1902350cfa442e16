/**
 * Charts of the OZG dashboard as inline SVG, made on the server (no script): each an image with a
 * title and a description that states every value; the page shows the same figures as a table
 * beside it. Colours have a contrast of at least 4.5:1 against white.
 */

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!));

export interface Bar { label: string; value: number; text?: string }

/** Vertical bars (few categories, e.g. the Reifegrade 0–4). */
export function columnChart(id: string, title: string, bars: Bar[], axis: string): string {
  const width = Math.max(320, 40 + bars.length * 88);
  const area = 180;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const body = bars.map((b, i) => {
    const h = Math.round((b.value / max) * area);
    const x = 40 + i * 88;
    const y = 24 + area - h;
    return `<rect x="${x}" y="${y}" width="64" height="${h}" fill="#00508c"></rect>`
      + `<text x="${x + 32}" y="${y - 6}" text-anchor="middle">${esc(b.text ?? String(b.value))}</text>`
      + `<text x="${x + 32}" y="${24 + area + 18}" text-anchor="middle">${esc(b.label)}</text>`;
  }).join('');
  const desc = bars.map((b) => `${b.label}: ${b.text ?? b.value}`).join(', ');
  return `<svg class="chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${area + 64}" width="${width}" height="${area + 64}" xmlns="http://www.w3.org/2000/svg">`
    + `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>`
    + `<line x1="30" y1="${24 + area}" x2="${width - 10}" y2="${24 + area}" stroke="#1b1b1b"></line>${body}`
    + `<text x="${width / 2}" y="${area + 60}" text-anchor="middle">${esc(axis)}</text></svg>`;
}

/** Horizontal bars of shares 0–1 (many categories with long names, e.g. the Themenfelder). */
export function shareChart(id: string, title: string, bars: Bar[]): string {
  const label = 230;
  const track = 300;
  const row = 26;
  const height = 12 + bars.length * row;
  const width = label + track + 60;
  const body = bars.map((b, i) => {
    const y = 8 + i * row;
    const w = Math.round(Math.max(0, Math.min(1, b.value)) * track);
    return `<text x="${label - 8}" y="${y + 15}" text-anchor="end">${esc(b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label)}</text>`
      + `<rect x="${label}" y="${y + 2}" width="${track}" height="18" fill="#e8eef4"></rect>`
      + `<rect x="${label}" y="${y + 2}" width="${w}" height="18" fill="#00508c"></rect>`
      + `<text x="${label + track + 6}" y="${y + 15}">${esc(b.text ?? `${Math.round(b.value * 100)} %`)}</text>`;
  }).join('');
  const desc = bars.map((b) => `${b.label}: ${b.text ?? `${Math.round(b.value * 100)} %`}`).join(', ');
  return `<svg class="chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`
    + `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>${body}</svg>`;
}
