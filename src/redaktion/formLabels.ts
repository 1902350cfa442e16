/**
 * English labels of the workspace's form fields (typeForms.ts declares them in German): the
 * English workspace shows these; a label not listed stays German.
 */
export const EN_LABELS: Record<string, string> = {
  ARS: 'ARS', Anschriften: 'Addresses', Art: 'Kind', 'Bearbeitungsdauer vor Ort': 'Processing time here', 'Bearbeitungsdauer – Beschreibung': 'Processing time – description',
  Bearbeitungsdauer: 'Processing time', 'Begriffe im Kontext (Synonyme)': 'Terms in context (synonyms)', Beschreibung: 'Description', 'Betrag in €': 'Amount in €',
  Bezeichnung: 'Name', Dauer: 'Duration', 'Eigener Inhalt': 'Own content', Einheit: 'Unit', 'Fristen – Beschreibung': 'Deadlines – description', Fristen: 'Deadlines',
  Gebiet: 'Area', Gültigkeitsgebiet: 'Area of validity', Hausnummer: 'House number', 'Hinweis zu den Öffnungszeiten': 'Note on opening hours', Kanal: 'Channel',
  Kennung: 'Address or number', Kommunikation: 'Contact', 'Kosten vor Ort': 'Costs here', 'Kosten – Beschreibung': 'Costs – description', Kosten: 'Costs',
  Kurzbezeichnung: 'Short name', 'LeiKa-Schlüssel': 'LeiKa key', Leistung: 'Service', Leistungen: 'Services', Links: 'Links', Name: 'Name',
  'OZG-Reifegrad': 'OZG maturity level', Onlinedienst: 'Online service', Organisationseinheit: 'Office', Ort: 'Town', PLZ: 'Postcode', Rolle: 'Role',
  Straße: 'Street', Tag: 'Day', Textmodule: 'Text modules', Titel: 'Title', Typ: 'Type', Typisierung: 'Typisierung', 'URL (https)': 'URL (https)',
  Vertrauensniveau: 'Level of assurance', Zusatz: 'Addition', 'bis (hh:mm)': 'until (hh:mm)', 'bis €': 'to €', bis: 'to', 'von (hh:mm)': 'from (hh:mm)', 'von €': 'from €',
  Öffnungszeiten: 'Opening hours', '0 bis 4': '0 to 4', 'Entweder eine Organisationseinheit oder ein Onlinedienst.': 'Either an office or an online service.',
  'je Zeile ein Begriff': 'one term per line', 'Tag (von)': 'Day (from)', 'bis Tag': 'to day', Hinweis: 'Note',
  'Tage mit gleichen Zeiten als Bereich, z. B. Montag bis Freitag 08:00–12:00; abweichende Tage als eigene Zeile.': 'Days with the same hours as a range, e.g. Monday to Friday 08:00–12:00; days that differ as a row of their own.',
  'Formulare (Links, Modul 14)': 'Forms (links, module 14)', 'Weiterführende Links (Modul 15)': 'Further links (module 15)',
  'Rechtsgrundlagen (Links, Modul 07)': 'Legal bases (links, module 07)', 'Formulare vor Ort (Links, Modul 14)': 'Local forms (links, module 14)',
  'Kosten vor Ort (Beträge)': 'Costs here (amounts)', 'Dokumente, die einzureichen sind': 'Documents to submit', 'Dokumente, die ausgestellt werden': 'Documents issued',
  'Dokumenttyp (Code, 3 Ziffern)': 'Document type (code, 3 digits)', 'Kategorien und Lebenslagen': 'Categories and life situations',
};

export const labelIn = (lang: 'de' | 'en' | undefined, label: string | undefined): string | undefined => (lang === 'en' && label ? EN_LABELS[label] ?? label : label);
