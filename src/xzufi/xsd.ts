/**
 * The project XSD, generated from the same specs as the writer and reader. `npm run xsd` writes it
 * to schemas/xzufi/; a test fails when the committed file and the specs disagree.
 */
import { CODECS, KLASSEN } from './objects';
import { TRANSFER_ROOT } from './message';
import { xsdTypes } from './spec';
import { XZUFI_NS } from './xml';

export const XOEV_CODE_NS = 'http://xoev.de/schemata/code/1_0';
/** Where XÖV schemas import the Code type from; the catalog maps it to the local copy. */
export const XOEV_CODE_LOCATION = 'http://xoev.de/schemata/code/1_0/xoev-code.xsd';
export const PROJECT_XSD_FILE = 'xzufi-fim-redaktion.xsd';

export function projectXsd(): string {
  const codecs = KLASSEN.map((k) => CODECS[k]);
  return `<?xml version="1.0" encoding="UTF-8"?>
<!--
  XZuFi 2.2.0 as produced and accepted by fim-redaktion. GENERATED from src/xzufi/objects.ts by
  \`npm run xsd\`; do not edit. Element names confirmed from real data follow the notes in the
  developers' reference; the others are this project's. Operators can validate against the official
  XSDs instead (XZUFI_XSD_DIR).
-->
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xzufi="${XZUFI_NS}" xmlns:xoev-code="${XOEV_CODE_NS}"
  targetNamespace="${XZUFI_NS}" elementFormDefault="qualified" attributeFormDefault="unqualified" version="2.2.0">
  <xs:import namespace="${XOEV_CODE_NS}" schemaLocation="${XOEV_CODE_LOCATION}"/>

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
      <xs:element name="sender" type="xs:string" minOccurs="0"/>
      <xs:element name="empfaenger" type="xs:string" minOccurs="0"/>
    </xs:sequence>
  </xs:complexType>

  <xs:complexType name="Schreibe">
    <xs:choice>
${codecs.map((c) => `      <xs:element name="${c.element}" type="xzufi:${c.spec.typeName}"/>`).join('\n')}
    </xs:choice>
  </xs:complexType>

  <xs:complexType name="Loesche">
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

  <xs:complexType name="Identifikator">
    <xs:simpleContent>
      <xs:extension base="xs:string">
        <xs:attribute name="schemeAgencyID" type="xs:string"/>
        <xs:attribute name="schemeID" type="xs:string"/>
        <xs:attribute name="schemeName" type="xs:string"/>
        <xs:attribute name="schemeDataURI" type="xs:anyURI"/>
      </xs:extension>
    </xs:simpleContent>
  </xs:complexType>

${xsdTypes(codecs.map((c) => c.spec)).join('\n')}</xs:schema>
`;
}
