/**
 * The five XZuFi 2.2.0 transfer objects as specs. The Leistung follows the FIM Portal's model of
 * XZuFi 2.2.0 (`Leistung220`, ../shared/xzufi/CONFORMANCE.md) child by child and in its order; the
 * other objects follow what readers of real data see (XZUFI-NOTES.md). What no public source shows
 * is this project's own and named in one place: `PROJECT_NAMES` below (and `(project)` in LIST).
 *
 * The codec's documents are the REST documents with references as XZuFi identifiers instead of
 * database ids (`leistungId: {schemeAgencyID, id}`), Kategorien embedded in the Leistung, and the
 * editorial field `basisVersion` left out (it means nothing to another system).
 */
import type { Field, Ident, ObjSpec } from './spec';

export type Klasse = 'Leistung' | 'LeistungSpezialisierung' | 'Organisationseinheit' | 'Onlinedienst' | 'Zustaendigkeit';
export const KLASSEN: readonly Klasse[] = ['Leistung', 'LeistungSpezialisierung', 'Organisationseinheit', 'Onlinedienst', 'Zustaendigkeit'];

export interface Versionsinformation {
  erstelltDatumZeit?: string;
  erstelltDurch?: string;
  geaendertDatumZeit?: string;
  geaendertDurch?: string;
  version?: string;
}

/** One object of a transfer message. */
export interface XzufiObject {
  klasse: Klasse;
  id: Ident;
  content: Record<string, unknown>;
  versionsinformation?: Versionsinformation;
}

/**
 * Code lists: listURI and, where a source names it, listVersionID (XÖV typed codes fix both, so a
 * wrong URI is a schema error). `(project)`: no public source names the list; its URI is ours.
 */
export const LIST = {
  leika: { uri: 'urn:de:fim:leika:leistung' }, // (project)
  leistungsgruppierung: { uri: 'urn:de:fim:leika:leistungsgruppierung' }, // (project)
  verrichtung: { uri: 'urn:de:fim:leika:verrichtung' }, // (project)
  textmodul: { uri: 'urn:de:xzufi:codeliste:leistungstextmodulleika', version: '20240216' },
  typisierung: { uri: 'urn:de:fim:leika:typisierung' },
  vertrauensniveau: { uri: 'urn:xoev-de:fim:codeliste:vertrauensniveau' },
  leistungsadressat: { uri: 'urn:xoev-de:fim:codeliste:xzufi.leistungsadressat' }, // (project)
  fristtyp: { uri: 'urn:xoev-de:fim:codeliste:xzufi.fristtyp' }, // (project)
  kostentyp: { uri: 'urn:xoev-de:fim:codeliste:xzufi.kostentyp' }, // (project)
  dokumenttyp: { uri: 'urn:de:fim:codeliste:dokumenttyp', version: '5' },
  signatur: { uri: 'urn:xoev-de:fim:codeliste:xzufi.signatur' }, // (project)
  begriffImKontextTyp: { uri: 'urn:xoev-de:fim:codeliste:xzufi.begriffimkontexttyp' }, // (project)
  sdg: { uri: 'urn:xoev-de:fim:codeliste:sdginformationsbereich', version: '4' },
  onlinedienstLinktyp: { uri: 'urn:xoev-de:fim:codeliste:onlinedienstlinktyp' },
  erreichbarkeit: { uri: 'urn:de:xoev:codeliste:erreichbarkeit', version: '3' },
  anschrifttyp: { uri: 'urn:xoev-de:fim:codeliste:xzufi.anschrifttyp', version: '2.0' },
  regionalschluessel: { uri: 'urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs', version: '2026-04-30' },
  gemeindeschluessel: { uri: 'urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags', version: '2026-04-30' },
  bundesland: { uri: 'urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:bundesland', version: '2010-04-01' },
  zustaendigkeitsrolle: { uri: 'urn:xoev-de:fim:codeliste:xzufi.zustaendigkeitsrolle' }, // (project codes)
} as const;

/**
 * Element names no public source confirms (CONFORMANCE.md section 3 and the choice elements that
 * the FIM Portal model calls `fristauswahl`/`kostenauswahl`): this project's, in one place, so that
 * an operator's official XSD (XZUFI_XSD_DIR) shows at once where they differ.
 */
export const PROJECT_NAMES = {
  transferRoot: 'transfer.schreibeLoesche',
  fristDauer: 'fristDauer', fristStichtag: 'fristStichtag',
  kostenFix: 'kostenFix', kostenFrei: 'kostenFrei', kostenVariabel: 'kostenVariabel',
  dokumentTypNichtGelistet: 'nichtGelisteterWert',
  oeffnungszeiten: 'oeffnungszeiten', zeitfenster: 'zeitfenster', kommunikation: 'kommunikation', ansprechpartner: 'ansprechpartner',
  internetadresse: 'internetadresse', geokodierung: 'geokodierung',
  identifizierungsmittel: 'identifizierungsmittel', zahlungsweise: 'zahlungsweise', ozgReifegrad: 'ozgReifegrad', efa: 'efa',
} as const;

const ZEITEINHEITEN = ['JAHR', 'MONAT', 'WOCHE', 'TAG', 'WERKTAG', 'ARBEITSTAG', 'STUNDE', 'MINUTE', 'SEKUNDE'] as const;
const ARS_ATTRS = { schemeID: LIST.regionalschluessel.uri };

const text = (key: string, el = key, required = false): Field => ({ kind: 'text', key, el, required });
const str = (key: string, el = key, required = false): Field => ({ kind: 'string', key, el, required });
const int = (key: string, el = key, required = false): Field => ({ kind: 'int', key, el, required });
const bool = (key: string, el = key): Field => ({ kind: 'boolean', key, el });
const obj = (key: string, spec: ObjSpec, opts: { el?: string; many?: boolean; required?: boolean } = {}): Field => ({ kind: 'object', key, el: opts.el ?? key, spec, many: opts.many, required: opts.required });
const code = (key: string, list: { uri: string; version?: string }, opts: { el?: string; many?: boolean; required?: boolean } = {}): Field => ({ kind: 'code', key, el: opts.el ?? key, listURI: list.uri, listVersionID: list.version, many: opts.many, required: opts.required });
/** A code of any list, kept with its listURI, listVersionID and name. */
const rawCode = (key: string, opts: { el?: string; many?: boolean; required?: boolean } = {}): Field => ({ kind: 'code', key, el: opts.el ?? key, listURI: '', raw: true, many: opts.many, required: opts.required });
/** An Identifikator that is no reference (idSekundaer, idProzess …): the agency may be absent. */
const freeIdent = (key: string, el = key, many = true): Field => ({ kind: 'ident', key, el, many, free: true });
const arsList = (key: string, el = key): Field => ({ kind: 'string', key, el, many: true, attrs: ARS_ATTRS });
const languageAttr: Field = { kind: 'attr', key: 'languageCode', name: 'languageCode', values: ['de', 'en'] };

const Versionsinformation: ObjSpec = {
  typeName: 'Versionsinformation',
  fields: [
    { kind: 'dateTime', key: 'erstelltDatumZeit', el: 'erstelltDatumZeit' },
    str('erstelltDurch'),
    { kind: 'dateTime', key: 'geaendertDatumZeit', el: 'geaendertDatumZeit' },
    str('geaendertDurch'),
    str('version'),
  ],
};

const Sprachversion: ObjSpec = {
  typeName: 'Sprachversion',
  fields: [
    str('languageCode', 'languageCode', true), str('sprachbezeichnungDeutsch'), str('sprachbezeichnungNativ'),
    { kind: 'dateTime', key: 'erstelltDatumZeit', el: 'erstelltDatumZeit' }, str('erstelltDurch'),
    { kind: 'dateTime', key: 'geaendertDatumZeit', el: 'geaendertDatumZeit' }, str('geaendertDurch'), str('version'),
  ],
};

/** Zeitraum: beginn, ende, zusatz (localized). */
const Zeitraum: ObjSpec = {
  typeName: 'Zeitraum',
  fields: [{ kind: 'date', key: 'beginn', el: 'beginn' }, { kind: 'date', key: 'ende', el: 'ende' }, text('zusatz')],
};

const HyperlinkErweitert: ObjSpec = {
  typeName: 'HyperlinkErweitert',
  fields: [str('uri', 'uri', true), str('titel'), str('beschreibung'), int('positionDarstellung'), languageAttr],
};

/** Every module starts with the same base fields (an XSD base type "Modul" each module extends). */
const MODUL_BASE: Field[] = [
  int('positionDarstellung'),
  { kind: 'ident', key: 'id', el: 'id', free: true },
  freeIdent('idSekundaer'),
  obj('gueltigkeit', Zeitraum, { many: true }),
];
const modul = (typeName: string, fields: Field[]): ObjSpec => ({ typeName, fields: [...MODUL_BASE, ...fields] });
const links = obj('weiterfuehrenderLink', HyperlinkErweitert, { many: true });

const Textmodul = modul('Textmodul', [
  code('leikaTextmodul', LIST.textmodul, { required: true }),
  text('abweichendeBezeichnung', 'leikaTextmodulAbweichendeBezeichnung'),
  text('inhalt'),
  links,
]);

const TextmodulIndividuell = modul('TextmodulIndividuell', [
  rawCode('individuellesTextmodultyp', { required: true }),
  text('inhalt'),
  links,
]);

const FristDauer: ObjSpec = {
  typeName: 'FristDauer',
  fields: [
    int('dauer', 'dauer', true),
    { kind: 'string', key: 'einheit', el: 'einheit', values: ZEITEINHEITEN, required: true },
    int('dauerBis'),
    { kind: 'string', key: 'einheitBis', el: 'einheitBis', values: ZEITEINHEITEN },
  ],
};

const FristStichtag: ObjSpec = {
  typeName: 'FristStichtag',
  fields: [{ kind: 'dateOrMonthDay', key: 'von', el: 'von' }, { kind: 'dateOrMonthDay', key: 'bis', el: 'bis' }],
};

const fristAuswahl: Field = {
  kind: 'choice', key: 'fristauswahl', required: true,
  options: [obj('dauer', FristDauer, { el: PROJECT_NAMES.fristDauer }), obj('stichtag', FristStichtag, { el: PROJECT_NAMES.fristStichtag })],
};

const FristMitTyp: ObjSpec = {
  typeName: 'FristMitTyp',
  fields: [code('typ', LIST.fristtyp), fristAuswahl, text('beschreibung'), int('positionDarstellung'), obj('gueltigkeit', Zeitraum, { many: true })],
};

const FristOhneTyp: ObjSpec = {
  typeName: 'FristOhneTyp',
  fields: [fristAuswahl, text('beschreibung'), int('positionDarstellung'), obj('gueltigkeit', Zeitraum, { many: true })],
};

const Betrag: ObjSpec = {
  typeName: 'Betrag',
  fields: [{ kind: 'decimal', key: 'value', el: 'value', required: true }, { kind: 'string', key: 'currencyCode', el: 'currencyCode', required: true, values: ['EUR'] }],
};

const Kosten: ObjSpec = {
  typeName: 'Kosten',
  fields: [
    code('typ', LIST.kostentyp),
    {
      kind: 'choice', key: 'kostenauswahl', required: true,
      options: [
        obj('fix', { typeName: 'KostenFix', fields: [obj('betrag', Betrag, { required: true })] }, { el: PROJECT_NAMES.kostenFix }),
        obj('frei', { typeName: 'KostenFrei', fields: [text('beschreibungKostenfreiheit')] }, { el: PROJECT_NAMES.kostenFrei }),
        obj('variabel', { typeName: 'KostenVariabel', fields: [obj('betragUntergrenze', Betrag), obj('betragObergrenze', Betrag), text('beschreibungVariabilitaet')] }, { el: PROJECT_NAMES.kostenVariabel }),
      ],
    },
    text('beschreibung'),
    bool('vorkasse'),
    str('linkKostenbildung'),
    int('positionDarstellung'),
    obj('gueltigkeit', Zeitraum, { many: true }),
  ],
};

const Dokument: ObjSpec = {
  typeName: 'Dokument',
  fields: [
    obj('typ', {
      typeName: 'DokumentTypErweiterbar',
      fields: [{ kind: 'choice', key: 'typauswahl', required: true, options: [code('code', LIST.dokumenttyp), str('nichtGelisteterWert', PROJECT_NAMES.dokumentTypNichtGelistet)] }],
    }),
    text('bezeichnung'),
    text('beschreibung'),
    freeIdent('referenzFormularID'),
    code('angabeSignatur', LIST.signatur),
  ],
};

const BegriffImKontext: ObjSpec = {
  typeName: 'BegriffImKontext',
  fields: [{ kind: 'text', key: 'begriffText', el: 'begriff', single: true, required: true }, code('typ', LIST.begriffImKontextTyp)],
  // The REST document keeps the language beside the word: {begriff, languageCode, typ}.
  toXml: ({ begriff, languageCode, ...rest }) => ({ ...rest, begriffText: { languageCode, value: begriff } }),
  fromXml: ({ begriffText, ...rest }) => {
    const t = begriffText as { languageCode?: string; value?: string } | undefined;
    return { begriff: t?.value, ...(t?.languageCode !== undefined ? { languageCode: t.languageCode } : {}), ...rest };
  },
};

/** The modules shared by Leistung and Spezialisierung, in the order of Leistung220. */
const MODULES: Field[] = [
  obj('modulText', Textmodul, { many: true }),
  obj('modulTextIndividuell', TextmodulIndividuell, { many: true }),
  obj('modulFrist', modul('Fristmodul', [obj('frist', FristMitTyp, { many: true }), text('beschreibung'), links])),
  obj('modulKosten', modul('Kostenmodul', [obj('kosten', Kosten, { many: true }), text('beschreibung'), links])),
  obj('modulBearbeitungsdauer', modul('Bearbeitungsdauermodul', [obj('bearbeitungsdauer', FristOhneTyp, { many: true }), text('beschreibung'), links])),
  obj('modulBegriffImKontext', modul('BegriffImKontextModul', [obj('begriffImKontext', BegriffImKontext, { many: true })]), { many: true }),
  obj('modulFachlicheFreigabe', modul('FachlicheFreigabeModul', [{ kind: 'date', key: 'fachlichFreigegebenAm', el: 'fachlichFreigegebenAm' }, text('fachlichFreigegebenDurch')])),
  obj('modulAuskunftshinweis', modul('Auskunftshinweismodul', [text('inhalt'), links])),
  obj('modulDokument', modul('Dokumentmodul', [obj('dokumentEingehend', Dokument, { many: true }), obj('dokumentAusgehend', Dokument, { many: true }), text('beschreibung'), links])),
  obj('modulUrsprungsportal', modul('UrsprungsportalModul', [str('uri', 'uri', true), str('titel'), { ...languageAttr, required: true }]), { many: true }),
];

const Kategorie: ObjSpec = {
  typeName: 'Leistungskategorie',
  fields: [
    { kind: 'ident', key: 'id', el: 'id', required: true },
    freeIdent('idSekundaer'),
    { kind: 'ident', key: 'uebergeordneteKategorieId', el: 'uebergeordneteKategorieID' },
    { kind: 'ident', key: 'untergeordneteKategorieID', el: 'untergeordneteKategorieID', many: true },
    text('bezeichnung'),
    text('beschreibung'),
    obj('klasse', {
      typeName: 'LeistungskategorieKlasse',
      fields: [{ kind: 'ident', key: 'id', el: 'id', required: true, free: true }, freeIdent('idSekundaer'), text('bezeichnung'), text('beschreibung'), str('version')],
    }),
  ],
};

const Herausgeber: ObjSpec = {
  typeName: 'Herausgeber',
  fields: [
    { kind: 'ident', key: 'id', el: 'id', required: true, free: true }, freeIdent('idSekundaer'),
    { kind: 'string', key: 'bezeichnung', el: 'bezeichnung', many: true }, { kind: 'string', key: 'kurzbezeichnung', el: 'kurzbezeichnung', many: true },
    text('beschreibung'), arsList('standardZustaendigkeitsgebietID'),
  ],
};

const id: Field = { kind: 'ident', key: 'id', el: 'id', required: true };
const versionsinformation = obj('versionsinformation', Versionsinformation);
const sprachversion = obj('sprachversion', Sprachversion, { many: true });

const Leistung: ObjSpec = {
  typeName: 'Leistung',
  fields: [
    id,
    freeIdent('idSekundaer'),
    {
      kind: 'variant', key: 'struktur', el: 'struktur', discriminator: 'typ',
      variants: [
        { value: 'lo', typeName: 'LeistungsstrukturObjekt', fields: [code('leistungsgruppierung', LIST.leistungsgruppierung)] },
        { value: 'lov', typeName: 'LeistungsstrukturObjektMitVerrichtung', fields: [{ kind: 'ident', key: 'leistungsobjektID', el: 'leistungsobjektID', free: true }, code('verrichtung', LIST.verrichtung, { el: 'verrichtung/verrichtungLeiKa' })] },
        { value: 'lovd', typeName: 'LeistungsstrukturObjektMitVerrichtungUndDetail', fields: [text('verrichtungsdetail')] },
      ],
    },
    code('referenzLeiKa', LIST.leika, { many: true }),
    ...MODULES,
    code('typisierung', LIST.typisierung, { many: true }),
    code('vertrauensniveau', LIST.vertrauensniveau),
    code('leistungsadressat', LIST.leistungsadressat, { many: true }),
    bool('kennzeichenSchriftformerfordernis'),
    obj('kategorie', Kategorie, { many: true }),
    rawCode('klassifizierung', { many: true }),
    code('informationsbereichSDG', LIST.sdg, { many: true }),
    freeIdent('idLeistungImKontext'),
    freeIdent('idProzess'),
    obj('herausgeber', Herausgeber),
    arsList('gueltigkeitGebietID'),
    bool('kennzeichenEA'),
    obj('relevantFuerWirtschaftszweig', { typeName: 'WirtschaftszweigSpezifizierbar', fields: [rawCode('code', { required: true }), { kind: 'ident', key: 'spezifischeID', el: 'spezifischeID', free: true }] }, { many: true }),
    rawCode('relevantFuerRechtsform', { many: true }),
    rawCode('relevantFuerStaatsangehoerigkeit', { many: true }),
    versionsinformation,
    sprachversion,
    obj('gueltigkeit', Zeitraum, { many: true }),
  ],
};

const Spezialisierung: ObjSpec = {
  typeName: 'LeistungSpezialisierung',
  fields: [
    id,
    { kind: 'ident', key: 'leistungId', el: 'leistungID', required: true },
    arsList('gebietID'),
    ...MODULES,
    versionsinformation,
    sprachversion,
  ],
};

const Kommunikation: ObjSpec = {
  typeName: 'Kommunikation',
  fields: [code('kanal', LIST.erreichbarkeit, { required: true }), str('kennung', 'kennung', true), str('zusatz')],
};

/** verwaltungspolitischeKodierung: Bundesland, Gemeindeschlüssel (AGS) and the ARS, each a Code. */
const VerwaltungspolitischeKodierung: ObjSpec = {
  typeName: 'VerwaltungspolitischeKodierung',
  fields: [code('bundesland', LIST.bundesland), code('gemeindeschluessel', LIST.gemeindeschluessel), code('regionalschluessel', LIST.regionalschluessel)],
};

const Anschrift: ObjSpec = {
  typeName: 'Anschrift',
  fields: [
    code('typ', LIST.anschrifttyp, { required: true }),
    str('strasse'), str('hausnummer'), str('postfach'), str('postleitzahl'), str('ort', 'ort', true),
    obj('kodierung', VerwaltungspolitischeKodierung, { el: 'verwaltungspolitischeKodierung' }),
    str('zusatz'),
    obj('geokodierung', { typeName: 'Geokodierung', fields: [{ kind: 'decimal', key: 'lat', el: 'breitengrad', required: true }, { kind: 'decimal', key: 'lon', el: 'laengengrad', required: true }] }, { el: PROJECT_NAMES.geokodierung }),
  ],
  // The REST document names the ARS `ars`; Bundesland and Gemeindeschlüssel stay beside it.
  toXml: ({ ars, bundesland, gemeindeschluessel, ...rest }) => (ars || bundesland || gemeindeschluessel
    ? { ...rest, kodierung: { ...(bundesland ? { bundesland } : {}), ...(gemeindeschluessel ? { gemeindeschluessel } : {}), ...(ars ? { regionalschluessel: ars } : {}) } }
    : rest),
  fromXml: ({ kodierung, ...rest }) => {
    const k = (kodierung ?? {}) as { bundesland?: string; gemeindeschluessel?: string; regionalschluessel?: string };
    return { ...rest, ...(k.regionalschluessel ? { ars: k.regionalschluessel } : {}), ...(k.bundesland ? { bundesland: k.bundesland } : {}), ...(k.gemeindeschluessel ? { gemeindeschluessel: k.gemeindeschluessel } : {}) };
  },
};

/** An office's own responsibilities as service-bw and amt24 send them; the import makes Zuständigkeiten of them. */
const EingebetteteZustaendigkeit: ObjSpec = {
  typeName: 'OrganisationseinheitZustaendigkeit',
  fields: [{ kind: 'ident', key: 'leistungId', el: 'leistungID', required: true }, arsList('gebietID')],
};

const Organisationseinheit: ObjSpec = {
  typeName: 'Organisationseinheit',
  fields: [
    id,
    { kind: 'ident', key: 'uebergeordneteOrganisationseinheitId', el: 'uebergeordneteOrganisationseinheitID' },
    text('name', 'name/name', true),
    text('kurzbezeichnung'),
    text('beschreibung'),
    obj('anschrift', Anschrift, { many: true }),
    obj('kommunikation', Kommunikation, { many: true, el: PROJECT_NAMES.kommunikation }),
    obj('oeffnungszeiten', {
      typeName: 'Oeffnungszeiten',
      fields: [
        obj('zeiten', {
          typeName: 'Zeitfenster',
          fields: [
            { kind: 'string', key: 'tag', el: 'tag', values: ['mo', 'di', 'mi', 'do', 'fr', 'sa', 'so'], required: true },
            str('von', 'von', true), str('bis', 'bis', true), str('hinweis'),
          ],
        }, { el: PROJECT_NAMES.zeitfenster, many: true }),
        text('hinweis'),
      ],
    }, { el: PROJECT_NAMES.oeffnungszeiten }),
    obj('ansprechpartner', {
      typeName: 'Ansprechpartner',
      fields: [str('anrede'), str('titel'), str('vorname'), str('familienname', 'familienname', true), text('funktion'), str('raum'), obj('kommunikation', Kommunikation, { many: true })],
    }, { many: true, el: PROJECT_NAMES.ansprechpartner }),
    obj('internetadresse', HyperlinkErweitert, { many: true, el: PROJECT_NAMES.internetadresse }),
    obj('zustaendigkeit', EingebetteteZustaendigkeit, { many: true }),
    versionsinformation,
    sprachversion,
  ],
};

const Onlinedienst: ObjSpec = {
  typeName: 'Onlinedienst',
  fields: [
    id,
    text('bezeichnung', 'bezeichnung', true),
    text('beschreibung'),
    obj('link', {
      typeName: 'OnlinedienstLink',
      fields: [code('typ', LIST.onlinedienstLinktyp, { required: true }), str('link', 'link', true), str('titel'), languageAttr],
    }, { many: true }),
    code('vertrauensniveau', LIST.vertrauensniveau),
    { kind: 'string', key: 'identifizierungsmittel', el: PROJECT_NAMES.identifizierungsmittel, many: true },
    { kind: 'string', key: 'zahlungsweisen', el: PROJECT_NAMES.zahlungsweise, many: true },
    int('ozgReifegrad', PROJECT_NAMES.ozgReifegrad),
    obj('efa', { typeName: 'EinerFuerAlle', fields: [str('bereitstellendesLand', 'bereitstellendesLand', true), { kind: 'string', key: 'richtung', el: 'richtung', values: ['inbound', 'outbound'], required: true }] }, { el: PROJECT_NAMES.efa }),
    { kind: 'ident', key: 'leistungIds', el: 'leistungID', many: true },
    arsList('gueltigkeitGebietID'),
    versionsinformation,
    sprachversion,
  ],
};

export const ZUSTAENDIGKEIT_SCHEME = { oe: 'ZustaendigkeitOrganisationseinheit', od: 'ZustaendigkeitOnlinedienst' } as const;

/**
 * On the wire a Zustaendigkeit hangs below its responsible object (uebergeordnetesObjektID); the
 * scheme of its id tells whether that is an Organisationseinheit or an Onlinedienst. Real data may
 * name several Gebiete; the import keeps one Zuständigkeit per Gebiet.
 */
const ZustaendigkeitTransferObjekt: ObjSpec = {
  typeName: 'ZustaendigkeitTransferObjekt',
  fields: [
    { kind: 'ident', key: 'uebergeordnet', el: 'uebergeordnetesObjektID', required: true },
    obj('zustaendigkeit', {
      typeName: 'Zustaendigkeit',
      fields: [
        id,
        { kind: 'ident', key: 'leistungId', el: 'leistungID', required: true },
        { kind: 'string', key: 'gebietID', el: 'gebietID', attrs: ARS_ATTRS, required: true, many: true },
        code('rolle', LIST.zustaendigkeitsrolle),
      ],
    }, { required: true }),
    versionsinformation,
  ],
  toXml: ({ id: ident, organisationseinheitId, onlinedienstId, versionsinformation: vi, gebietID, unmodelled, ...rest }) => ({
    uebergeordnet: organisationseinheitId ?? onlinedienstId,
    zustaendigkeit: { id: { ...(ident as Ident), schemeID: organisationseinheitId ? ZUSTAENDIGKEIT_SCHEME.oe : ZUSTAENDIGKEIT_SCHEME.od }, gebietID: [gebietID].flat(), ...rest },
    versionsinformation: vi,
    ...(unmodelled ? { unmodelled } : {}),
  }),
  fromXml: ({ uebergeordnet, zustaendigkeit, versionsinformation: vi, unmodelled }) => {
    const { id: ident, gebietID, ...rest } = (zustaendigkeit ?? {}) as { id?: Ident; gebietID?: string[] } & Record<string, unknown>;
    const { schemeID, ...plainId } = ident ?? { schemeAgencyID: '', id: '' };
    // One Gebiet is the Zustaendigkeit's own; several are split into one each by the import.
    const out: Record<string, unknown> = { id: plainId, ...rest, ...(gebietID ? { gebietID: gebietID.length === 1 ? gebietID[0] : gebietID } : {}) };
    out[schemeID === ZUSTAENDIGKEIT_SCHEME.od ? 'onlinedienstId' : 'organisationseinheitId'] = uebergeordnet;
    if (vi !== undefined) out.versionsinformation = vi;
    if (unmodelled !== undefined) out.unmodelled = unmodelled;
    return out;
  },
};

export interface ObjectCodec {
  klasse: Klasse;
  /** Element inside `schreibe`. */
  element: string;
  spec: ObjSpec;
}

export const CODECS: Record<Klasse, ObjectCodec> = {
  Leistung: { klasse: 'Leistung', element: 'leistung', spec: Leistung },
  LeistungSpezialisierung: { klasse: 'LeistungSpezialisierung', element: 'spezialisierung', spec: Spezialisierung },
  Organisationseinheit: { klasse: 'Organisationseinheit', element: 'organisationseinheit', spec: Organisationseinheit },
  Onlinedienst: { klasse: 'Onlinedienst', element: 'onlinedienst', spec: Onlinedienst },
  Zustaendigkeit: { klasse: 'Zustaendigkeit', element: 'zustaendigkeitTransferObjekt', spec: ZustaendigkeitTransferObjekt },
};

export const codecForElement = (element: string): ObjectCodec | undefined => Object.values(CODECS).find((c) => c.element === element);
