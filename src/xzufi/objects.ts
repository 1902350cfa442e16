/**
 * The five XZuFi 2.2.0 transfer objects as specs. Element names follow ../shared/xzufi/XZUFI-NOTES.md
 * where real data confirmed them; the rest are named in the same style and marked `(project)`.
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

export const LIST = {
  leika: 'urn:de:fim:leika:leistung', // (project)
  verrichtung: 'urn:de:fim:leika:verrichtung', // (project)
  textmodul: 'urn:xoev-de:fim:codeliste:xzufi.leistungstextmodulleika',
  typisierung: 'urn:xoev-de:fim:codeliste:xzufi.leistungstypisierung',
  vertrauensniveau: 'urn:xoev-de:fim:codeliste:vertrauensniveau',
  leistungsadressat: 'urn:xoev-de:fim:codeliste:xzufi.leistungsadressat',
  fristtyp: 'urn:xoev-de:fim:codeliste:xzufi.fristtyp',
  kostentyp: 'urn:xoev-de:fim:codeliste:xzufi.kostentyp',
  dokumenttyp: 'urn:xoev-de:fim:codeliste:xzufi.dokumenttyp',
  begriffImKontextTyp: 'urn:xoev-de:fim:codeliste:xzufi.begriffimkontexttyp',
  onlinedienstLinktyp: 'urn:xoev-de:fim:codeliste:onlinedienstlinktyp',
  erreichbarkeit: 'urn:de:xoev:codeliste:erreichbarkeit',
  anschrifttyp: 'urn:xoev-de:fim:codeliste:xzufi.anschrifttyp',
  regionalschluessel: 'urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs',
  zustaendigkeitsrolle: 'urn:xoev-de:fim:codeliste:xzufi.zustaendigkeitsrolle', // (project codes)
} as const;

const ZEITEINHEITEN = ['JAHR', 'MONAT', 'WOCHE', 'TAG', 'WERKTAG', 'ARBEITSTAG', 'STUNDE', 'MINUTE', 'SEKUNDE'] as const;
const ARS_ATTRS = { schemeID: LIST.regionalschluessel };

const text = (key: string, el = key, required = false): Field => ({ kind: 'text', key, el, required });
const str = (key: string, el = key, required = false): Field => ({ kind: 'string', key, el, required });
const obj = (key: string, spec: ObjSpec, opts: { el?: string; many?: boolean; required?: boolean } = {}): Field => ({ kind: 'object', key, el: opts.el ?? key, spec, many: opts.many, required: opts.required });
const code = (key: string, listURI: string, opts: { el?: string; many?: boolean; listVersionID?: string; required?: boolean } = {}): Field => ({ kind: 'code', key, el: opts.el ?? key, listURI, listVersionID: opts.listVersionID, many: opts.many, required: opts.required });
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

const WeiterfuehrenderLink: ObjSpec = {
  typeName: 'WeiterfuehrenderLink',
  fields: [str('uri', 'uri', true), str('titel', 'titel', true), str('beschreibung'), { kind: 'int', key: 'positionDarstellung', el: 'positionDarstellung' }, languageAttr],
};

const ModulText: ObjSpec = {
  typeName: 'ModulText',
  fields: [
    code('leikaTextmodul', LIST.textmodul, { required: true }),
    text('abweichendeBezeichnung', 'leikaTextmodulAbweichendeBezeichnung'),
    text('inhalt', 'inhalt', true),
    obj('weiterfuehrenderLink', WeiterfuehrenderLink, { many: true }),
    { kind: 'int', key: 'positionDarstellung', el: 'positionDarstellung' },
  ],
};

const Dauer: ObjSpec = {
  typeName: 'Dauer',
  fields: [
    { kind: 'decimal', key: 'dauer', el: 'dauer', required: true },
    { kind: 'string', key: 'einheit', el: 'einheit', values: ZEITEINHEITEN, required: true },
    { kind: 'decimal', key: 'dauerBis', el: 'dauerBis' },
    { kind: 'string', key: 'einheitBis', el: 'einheitBis', values: ZEITEINHEITEN },
  ],
};

const Frist: ObjSpec = {
  typeName: 'Frist',
  fields: [
    code('typ', LIST.fristtyp),
    obj('dauer', Dauer, { el: 'fristDauer' }),
    obj('stichtag', { typeName: 'Stichtag', fields: [{ kind: 'date', key: 'von', el: 'von', required: true }, { kind: 'date', key: 'bis', el: 'bis' }] }, { el: 'fristStichtag' }),
    text('beschreibung'),
  ],
};

const Betrag: ObjSpec = {
  typeName: 'Betrag',
  fields: [{ kind: 'decimal', key: 'value', el: 'value', required: true }, { kind: 'string', key: 'currency', el: 'currency', required: true, values: ['EUR'] }],
};

/** `art` is not sent: it follows from which amounts are present (the JSON Schema ties them together). */
const Kosten: ObjSpec = {
  typeName: 'Kosten',
  fields: [
    code('typ', LIST.kostentyp),
    obj('betrag', Betrag),
    obj('betragUntergrenze', Betrag),
    obj('betragObergrenze', Betrag),
    text('beschreibung'),
    { kind: 'boolean', key: 'vorkasse', el: 'vorkasse' },
    str('linkKostenbildung'),
  ],
  toXml: ({ art: _art, ...rest }) => rest,
  fromXml: (v) => ({ art: v.betrag ? 'fix' : v.betragUntergrenze || v.betragObergrenze ? 'variabel' : 'frei', ...v }),
};

const Dokument: ObjSpec = {
  typeName: 'Dokument',
  fields: [
    { kind: 'string', key: 'richtung', el: 'richtung', values: ['eingehend', 'ausgehend'], required: true },
    code('typ', LIST.dokumenttyp),
    text('bezeichnung', 'bezeichnung', true),
    text('beschreibung'),
    str('formularUri'),
  ],
};

const MODULES: Field[] = [
  obj('modulText', ModulText, { many: true }),
  obj('modulFrist', { typeName: 'ModulFrist', fields: [obj('frist', Frist, { many: true }), text('beschreibung')] }),
  obj('modulKosten', { typeName: 'ModulKosten', fields: [obj('kosten', Kosten, { many: true }), text('beschreibung')] }),
  obj('modulBearbeitungsdauer', { typeName: 'ModulBearbeitungsdauer', fields: [obj('bearbeitungsdauer', Dauer), text('beschreibung')] }),
  obj('modulBegriffImKontext', {
    typeName: 'BegriffImKontext',
    fields: [str('begriff', 'begriff', true), code('typ', LIST.begriffImKontextTyp), { ...languageAttr, required: true }],
  }, { el: 'modulBegriffImKontext/begriffImKontext', many: true }),
  obj('modulFachlicheFreigabe', {
    typeName: 'ModulFachlicheFreigabe',
    fields: [{ kind: 'date', key: 'fachlichFreigegebenAm', el: 'fachlichFreigegebenAm', required: true }, text('fachlichFreigegebenDurch', 'fachlichFreigegebenDurch', true)],
  }),
  obj('modulDokument', { typeName: 'ModulDokument', fields: [obj('dokument', Dokument, { many: true }), text('beschreibung')] }),
];

const Kategorie: ObjSpec = {
  typeName: 'Kategorie',
  fields: [
    { kind: 'ident', key: 'id', el: 'id', required: true },
    { kind: 'ident', key: 'uebergeordneteKategorieId', el: 'uebergeordneteKategorieID' },
    str('klasse', 'klasse/id'),
    text('bezeichnung', 'bezeichnung', true),
    text('beschreibung'),
  ],
};

const id: Field = { kind: 'ident', key: 'id', el: 'id', required: true };
const versionsinformation = obj('versionsinformation', Versionsinformation);

const Leistung: ObjSpec = {
  typeName: 'Leistung',
  fields: [
    id,
    {
      kind: 'variant', key: 'struktur', el: 'struktur', discriminator: 'typ',
      variants: [
        { value: 'lo', typeName: 'LeistungsstrukturObjekt', fields: [str('leistungsobjektID')] },
        { value: 'lov', typeName: 'LeistungsstrukturObjektMitVerrichtung', fields: [code('verrichtung', LIST.verrichtung, { el: 'verrichtung/verrichtungLeiKa' })] },
        { value: 'lovd', typeName: 'LeistungsstrukturObjektMitVerrichtungUndDetail', fields: [text('verrichtungsdetail')] },
      ],
    },
    code('referenzLeiKa', LIST.leika),
    ...MODULES,
    code('typisierung', LIST.typisierung, { many: true }),
    code('vertrauensniveau', LIST.vertrauensniveau),
    code('leistungsadressat', LIST.leistungsadressat, { many: true }),
    { kind: 'boolean', key: 'kennzeichenSchriftformerfordernis', el: 'kennzeichenSchriftformerfordernis' },
    obj('kategorie', Kategorie, { many: true }),
    arsList('gueltigkeitGebietID'),
    versionsinformation,
    obj('gueltigkeit', { typeName: 'Gueltigkeit', fields: [{ kind: 'date', key: 'beginn', el: 'beginn' }, { kind: 'date', key: 'ende', el: 'ende' }, str('zusatz')] }, { many: true }),
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
  ],
};

const Kommunikation: ObjSpec = {
  typeName: 'Kommunikation',
  fields: [code('kanal', LIST.erreichbarkeit, { required: true }), str('kennung', 'kennung', true), str('zusatz')],
};

const Organisationseinheit: ObjSpec = {
  typeName: 'Organisationseinheit',
  fields: [
    id,
    { kind: 'ident', key: 'uebergeordneteOrganisationseinheitId', el: 'uebergeordneteOrganisationseinheitID' },
    text('name', 'name/name', true),
    text('kurzbezeichnung'),
    text('beschreibung'),
    obj('anschrift', {
      typeName: 'Anschrift',
      fields: [
        code('typ', LIST.anschrifttyp, { required: true }),
        str('strasse'), str('hausnummer'), str('postfach'), str('postleitzahl'), str('ort', 'ort', true),
        code('ars', LIST.regionalschluessel, { el: 'verwaltungspolitischeKodierung/regionalschluessel' }),
        str('zusatz'),
        obj('geokodierung', { typeName: 'Geokodierung', fields: [{ kind: 'decimal', key: 'lat', el: 'breitengrad', required: true }, { kind: 'decimal', key: 'lon', el: 'laengengrad', required: true }] }),
      ],
    }, { many: true }),
    obj('kommunikation', Kommunikation, { many: true }),
    obj('oeffnungszeiten', {
      typeName: 'Oeffnungszeiten',
      fields: [
        obj('zeiten', {
          typeName: 'Zeitfenster',
          fields: [
            { kind: 'string', key: 'tag', el: 'tag', values: ['mo', 'di', 'mi', 'do', 'fr', 'sa', 'so'], required: true },
            str('von', 'von', true), str('bis', 'bis', true), str('hinweis'),
          ],
        }, { el: 'zeitfenster', many: true }),
        text('hinweis'),
      ],
    }),
    obj('ansprechpartner', {
      typeName: 'Ansprechpartner',
      fields: [str('anrede'), str('titel'), str('vorname'), str('familienname', 'familienname', true), text('funktion'), str('raum'), obj('kommunikation', Kommunikation, { many: true })],
    }, { many: true }),
    obj('internetadresse', WeiterfuehrenderLink, { many: true }),
    versionsinformation,
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
    { kind: 'string', key: 'identifizierungsmittel', el: 'identifizierungsmittel', many: true },
    { kind: 'string', key: 'zahlungsweisen', el: 'zahlungsweise', many: true },
    { kind: 'int', key: 'ozgReifegrad', el: 'ozgReifegrad' },
    obj('efa', { typeName: 'EinerFuerAlle', fields: [str('bereitstellendesLand', 'bereitstellendesLand', true), { kind: 'string', key: 'richtung', el: 'richtung', values: ['inbound', 'outbound'], required: true }] }),
    { kind: 'ident', key: 'leistungIds', el: 'leistungID', many: true },
    arsList('gueltigkeitGebietID'),
    versionsinformation,
  ],
};

export const ZUSTAENDIGKEIT_SCHEME = { oe: 'ZustaendigkeitOrganisationseinheit', od: 'ZustaendigkeitOnlinedienst' } as const;

/**
 * On the wire a Zustaendigkeit hangs below its responsible object (uebergeordnetesObjektID); the
 * scheme of its id tells whether that is an Organisationseinheit or an Onlinedienst.
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
        { kind: 'string', key: 'gebietID', el: 'gebietID', attrs: ARS_ATTRS, required: true },
        code('rolle', LIST.zustaendigkeitsrolle),
      ],
    }, { required: true }),
    versionsinformation,
  ],
  toXml: ({ id: ident, organisationseinheitId, onlinedienstId, versionsinformation: vi, ...rest }) => ({
    uebergeordnet: organisationseinheitId ?? onlinedienstId,
    zustaendigkeit: { id: { ...(ident as Ident), schemeID: organisationseinheitId ? ZUSTAENDIGKEIT_SCHEME.oe : ZUSTAENDIGKEIT_SCHEME.od }, ...rest },
    versionsinformation: vi,
  }),
  fromXml: ({ uebergeordnet, zustaendigkeit, versionsinformation: vi }) => {
    const { id: ident, ...rest } = (zustaendigkeit ?? {}) as { id?: Ident } & Record<string, unknown>;
    const { schemeID, ...plainId } = ident ?? { schemeAgencyID: '', id: '' };
    const out: Record<string, unknown> = { id: plainId, ...rest };
    out[schemeID === ZUSTAENDIGKEIT_SCHEME.od ? 'onlinedienstId' : 'organisationseinheitId'] = uebergeordnet;
    if (vi !== undefined) out.versionsinformation = vi;
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
