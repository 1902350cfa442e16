/**
 * The project XSD, generated from the same specs as the writer and reader. `npm run xsd` writes it
 * to schemas/xzufi/; a test fails when the committed file and the specs disagree.
 */
import { CODECS, KLASSEN } from './objects';
import { TRANSFER_ROOT } from './message';
import { elementFields, IDENT_ATTRS, type ElementField, type Field, type ObjSpec } from './spec';
import { XZUFI_NS } from './xml';

export const XOEV_CODE_NS = 'http://xoev.de/schemata/code/1_0';
/** Where XÖV schemas import the Code type from; the catalog maps it to the local copy. */
export const XOEV_CODE_LOCATION = 'http://xoev.de/schemata/code/1_0/xoev-code.xsd';
export const PROJECT_XSD_FILE = 'xzufi-fim-redaktion.xsd';
export const PROJECT_READ_XSD_FILE = 'xzufi-fim-redaktion-lesen.xsd';

const HEADER = (what: string) => `<?xml version="1.0" encoding="UTF-8"?>
<!--
  XZuFi 2.2.0 ${what} GENERATED from src/xzufi/objects.ts by
  "npm run xsd"; do not edit. Element names follow the FIM Portal model of XZuFi 2.2.0 and real data
  (developers' reference); the names no source confirms are this project's (PROJECT_NAMES there).
  Operators can validate against the official XSDs instead (XZUFI_XSD_DIR).
-->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xzufi="${XZUFI_NS}" xmlns:xoev-code="${XOEV_CODE_NS}"
  targetNamespace="${XZUFI_NS}" elementFormDefault="qualified" attributeFormDefault="unqualified" version="2.2.0">
  <xs:import namespace="${XOEV_CODE_NS}" schemaLocation="${XOEV_CODE_LOCATION}"/>
`;

const LOESCHE = `  <xs:complexType name="Loesche">
    <xs:sequence>
      <xs:element name="id" type="xzufi:Identifikator"/>
    </xs:sequence>
    <xs:attribute name="klasse" use="required">
      <xs:simpleType>
        <xs:restriction base="xs:string">
${KLASSEN.map((k) => `          <xs:enumeration value="${k}"/>`).join('\n')}
        </xs:restriction>
      </xs:simpleType>
    </xs:attribute>
  </xs:complexType>

  <xs:complexType name="Identifikator">
    <xs:simpleContent>
      <xs:extension base="xs:string">
        <xs:attribute name="schemeAgencyID" type="xs:string"/>
${IDENT_ATTRS.map((a) => `        <xs:attribute name="${a}" type="${a.endsWith('URI') ? 'xs:anyURI' : 'xs:string'}"/>`).join('\n')}
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>
`;

/**
 * What fim-redaktion writes, strictly: every element of the specs in their order and cardinality,
 * typed codes with their fixed listURI and listVersionID. The contract of the export.
 */
export function projectXsd(): string {
  const codecs = KLASSEN.map((k) => CODECS[k]);
  return `${HEADER('as fim-redaktion writes it (strict): the contract of the export.')}
  <xs:element name="${TRANSFER_ROOT}">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="nachrichtenkopf" type="xzufi:Nachrichtenkopf"/>
        <xs:element name="transaktionID" type="xs:string" minOccurs="0"/>
        <xs:element name="transaktionPosition" type="xs:integer" minOccurs="0"/>
        <xs:choice minOccurs="0" maxOccurs="unbounded">
          <xs:element name="schreibe" type="xzufi:Schreibe"/>
          <xs:element name="loesche" type="xzufi:Loesche"/>
        </xs:choice>
      </xs:sequence>
      <xs:attribute name="produktbezeichnung" type="xs:string" use="required"/>
      <xs:attribute name="produkthersteller" type="xs:string" use="required"/>
      <xs:attribute name="produktversion" type="xs:string" use="required"/>
      <xs:attribute name="xzufiVersion" type="xs:string" use="required"/>
    </xs:complexType>
  </xs:element>

  <xs:complexType name="Nachrichtenkopf">
    <xs:sequence>
      <xs:element name="nachrichtUUID" type="xs:string"/>
      <xs:element name="erstelltDatumZeit" type="xs:dateTime"/>
      <xs:element name="empfaenger" type="xs:string" minOccurs="0"/>
      <xs:element name="sender" type="xs:string" minOccurs="0"/>
    </xs:sequence>
  </xs:complexType>

  <xs:complexType name="Schreibe">
    <xs:choice>
${codecs.map((c) => `      <xs:element name="${c.element}" type="xzufi:${c.spec.typeName}"/>`).join('\n')}
    </xs:choice>
  </xs:complexType>

${LOESCHE}
  <xs:complexType name="StringLokalisiert">
    <xs:simpleContent>
      <xs:extension base="xs:string">
        <xs:attribute name="languageCode" use="required">
          <xs:simpleType>
            <xs:restriction base="xs:string">
              <xs:pattern value="[a-z]{2}"/>
            </xs:restriction>
          </xs:simpleType>
        </xs:attribute>
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>

  <xs:simpleType name="DatumOderMonatTag">
    <xs:union memberTypes="xs:date xs:gMonthDay xs:dateTime"/>
  </xs:simpleType>

${xsdTypes(codecs.map((c) => c.spec)).join('\n')}${codeTypes().join('\n')}</xs:schema>
`;
}

/**
 * What fim-redaktion reads, structurally: the message frame, each object's identity, and open
 * content everywhere else — real files hold elements the project does not model, and a schema
 * error would refuse the whole message. The reader checks the elements it interprets, object by
 * object (src/xzufi/spec.ts). Files are validated under the canonical root name and without
 * xsi:type on the objects (schemaValidator.ts), as neither is confirmed.
 */
export function projectReadXsd(): string {
  const codecs = KLASSEN.map((k) => CODECS[k]);
  const identityOf = (element: string) => (element === 'zustaendigkeitTransferObjekt' ? 'uebergeordnetesObjektID' : 'id');
  return `${HEADER('as fim-redaktion reads it (structural: frame, identities, open content).')}
  <xs:element name="${TRANSFER_ROOT}">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="nachrichtenkopf" type="xzufi:Offen"/>
        <xs:element name="transaktionID" type="xs:string" minOccurs="0"/>
        <xs:element name="transaktionPosition" type="xs:integer" minOccurs="0"/>
        <xs:choice minOccurs="0" maxOccurs="unbounded">
          <xs:element name="schreibe" type="xzufi:Schreibe"/>
          <xs:element name="loesche" type="xzufi:Loesche"/>
        </xs:choice>
      </xs:sequence>
      <xs:anyAttribute processContents="skip"/>
    </xs:complexType>
  </xs:element>

  <xs:complexType name="Offen">
    <xs:sequence>
      <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:anyAttribute processContents="skip"/>
  </xs:complexType>

  <xs:complexType name="Schreibe">
    <xs:choice>
${codecs.map((c) => `      <xs:element name="${c.element}" type="xzufi:${c.spec.typeName}Lesen"/>`).join('\n')}
    </xs:choice>
  </xs:complexType>

${codecs.map((c) => `  <xs:complexType name="${c.spec.typeName}Lesen">
    <xs:sequence>
      <xs:element name="${identityOf(c.element)}" type="xzufi:Identifikator"/>
      <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence>
    <xs:anyAttribute processContents="skip"/>
  </xs:complexType>
`).join('\n')}
${LOESCHE}</xs:schema>
`;
}

// ---------------------------------------------------------------- complexTypes from the specs

/** Collects the complexTypes the specs need, each once, in a stable order. */
function xsdTypes(roots: ObjSpec[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (spec: ObjSpec) => {
    if (seen.has(spec.typeName)) return;
    seen.add(spec.typeName);
    out.push(complexType(spec.typeName, spec.fields));
    for (const f of spec.fields) visitField(f);
  };
  const visitField = (f: Field) => {
    if (f.kind === 'choice') f.options.forEach(visitField);
    if (f.kind === 'object') visit(f.spec);
    if (f.kind === 'variant') {
      f.variants.forEach((v, i) => {
        if (seen.has(v.typeName)) return;
        seen.add(v.typeName);
        out.push(i === 0 ? complexType(v.typeName, v.fields) : extensionType(v.typeName, f.variants[i - 1]!.typeName, v.fields));
        v.fields.forEach(visitField);
      });
    }
  };
  roots.forEach(visit);
  return out;
}

function complexType(name: string, fields: Field[]): string {
  return `  <xs:complexType name="${name}">\n${sequence(fields, '    ')}${attributes(fields, '    ')}  </xs:complexType>\n`;
}

function extensionType(name: string, base: string, fields: Field[]): string {
  return `  <xs:complexType name="${name}">\n    <xs:complexContent>\n      <xs:extension base="xzufi:${base}">\n${sequence(fields, '        ')}${attributes(fields, '        ')}      </xs:extension>\n    </xs:complexContent>\n  </xs:complexType>\n`;
}

function sequence(fields: Field[], indent: string): string {
  const parts = fields.filter((f) => f.kind !== 'attr');
  if (parts.length === 0) return '';
  return `${indent}<xs:sequence>\n${parts.map((f) => (f.kind === 'choice' ? choiceDecl(f, indent + '  ') : elementDecl(f as ElementField, indent + '  '))).join('')}${indent}</xs:sequence>\n`;
}

function choiceDecl(f: Extract<Field, { kind: 'choice' }>, indent: string): string {
  const min = f.required ? '' : ' minOccurs="0"';
  return `${indent}<xs:choice${min}>\n${elementFields(f.options).map((o) => elementDecl({ ...o, required: true }, indent + '  ')).join('')}${indent}</xs:choice>\n`;
}

function attributes(fields: Field[], indent: string): string {
  return fields.filter((f): f is Extract<Field, { kind: 'attr' }> => f.kind === 'attr').map((f) => {
    const use = f.required ? ' use="required"' : '';
    if (!f.values) return `${indent}<xs:attribute name="${f.name}" type="xs:string"${use}/>\n`;
    return `${indent}<xs:attribute name="${f.name}"${use}>\n${enumeration(f.values, indent + '  ')}${indent}</xs:attribute>\n`;
  }).join('');
}

function enumeration(values: readonly string[], indent: string): string {
  return `${indent}<xs:simpleType>\n${indent}  <xs:restriction base="xs:string">\n${values.map((v) => `${indent}    <xs:enumeration value="${v}"/>\n`).join('')}${indent}  </xs:restriction>\n${indent}</xs:simpleType>\n`;
}

const SCALAR_TYPES: Record<string, string> = {
  string: 'xs:string', int: 'xs:integer', decimal: 'xs:decimal', boolean: 'xs:boolean', date: 'xs:date', dateTime: 'xs:dateTime', dateOrMonthDay: 'xzufi:DatumOderMonatTag',
};

/** Typed codes: the XÖV Code restricted to the list's URI and version (as XÖV standards fix them). */
const codeTypeName = (listURI: string) => `Code.${listURI.replace(/^urn:/, '').replace(/[^A-Za-z0-9]+/g, '_')}`;
const codeLists = new Map<string, string | undefined>();

function codeTypes(): string[] {
  return [...codeLists].sort(([a], [b]) => a.localeCompare(b)).map(([uri, version]) => `  <xs:complexType name="${codeTypeName(uri)}">
    <xs:complexContent>
      <xs:restriction base="xoev-code:Code">
        <xs:sequence>
          <xs:element name="code" type="xs:token" form="unqualified"/>
          <xs:element name="name" type="xs:normalizedString" minOccurs="0" form="unqualified"/>
        </xs:sequence>
        <xs:attribute name="listURI" type="xs:anyURI" fixed="${uri}"/>
${version === undefined ? '' : `        <xs:attribute name="listVersionID" type="xs:normalizedString" fixed="${version}"/>\n`}      </xs:restriction>
    </xs:complexContent>
  </xs:complexType>
`);
}

function elementDecl(f: ElementField, indent: string): string {
  const many = (f.kind === 'text' && !f.single) || f.many;
  const [outer, inner] = f.el.includes('/') ? f.el.split('/') as [string, string] : [undefined, f.el];
  const min = f.required ? '' : ' minOccurs="0"';
  if (outer) {
    const innerDecl = itemDecl(f, inner, ` minOccurs="1"${many ? ' maxOccurs="unbounded"' : ''}`, indent + '      ');
    return `${indent}<xs:element name="${outer}"${min}>\n${indent}  <xs:complexType>\n${indent}    <xs:sequence>\n${innerDecl}${indent}    </xs:sequence>\n${indent}  </xs:complexType>\n${indent}</xs:element>\n`;
  }
  return itemDecl(f, inner, `${min}${many ? ' maxOccurs="unbounded"' : ''}`, indent);
}

function itemDecl(f: ElementField, name: string, occurs: string, indent: string): string {
  switch (f.kind) {
    case 'text': return `${indent}<xs:element name="${name}" type="xzufi:StringLokalisiert"${occurs}/>\n`;
    case 'code': {
      if (f.raw) return `${indent}<xs:element name="${name}" type="xoev-code:Code"${occurs}/>\n`;
      codeLists.set(f.listURI, f.listVersionID);
      return `${indent}<xs:element name="${name}" type="xzufi:${codeTypeName(f.listURI)}"${occurs}/>\n`;
    }
    case 'ident': return `${indent}<xs:element name="${name}" type="xzufi:Identifikator"${occurs}/>\n`;
    case 'object': return `${indent}<xs:element name="${name}" type="xzufi:${f.spec.typeName}"${occurs}/>\n`;
    case 'variant': return `${indent}<xs:element name="${name}" type="xzufi:${f.variants[0]!.typeName}"${occurs}/>\n`;
    default:
      if (f.attrs) return `${indent}<xs:element name="${name}" type="xzufi:Identifikator"${occurs}/>\n`;
      if (f.values) return `${indent}<xs:element name="${name}"${occurs}>\n${enumeration(f.values, indent + '  ')}${indent}</xs:element>\n`;
      return `${indent}<xs:element name="${name}" type="${SCALAR_TYPES[f.kind]}"${occurs}/>\n`;
  }
}
