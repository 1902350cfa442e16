/**
 * The stored contents of before migration 0016 in the shape of XZuFi 2.2.0 as the FIM Portal models
 * it (CONFORMANCE.md E1–E11). Pure: the data migration applies it to every object, working version
 * and history version; the demo fixture was converted with it. Nothing is dropped: what has no
 * place in the new shape moves to where it is kept (a Frist without duration or day becomes text of
 * the module, a form's URL a link of the Dokument module), and `notes` counts each such move.
 */

type C = Record<string, unknown>;
type Texts = Array<{ languageCode: string; value: string }>;

export type Notes = Record<string, number>;
const note = (notes: Notes, what: string) => { notes[what] = (notes[what] ?? 0) + 1; };

/** Finer units in which a fractional duration can be exact. */
const FINER: Record<string, [string, number]> = { JAHR: ['MONAT', 12], WOCHE: ['TAG', 7], TAG: ['STUNDE', 24], STUNDE: ['MINUTE', 60], MINUTE: ['SEKUNDE', 60] };

const UNIT_DE: Record<string, string> = { JAHR: 'Jahre', MONAT: 'Monate', WOCHE: 'Wochen', TAG: 'Tage', WERKTAG: 'Werktage', ARBEITSTAG: 'Arbeitstage', STUNDE: 'Stunden', MINUTE: 'Minuten', SEKUNDE: 'Sekunden' };

/** A duration as an integer (XZuFi's dauer is xs:integer): in a finer unit where exact, else rounded up with the original kept as text. */
function integerDauer(d: C, notes: Notes): { dauer: C; lost?: string } {
  const out: C = { ...d };
  let lost: string | undefined;
  for (const [valueKey, unitKey] of [['dauer', 'einheit'], ['dauerBis', 'einheitBis']] as const) {
    const v = out[valueKey];
    if (typeof v !== 'number' || Number.isInteger(v)) continue;
    const unit = String(out[unitKey] ?? out.einheit);
    const finer = FINER[unit];
    if (finer && Number.isInteger(Math.round(v * finer[1] * 1e9) / 1e9)) {
      out[valueKey] = Math.round(v * finer[1]);
      out[unitKey] = finer[0];
      note(notes, 'durations with a fraction written in a finer unit');
    } else {
      lost = `${String(v).replace('.', ',')} ${UNIT_DE[unit] ?? unit}`;
      out[valueKey] = Math.ceil(v);
      note(notes, 'durations with a fraction rounded up (the original kept as text)');
    }
  }
  // A range in one unit: the unit of the end follows the start when the start moved to a finer unit.
  if (out.dauerBis !== undefined && d.einheitBis === undefined && out.einheit !== d.einheit) out.einheitBis ??= d.einheit;
  return { dauer: out, ...(lost ? { lost } : {}) };
}

const appendText = (texts: Texts | undefined, add: string): Texts => {
  const list = [...(texts ?? [])];
  const de = list.findIndex((t) => t.languageCode === 'de');
  if (de === -1) list.unshift({ languageCode: 'de', value: add });
  else list[de] = { ...list[de]!, value: `${list[de]!.value} ${add}` };
  return list;
};

function fristen(m: C, notes: Notes): C {
  const out: C = { ...m };
  const kept: C[] = [];
  let beschreibung = m.beschreibung as Texts | undefined;
  for (const f of (m.frist as C[] | undefined) ?? []) {
    if (!f.dauer && !f.stichtag) {
      // XZuFi requires a duration or a day; the description (and the type) live on in the module's text.
      const text = (f.beschreibung as Texts | undefined)?.find((t) => t.languageCode === 'de')?.value;
      if (text) beschreibung = appendText(beschreibung, text);
      note(notes, 'Fristen without duration or day moved into the module description');
      continue;
    }
    const frist: C = { ...f };
    if (f.dauer) {
      const { dauer, lost } = integerDauer(f.dauer as C, notes);
      frist.dauer = dauer;
      if (lost) frist.beschreibung = appendText(f.beschreibung as Texts | undefined, `(ursprünglich ${lost})`);
    }
    kept.push(frist);
  }
  if (kept.length > 0) out.frist = kept;
  else delete out.frist;
  if (beschreibung) out.beschreibung = beschreibung;
  return out;
}

const betrag = (b: unknown) => {
  if (!b || typeof b !== 'object') return b;
  const { currency, ...rest } = b as C;
  return { ...rest, currencyCode: currency ?? (b as C).currencyCode ?? 'EUR' };
};

function kosten(k: C, notes: Notes): C {
  if (k.fix || k.frei || k.variabel) return k;
  const { art, betrag: fix, betragUntergrenze, betragObergrenze, ...rest } = k;
  note(notes, 'Kosten written as the choice fix/frei/variabel');
  if (art === 'fix' || (art === undefined && fix)) return { ...rest, fix: { betrag: betrag(fix) } };
  if (art === 'variabel' || (art === undefined && (betragUntergrenze || betragObergrenze))) {
    return { ...rest, variabel: { ...(betragUntergrenze ? { betragUntergrenze: betrag(betragUntergrenze) } : {}), ...(betragObergrenze ? { betragObergrenze: betrag(betragObergrenze) } : {}) } };
  }
  return { ...rest, frei: {} };
}

function bearbeitungsdauer(m: C, notes: Notes): C {
  const bd = m.bearbeitungsdauer;
  if (!bd || Array.isArray(bd)) return m;
  const { dauer, lost } = integerDauer(bd as C, notes);
  note(notes, 'Bearbeitungsdauer written as a Frist without type');
  return { ...m, bearbeitungsdauer: [{ dauer, ...(lost ? { beschreibung: [{ languageCode: 'de', value: `(ursprünglich ${lost})` }] } : {}) }] };
}

function dokumente(m: C, notes: Notes): C {
  if (!m.dokument) return m;
  const { dokument, ...rest } = m;
  const out: C = { ...rest };
  const links = [...((m.weiterfuehrenderLink as C[] | undefined) ?? [])];
  for (const d of dokument as C[]) {
    const { richtung, typ, formularUri, ...kept } = d;
    const doc: C = { ...kept, ...(typ ? { typ: { code: typ } } : {}) };
    if (formularUri) {
      // A form's address is a link, not an Identifikator (referenzFormularID).
      const titel = (d.bezeichnung as Texts | undefined)?.find((t) => t.languageCode === 'de')?.value ?? (d.bezeichnung as Texts | undefined)?.[0]?.value;
      links.push({ uri: formularUri, ...(titel ? { titel } : {}) });
      note(notes, 'form URLs of Dokumente kept as links of the Dokument module');
    }
    const key = richtung === 'ausgehend' ? 'dokumentAusgehend' : 'dokumentEingehend';
    out[key] = [...((out[key] as C[] | undefined) ?? []), doc];
  }
  if (links.length > 0) out.weiterfuehrenderLink = links;
  note(notes, 'Dokument modules split into dokumentEingehend / dokumentAusgehend');
  return out;
}

const zeitraeume = (list: unknown, notes: Notes) => (Array.isArray(list) ? list.map((g: C) => {
  if (typeof g.zusatz !== 'string') return g;
  note(notes, 'gueltigkeit notes written as localized text');
  return { ...g, zusatz: [{ languageCode: 'de', value: g.zusatz }] };
}) : list);

/** The modules of a Leistung or a Spezialisierung. */
function modules(c: C, notes: Notes): C {
  const out: C = { ...c };
  if (out.modulFrist) out.modulFrist = fristen(out.modulFrist as C, notes);
  if (out.modulKosten) {
    const m = out.modulKosten as C;
    out.modulKosten = { ...m, ...(m.kosten ? { kosten: (m.kosten as C[]).map((k) => kosten(k, notes)) } : {}) };
  }
  if (out.modulBearbeitungsdauer) out.modulBearbeitungsdauer = bearbeitungsdauer(out.modulBearbeitungsdauer as C, notes);
  if (out.modulDokument) out.modulDokument = dokumente(out.modulDokument as C, notes);
  const begriffe = out.modulBegriffImKontext as C[] | undefined;
  if (Array.isArray(begriffe) && begriffe.length > 0 && 'begriff' in begriffe[0]!) {
    out.modulBegriffImKontext = [{ begriffImKontext: begriffe }];
    note(notes, 'Begriffe im Kontext wrapped in a module');
  }
  return out;
}

export type ShapeType = 'Leistung' | 'Spezialisierung' | 'Organisationseinheit' | 'Onlinedienst' | 'Zustaendigkeit' | 'Kategorie';

/** The content in the new shape (a new object; the given one is not changed). */
export function reshape(type: ShapeType, content: C, notes: Notes = {}): C {
  switch (type) {
    case 'Leistung': {
      const c = modules(content, notes);
      if (typeof c.referenzLeiKa === 'string') c.referenzLeiKa = [c.referenzLeiKa];
      const s = c.struktur as C | undefined;
      if (s && typeof s.leistungsobjektID === 'string') c.struktur = { ...s, leistungsobjektID: { id: s.leistungsobjektID } };
      if (c.gueltigkeit) c.gueltigkeit = zeitraeume(c.gueltigkeit, notes);
      return c;
    }
    case 'Spezialisierung':
      return modules(content, notes);
    case 'Kategorie':
      if (typeof content.klasse === 'string') {
        note(notes, 'Kategorie classes written as LeistungskategorieKlasse');
        return { ...content, klasse: { id: { id: content.klasse } } };
      }
      return { ...content };
    default:
      return { ...content };
  }
}
