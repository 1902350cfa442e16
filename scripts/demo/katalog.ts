/**
 * Demo Leistungen from the bundled LeiKa catalogue (fixtures/leika.tsv): keys, names (02) and
 * Typisierung are the catalogue's; every text here is written by the project (nothing copied from
 * a portal). scripts/build-demo.ts turns these into Leistungen, Onlinedienste and Zuständigkeiten
 * of fixtures/demo/hessen.json.
 */

/** Who carries it out in a Gemeinde: an office of the Gemeinde, of the Kreis, or of the Land. */
export type Stelle = 'buergerbuero' | 'standesamt' | 'ordnungsamt' | 'bauamt' | 'steueramt' | 'kreis' | 'land';

export interface KatalogEintrag {
  id: string;
  key: string;
  titel: string;
  kategorie: string;
  kurz: string;
  voll: string[];
  unterlagen?: string[];
  voraussetzungen?: string;
  ablauf?: string[];
  /** A fixed amount, a range, or free of charge. */
  kosten: number | [number, number] | 'frei';
  kostenText?: string;
  /** Bearbeitungsdauer: [from, unit] or [from, to, unit]. */
  dauer?: [number, string] | [number, number, string];
  frist?: string;
  begriffe: string[];
  stelle: Stelle;
  /** An online service for it: its Reifegrad (0–4) and whether the Land offers it for all or each Gemeinde its own. */
  online?: { reifegrad: 0 | 1 | 2 | 3 | 4; bereich: 'land' | 'gemeinden'; titel: string };
}

export const KATALOG: KatalogEintrag[] = [
  // --- Bauen & Wohnen ---------------------------------------------------------------------------
  {
    id: 'WOHNSITZ-ANMELDUNG', key: '99115005104000', titel: 'Wohnung anmelden', kategorie: 'K-WOHNEN',
    kurz: 'Wer in eine neue Wohnung zieht, meldet sich innerhalb von zwei Wochen bei der Meldebehörde an.',
    voll: ['Nach einem Umzug melden Sie Ihre neue Wohnung bei der Meldebehörde der Gemeinde an, in der die Wohnung liegt. Die Anmeldung gilt für alle Personen, die mit Ihnen einziehen.', 'Die Wohnungsgeberin oder der Wohnungsgeber bestätigt Ihnen den Einzug schriftlich oder elektronisch.'],
    unterlagen: ['Personalausweis oder Reisepass aller Personen', 'Bestätigung der Wohnungsgeberin oder des Wohnungsgebers'],
    voraussetzungen: 'Sie haben eine Wohnung im Gemeindegebiet bezogen.',
    ablauf: ['Termin im Bürgerbüro vereinbaren oder online anmelden', 'Anmeldung mit den Unterlagen vornehmen', 'Meldebestätigung erhalten; die Anschrift im Personalausweis wird geändert'],
    kosten: 'frei', dauer: [1, 'TAG'], frist: 'Innerhalb von zwei Wochen nach dem Einzug.',
    begriffe: ['Ummeldung', 'Umzug', 'Wohnsitz'], stelle: 'buergerbuero',
    online: { reifegrad: 3, bereich: 'land', titel: 'Wohnsitz online anmelden' },
  },
  {
    id: 'WOHNSITZ-ABMELDUNG', key: '99115005070000', titel: 'Wohnung abmelden', kategorie: 'K-WOHNEN',
    kurz: 'Wer ins Ausland zieht oder eine Nebenwohnung aufgibt, meldet sich bei der Meldebehörde ab.',
    voll: ['Eine Abmeldung ist nur nötig, wenn Sie ins Ausland ziehen oder eine Nebenwohnung aufgeben, ohne eine neue Wohnung in Deutschland zu beziehen. Bei einem Umzug innerhalb Deutschlands genügt die Anmeldung am neuen Wohnort.'],
    unterlagen: ['Personalausweis oder Reisepass', 'Anschrift im Ausland, falls bekannt'],
    ablauf: ['Abmeldung persönlich, schriftlich oder online einreichen', 'Abmeldebestätigung erhalten'],
    kosten: 'frei', dauer: [1, 'TAG'], frist: 'Frühestens eine Woche vor und spätestens zwei Wochen nach dem Auszug.',
    begriffe: ['Wegzug ins Ausland', 'Nebenwohnung abmelden'], stelle: 'buergerbuero',
    online: { reifegrad: 3, bereich: 'land', titel: 'Wohnsitz online abmelden' },
  },
  {
    id: 'AUSKUNFTSSPERRE', key: '99115002060001', titel: 'Auskunftssperre im Melderegister beantragen', kategorie: 'K-WOHNEN',
    kurz: 'Wer durch eine Auskunft aus dem Melderegister gefährdet wäre, kann eine Auskunftssperre eintragen lassen.',
    voll: ['Die Meldebehörde gibt Ihre Anschrift dann nur noch in Ausnahmefällen heraus. Sie müssen glaubhaft machen, dass Ihnen oder einer anderen Person durch eine Auskunft Gefahr für Leben, Gesundheit oder Freiheit droht.', 'Die Sperre gilt zwei Jahre und kann verlängert werden.'],
    unterlagen: ['Personalausweis oder Reisepass', 'Nachweise der Gefährdung, zum Beispiel eine Anzeige oder ein Beschluss'],
    kosten: 'frei', dauer: [1, 2, 'WOCHE'],
    begriffe: ['Melderegister', 'Adresse schützen'], stelle: 'buergerbuero',
  },
  {
    id: 'GRUNDSTEUER', key: '99102012002000', titel: 'Grundsteuerbescheid erhalten und prüfen', kategorie: 'K-BAUEN',
    kurz: 'Die Gemeinde setzt die Grundsteuer für Grundstücke und Gebäude fest und schickt einen Bescheid.',
    voll: ['Grundlage ist der Grundsteuermessbetrag des Finanzamts; die Gemeinde multipliziert ihn mit ihrem Hebesatz. Der Bescheid gilt meist für mehrere Jahre, bis sich der Messbetrag oder der Hebesatz ändert.', 'Einwände gegen den Messbetrag richten Sie an das Finanzamt, Einwände gegen die Festsetzung an die Gemeinde.'],
    ablauf: ['Bescheid der Gemeinde erhalten', 'Beträge zu den Fälligkeiten zahlen oder ein SEPA-Mandat erteilen', 'bei Fehlern innerhalb eines Monats Widerspruch einlegen'],
    kosten: 'frei', kostenText: 'Für den Bescheid fallen keine Gebühren an; die Steuer richtet sich nach Messbetrag und Hebesatz.',
    begriffe: ['Grundsteuer B', 'Hebesatz', 'Grundbesitzabgaben'], stelle: 'steueramt',
  },
  {
    id: 'BAUGENEHMIGUNG', key: '99012008001000', titel: 'Baugenehmigung beantragen', kategorie: 'K-BAUEN',
    kurz: 'Wer ein Gebäude errichtet, wesentlich ändert oder anders nutzt, braucht meist eine Baugenehmigung der Bauaufsicht.',
    voll: ['Den Bauantrag reicht eine bauvorlageberechtigte Person – meist eine Architektin oder ein Architekt – bei der unteren Bauaufsichtsbehörde ein. Die Behörde beteiligt die Gemeinde und weitere Stellen.', 'Manche kleinen Vorhaben sind genehmigungsfrei; fragen Sie im Zweifel vorher nach.'],
    unterlagen: ['Bauantrag mit Lageplan, Bauzeichnungen und Baubeschreibung', 'Standsicherheitsnachweis', 'Nachweis der Bauvorlageberechtigung'],
    voraussetzungen: 'Das Vorhaben entspricht dem Bebauungsplan oder fügt sich in die Umgebung ein.',
    ablauf: ['Bauantrag elektronisch oder schriftlich einreichen', 'Behörde prüft die Vollständigkeit und beteiligt die Gemeinde', 'Baugenehmigung oder Ablehnung erhalten'],
    kosten: [150, 25000], kostenText: 'Die Gebühr richtet sich nach den Baukosten.', dauer: [3, 'MONAT'],
    begriffe: ['Bauantrag', 'Bauaufsicht', 'Hausbau'], stelle: 'kreis',
    online: { reifegrad: 3, bereich: 'land', titel: 'Digitaler Bauantrag Hessen' },
  },
  {
    id: 'BAUMFAELLUNG', key: '99093003001000', titel: 'Genehmigung zum Fällen eines Baumes beantragen', kategorie: 'K-BAUEN',
    kurz: 'Geschützte Bäume dürfen nur mit Genehmigung gefällt werden.',
    voll: ['Ob ein Baum geschützt ist, regeln die Baumschutzsatzung der Gemeinde und das Naturschutzrecht. Von März bis September sind Fällungen zum Schutz brütender Vögel grundsätzlich verboten.', 'Die Genehmigung kann mit der Auflage verbunden sein, einen neuen Baum zu pflanzen.'],
    unterlagen: ['Lageplan mit dem Standort des Baumes', 'Fotos des Baumes', 'Begründung, zum Beispiel ein Gutachten zur Verkehrssicherheit'],
    kosten: [20, 150], dauer: [2, 4, 'WOCHE'],
    begriffe: ['Baumschutzsatzung', 'Baum fällen'], stelle: 'bauamt',
  },
  {
    id: 'SPERRMUELL', key: '99001009004002', titel: 'Sperrmüll abholen lassen', kategorie: 'K-WOHNEN',
    kurz: 'Große Haushaltsgegenstände holt die Abfallwirtschaft nach Anmeldung ab.',
    voll: ['Zum Sperrmüll gehören Möbel, Matratzen und Teppiche, die nicht in die Restmülltonne passen. Elektrogeräte und Bauschutt gehören nicht dazu.', 'Sie erhalten einen Abholtermin und stellen die Gegenstände am Vorabend an die Straße.'],
    ablauf: ['Abholung online, per Karte oder telefonisch anmelden', 'Termin erhalten', 'Sperrmüll am Vorabend bereitstellen'],
    kosten: 'frei', kostenText: 'Zweimal im Jahr ist die Abholung in der Abfallgebühr enthalten.', dauer: [2, 3, 'WOCHE'],
    begriffe: ['Sperrgut', 'Möbel entsorgen'], stelle: 'ordnungsamt',
    online: { reifegrad: 4, bereich: 'gemeinden', titel: 'Sperrmüll online anmelden' },
  },
  {
    id: 'ABFALLGEBUEHR', key: '99001001002000', titel: 'Abfallgebühren', kategorie: 'K-WOHNEN',
    kurz: 'Für die Müllabfuhr erhebt die Gemeinde Gebühren von den Eigentümerinnen und Eigentümern.',
    voll: ['Die Höhe richtet sich nach der Größe und Zahl der Tonnen und nach der Satzung Ihrer Gemeinde. Änderungen der Tonnengröße teilen Sie der Gemeinde mit.'],
    kosten: [80, 400], kostenText: 'Jahresbetrag je Haushalt, je nach Tonnengröße.',
    begriffe: ['Müllgebühr', 'Restmülltonne'], stelle: 'steueramt',
  },
  // --- Familie & Kind ---------------------------------------------------------------------------
  {
    id: 'ELTERNGELD', key: '99041006017000', titel: 'Elterngeld beantragen', kategorie: 'K-FAMILIE',
    kurz: 'Eltern, die ihr Kind nach der Geburt selbst betreuen, erhalten Elterngeld als Ersatz für ihr Einkommen.',
    voll: ['Basiselterngeld gibt es bis zu 14 Monate für beide Eltern zusammen, ElterngeldPlus doppelt so lange mit halbem Betrag. Die Höhe beträgt meist 65 bis 67 Prozent des Nettoeinkommens vor der Geburt.', 'Den Antrag stellen Sie nach der Geburt bei der Elterngeldstelle; rückwirkend gezahlt wird höchstens für drei Monate.'],
    unterlagen: ['Geburtsurkunde des Kindes', 'Einkommensnachweise der letzten zwölf Monate', 'Bescheinigung der Krankenkasse über das Mutterschaftsgeld'],
    kosten: 'frei', dauer: [4, 6, 'WOCHE'], frist: 'Innerhalb von drei Monaten nach der Geburt, damit keine Monate verloren gehen.',
    begriffe: ['ElterngeldPlus', 'Elternzeit', 'Partnerschaftsbonus'], stelle: 'land',
    online: { reifegrad: 4, bereich: 'land', titel: 'ElterngeldDigital' },
  },
  {
    id: 'UNTERHALTSVORSCHUSS', key: '99107021017000', titel: 'Unterhaltsvorschuss beantragen', kategorie: 'K-FAMILIE',
    kurz: 'Alleinerziehende erhalten Unterhaltsvorschuss, wenn der andere Elternteil keinen oder zu wenig Unterhalt zahlt.',
    voll: ['Das Jugendamt zahlt den Vorschuss und holt sich das Geld vom unterhaltspflichtigen Elternteil zurück. Anspruch besteht für Kinder bis zum 18. Geburtstag.'],
    unterlagen: ['Geburtsurkunde des Kindes', 'Nachweise über gezahlten Unterhalt', 'Angaben zum anderen Elternteil'],
    kosten: 'frei', dauer: [4, 8, 'WOCHE'],
    begriffe: ['Alleinerziehend', 'Unterhalt', 'UVG'], stelle: 'kreis',
    online: { reifegrad: 3, bereich: 'land', titel: 'Unterhaltsvorschuss online' },
  },
  {
    id: 'KITA', key: '99041004034000', titel: 'Kita-Platz anmelden', kategorie: 'K-FAMILIE',
    kurz: 'Kinder ab dem ersten Geburtstag haben Anspruch auf einen Platz in einer Kita oder Kindertagespflege.',
    voll: ['Melden Sie Ihr Kind möglichst früh bei Ihrer Gemeinde an, spätestens sechs Monate vor dem gewünschten Beginn. Die Gemeinde vergibt die Plätze nach den Kriterien ihrer Satzung.'],
    unterlagen: ['Geburtsurkunde oder Meldebestätigung des Kindes', 'Nachweis über Masernschutz'],
    kosten: [0, 450], kostenText: 'Monatsbeitrag je nach Betreuungszeit; sechs Stunden täglich sind ab dem dritten Geburtstag beitragsfrei.',
    frist: 'Sechs Monate vor dem gewünschten Beginn.',
    begriffe: ['Kindergarten', 'Krippe', 'Kinderbetreuung'], stelle: 'buergerbuero',
    online: { reifegrad: 2, bereich: 'gemeinden', titel: 'Kita-Anmeldung' },
  },
  {
    id: 'LEBENSPARTNERSCHAFTSURKUNDE', key: '99079003012000', titel: 'Lebenspartnerschaftsurkunde beantragen', kategorie: 'K-FAMILIE',
    kurz: 'Das Standesamt stellt Urkunden über eine eingetragene Lebenspartnerschaft aus.',
    voll: ['Zuständig ist das Standesamt, das die Lebenspartnerschaft beurkundet hat. Seit 2017 werden keine neuen Lebenspartnerschaften mehr begründet; bestehende können in eine Ehe umgewandelt werden.'],
    unterlagen: ['Personalausweis oder Reisepass'], kosten: 12, dauer: [1, 'WOCHE'],
    begriffe: ['Lebenspartnerschaft', 'Urkunde'], stelle: 'standesamt',
  },
  {
    id: 'BIBLIOTHEK', key: '99077020040000', titel: 'Bibliotheksausweis erhalten', kategorie: 'K-FAMILIE',
    kurz: 'Mit dem Bibliotheksausweis leihen Sie Bücher, Filme und E-Medien der Stadtbücherei aus.',
    voll: ['Kinder und Jugendliche erhalten den Ausweis meist kostenlos, Erwachsene zahlen eine Jahresgebühr. Mit dem Ausweis nutzen Sie auch die Onleihe.'],
    unterlagen: ['Personalausweis', 'bei Minderjährigen: Einverständnis der Eltern'],
    kosten: [0, 20], kostenText: 'Jahresgebühr für Erwachsene; Kinder frei.',
    begriffe: ['Stadtbücherei', 'Onleihe'], stelle: 'buergerbuero',
  },
  // --- Mobilität & Reisen -----------------------------------------------------------------------
  {
    id: 'REISEPASS', key: '99085001012000', titel: 'Reisepass beantragen', kategorie: 'K-AUSWEISE',
    kurz: 'Für Reisen in viele Länder außerhalb der EU brauchen Sie einen Reisepass.',
    voll: ['Den Reisepass beantragen Sie persönlich bei der Passbehörde Ihres Wohnorts. Er gilt für Personen ab 24 Jahren zehn Jahre, für jüngere sechs Jahre.', 'Bei Eilbedarf gibt es einen Expresspass oder einen vorläufigen Reisepass.'],
    unterlagen: ['Personalausweis oder bisheriger Reisepass', 'ein aktuelles biometrisches Lichtbild'],
    ablauf: ['Termin vereinbaren', 'Antrag stellen, Fingerabdrücke abgeben, Gebühr bezahlen', 'Pass nach Benachrichtigung abholen'],
    kosten: 70, kostenText: 'Für Personen ab 24 Jahren; jüngere zahlen 37,50 Euro.', dauer: [3, 4, 'WOCHE'],
    begriffe: ['Pass', 'Reisedokument', 'Expresspass'], stelle: 'buergerbuero',
    online: { reifegrad: 1, bereich: 'land', titel: 'Termin für Pass und Ausweis' },
  },
  {
    id: 'FUEHRERSCHEIN', key: '99023001012000', titel: 'Führerschein beantragen', kategorie: 'K-MOBILITAET',
    kurz: 'Den Antrag auf eine Fahrerlaubnis stellen Sie vor der Fahrschulausbildung bei der Fahrerlaubnisbehörde.',
    voll: ['Die Fahrerlaubnisbehörde prüft Ihre Eignung und gibt die Prüfung frei. Nach bestandener Prüfung erhalten Sie den Kartenführerschein.'],
    unterlagen: ['Personalausweis', 'biometrisches Lichtbild', 'Sehtestbescheinigung', 'Nachweis über einen Erste-Hilfe-Kurs'],
    kosten: [40, 60], dauer: [4, 6, 'WOCHE'],
    begriffe: ['Fahrerlaubnis', 'Fahrschule'], stelle: 'kreis',
    online: { reifegrad: 2, bereich: 'land', titel: 'Führerscheinantrag vorbereiten' },
  },
  {
    id: 'KFZ-ZULASSUNG', key: '99036010007000', titel: 'Fahrzeug zulassen', kategorie: 'K-MOBILITAET',
    kurz: 'Ein Fahrzeug darf erst nach der Zulassung auf öffentlichen Straßen fahren.',
    voll: ['Die Zulassungsstelle teilt das Kennzeichen zu und gibt die Zulassungsbescheinigungen aus. Viele Zulassungen sind inzwischen online möglich.'],
    unterlagen: ['Zulassungsbescheinigung Teil II', 'eVB-Nummer der Versicherung', 'SEPA-Mandat für die Kfz-Steuer', 'Nachweis der Hauptuntersuchung'],
    kosten: [30, 80], dauer: [1, 'TAG'],
    begriffe: ['Kfz-Zulassung', 'Kennzeichen', 'Auto anmelden'], stelle: 'kreis',
    online: { reifegrad: 4, bereich: 'land', titel: 'i-Kfz: Fahrzeug online zulassen' },
  },
  {
    id: 'KFZ-ABMELDUNG', key: '99036008070000', titel: 'Fahrzeug außer Betrieb setzen', kategorie: 'K-MOBILITAET',
    kurz: 'Wer ein Fahrzeug nicht mehr nutzt, meldet es bei der Zulassungsstelle ab.',
    voll: ['Mit der Abmeldung enden Kfz-Steuer und Versicherungspflicht. Online geht das mit den freigelegten Sicherheitscodes auf Kennzeichen und Zulassungsbescheinigung.'],
    unterlagen: ['Kennzeichen', 'Zulassungsbescheinigung Teil I'], kosten: 14, dauer: [1, 'TAG'],
    begriffe: ['Auto abmelden', 'Stilllegung'], stelle: 'kreis',
    online: { reifegrad: 4, bereich: 'land', titel: 'i-Kfz: Fahrzeug online abmelden' },
  },
  {
    id: 'KFZ-UMMELDUNG', key: '99036008071000', titel: 'Fahrzeug ummelden', kategorie: 'K-MOBILITAET',
    kurz: 'Nach einem Umzug oder einem Halterwechsel wird das Fahrzeug umgemeldet.',
    voll: ['Ziehen Sie in einen anderen Zulassungsbezirk, können Sie Ihr Kennzeichen behalten. Die neue Anschrift wird in die Zulassungsbescheinigung eingetragen.'],
    unterlagen: ['Zulassungsbescheinigung Teil I und II', 'eVB-Nummer bei Halterwechsel'], kosten: [12, 30], dauer: [1, 'TAG'],
    begriffe: ['Halterwechsel', 'Adressänderung Kfz'], stelle: 'kreis',
  },
  {
    id: 'PARKAUSWEIS-BEHINDERUNG', key: '99108009012000', titel: 'Parkausweis für Menschen mit Behinderung beantragen', kategorie: 'K-MOBILITAET',
    kurz: 'Menschen mit bestimmten Merkzeichen im Schwerbehindertenausweis dürfen auf Behindertenparkplätzen parken.',
    voll: ['Der blaue EU-Parkausweis gilt für Menschen mit dem Merkzeichen aG oder Bl; der orangefarbene Ausweis erleichtert das Parken in weiteren Fällen.'],
    unterlagen: ['Schwerbehindertenausweis', 'biometrisches Lichtbild'], kosten: 'frei', dauer: [1, 2, 'WOCHE'],
    begriffe: ['Behindertenparkplatz', 'blauer Parkausweis'], stelle: 'ordnungsamt',
  },
  {
    id: 'BEWOHNERPARKEN-VERLAENGERUNG', key: '99108001020000', titel: 'Bewohnerparkausweis verlängern', kategorie: 'K-MOBILITAET',
    kurz: 'Der Bewohnerparkausweis gilt meist ein oder zwei Jahre und wird auf Antrag verlängert.',
    voll: ['Stellen Sie den Antrag rechtzeitig vor Ablauf. Haben sich Kennzeichen oder Anschrift geändert, legen Sie die neuen Nachweise vor.'],
    unterlagen: ['Zulassungsbescheinigung Teil I'], kosten: [30, 120], dauer: [1, 'WOCHE'],
    begriffe: ['Anwohnerparken'], stelle: 'ordnungsamt',
    online: { reifegrad: 3, bereich: 'gemeinden', titel: 'Bewohnerparkausweis online verlängern' },
  },
  {
    id: 'HALTEVERBOT-UMZUG', key: '99108011153000', titel: 'Halteverbot für einen Umzug einrichten lassen', kategorie: 'K-MOBILITAET',
    kurz: 'Für den Umzugswagen kann vor dem Haus eine Halteverbotszone eingerichtet werden.',
    voll: ['Beantragen Sie die Zone mindestens zwei Wochen vorher. Die Schilder müssen drei Tage vor dem Umzug stehen, damit Parkende rechtzeitig informiert sind.'],
    kosten: [25, 80], frist: 'Mindestens zwei Wochen vor dem Umzug.', dauer: [1, 'WOCHE'],
    begriffe: ['Umzug', 'Parkverbot'], stelle: 'ordnungsamt',
  },
  // --- Gesundheit -------------------------------------------------------------------------------
  {
    id: 'STERBEURKUNDE', key: '99101004012000', titel: 'Sterbeurkunde beantragen', kategorie: 'K-FAMILIE',
    kurz: 'Die Sterbeurkunde stellt das Standesamt aus, in dessen Bezirk der Sterbefall beurkundet wurde.',
    voll: ['Angehörige brauchen die Sterbeurkunde für Versicherungen, Banken, die Rentenversicherung und das Nachlassgericht. Meist beantragt das Bestattungsunternehmen die ersten Urkunden.'],
    unterlagen: ['Personalausweis', 'Nachweis des berechtigten Interesses, falls Sie nicht verwandt sind'], kosten: 12, dauer: [1, 3, 'TAG'],
    begriffe: ['Todesfall', 'Sterbefall'], stelle: 'standesamt',
    online: { reifegrad: 3, bereich: 'land', titel: 'Personenstandsurkunden online bestellen' },
  },
  {
    id: 'SCHWERBEHINDERTENAUSWEIS', key: '99015007012000', titel: 'Schwerbehindertenausweis beantragen', kategorie: 'K-AUSWEISE',
    kurz: 'Ab einem Grad der Behinderung von 50 erhalten Sie einen Schwerbehindertenausweis.',
    voll: ['Das Versorgungsamt stellt den Grad der Behinderung und mögliche Merkzeichen fest. Der Ausweis berechtigt zu Nachteilsausgleichen, zum Beispiel im Nahverkehr oder bei der Steuer.'],
    unterlagen: ['ärztliche Befunde und Berichte', 'biometrisches Lichtbild'], kosten: 'frei', dauer: [2, 4, 'MONAT'],
    begriffe: ['Grad der Behinderung', 'GdB', 'Merkzeichen'], stelle: 'land',
    online: { reifegrad: 3, bereich: 'land', titel: 'Schwerbehindertenantrag online' },
  },
  {
    id: 'GRABSTELLE', key: '99101001107000', titel: 'Grabstelle erwerben', kategorie: 'K-FAMILIE',
    kurz: 'Das Nutzungsrecht an einer Grabstelle vergibt die Friedhofsverwaltung der Gemeinde.',
    voll: ['Je nach Friedhof gibt es Reihengräber, Wahlgräber, Urnengräber und Baumgräber. Die Ruhezeit und die Gebühren regelt die Friedhofssatzung.'],
    kosten: [400, 3500], kostenText: 'Je nach Grabart und Ruhezeit.',
    begriffe: ['Friedhof', 'Grab', 'Urnengrab'], stelle: 'ordnungsamt',
  },
  {
    id: 'GRABMAL', key: '99101008001000', titel: 'Grabmal aufstellen lassen', kategorie: 'K-FAMILIE',
    kurz: 'Ein Grabmal darf erst nach Genehmigung der Friedhofsverwaltung aufgestellt werden.',
    voll: ['Den Antrag stellt meist der Steinmetzbetrieb. Die Friedhofssatzung regelt Größe, Material und Standsicherheit.'],
    unterlagen: ['Zeichnung des Grabmals mit Maßen', 'Nachweis des Nutzungsrechts'], kosten: [40, 120], dauer: [2, 'WOCHE'],
    begriffe: ['Grabstein', 'Steinmetz'], stelle: 'ordnungsamt',
  },
  // --- Engagement & Hobby -----------------------------------------------------------------------
  {
    id: 'FISCHEREISCHEIN', key: '99042001012000', titel: 'Fischereischein beantragen', kategorie: 'K-ENGAGEMENT',
    kurz: 'Wer angeln möchte, braucht nach bestandener Fischerprüfung einen Fischereischein.',
    voll: ['Der Fischereischein gilt je nach Wahl ein oder fünf Jahre oder lebenslang. Zusätzlich brauchen Sie eine Erlaubnis der oder des Fischereiberechtigten für das Gewässer.'],
    unterlagen: ['Personalausweis', 'Zeugnis über die Fischerprüfung', 'Lichtbild'], kosten: [15, 50], dauer: [1, 'WOCHE'],
    begriffe: ['Angelschein', 'Angeln'], stelle: 'ordnungsamt',
  },
  {
    id: 'JAGDSCHEIN', key: '99067004001000', titel: 'Jagdschein beantragen', kategorie: 'K-ENGAGEMENT',
    kurz: 'Für die Jagd brauchen Sie einen Jagdschein der unteren Jagdbehörde.',
    voll: ['Voraussetzung ist die bestandene Jägerprüfung, eine Jagdhaftpflichtversicherung und die Zuverlässigkeit. Der Jagdschein gilt bis zu drei Jahre.'],
    unterlagen: ['Zeugnis über die Jägerprüfung', 'Nachweis der Jagdhaftpflichtversicherung', 'Lichtbild'], kosten: [40, 120], dauer: [2, 4, 'WOCHE'],
    begriffe: ['Jägerprüfung', 'Jagd'], stelle: 'kreis',
  },
  {
    id: 'WAFFENBESITZKARTE', key: '99089086060000', titel: 'Waffe in die Waffenbesitzkarte eintragen lassen', kategorie: 'K-ENGAGEMENT',
    kurz: 'Wer eine erlaubnispflichtige Waffe erwirbt, lässt sie innerhalb von zwei Wochen in die Waffenbesitzkarte eintragen.',
    voll: ['Die Waffenbehörde trägt Hersteller, Kaliber und Herstellungsnummer ein. Auch die Überlassung an andere muss angezeigt werden.'],
    unterlagen: ['Waffenbesitzkarte', 'Überlassungsnachweis'], kosten: [20, 50], frist: 'Innerhalb von zwei Wochen nach dem Erwerb.',
    begriffe: ['Waffenbehörde', 'Sportschütze'], stelle: 'kreis',
  },
  {
    id: 'GEFAEHRLICHER-HUND', key: '99110009104001', titel: 'Gefährlichen Hund anzeigen', kategorie: 'K-TIERE',
    kurz: 'Die Haltung bestimmter Hunde ist der Ordnungsbehörde anzuzeigen und erlaubnispflichtig.',
    voll: ['Als gefährlich gelten Hunde bestimmter Rassen und Hunde, die Menschen oder Tiere gebissen haben. Halterinnen und Halter brauchen einen Sachkundenachweis und eine Haftpflichtversicherung.'],
    unterlagen: ['Sachkundenachweis', 'Nachweis der Haftpflichtversicherung', 'Führungszeugnis'], kosten: [50, 250], dauer: [2, 'WOCHE'],
    begriffe: ['Listenhund', 'Hundeverordnung'], stelle: 'ordnungsamt',
  },
  {
    id: 'WAHLSCHEIN', key: '99128009012000', titel: 'Wahlschein und Briefwahl beantragen', kategorie: 'K-ENGAGEMENT',
    kurz: 'Mit einem Wahlschein wählen Sie per Brief oder in einem anderen Wahllokal Ihres Wahlkreises.',
    voll: ['Den Antrag können Sie mit der Wahlbenachrichtigung, online oder persönlich stellen. Die Briefwahlunterlagen müssen spätestens am Wahltag um 18 Uhr bei der Gemeinde sein.'],
    unterlagen: ['Wahlbenachrichtigung oder Personalausweis'], kosten: 'frei', frist: 'Bis zum Freitag vor der Wahl, 18 Uhr.',
    begriffe: ['Briefwahl', 'Wahlbenachrichtigung'], stelle: 'buergerbuero',
    online: { reifegrad: 3, bereich: 'gemeinden', titel: 'Briefwahl online beantragen' },
  },
  {
    id: 'BRIEFWAHL-UNTERLAGEN', key: '99128001120001', titel: 'Briefwahlunterlagen zusenden lassen', kategorie: 'K-ENGAGEMENT',
    kurz: 'Die Gemeinde schickt Ihnen die Briefwahlunterlagen an Ihre Anschrift oder eine andere, die Sie angeben.',
    voll: ['Wer verreist ist, kann eine Anschrift im Urlaubsort angeben. Die Unterlagen können auch von einer bevollmächtigten Person abgeholt werden.'],
    kosten: 'frei', begriffe: ['Briefwahl'], stelle: 'buergerbuero',
  },
  {
    id: 'KIRCHENAUSTRITT', key: '99073001022000', titel: 'Aus der Kirche austreten', kategorie: 'K-ENGAGEMENT',
    kurz: 'Den Austritt aus einer Religionsgemeinschaft des öffentlichen Rechts erklären Sie beim Standesamt oder Amtsgericht.',
    voll: ['Die Erklärung geben Sie persönlich ab; Sie erhalten eine Bescheinigung. Die Kirchensteuerpflicht endet mit dem Ablauf des Monats nach dem Austritt.'],
    unterlagen: ['Personalausweis', 'Meldebestätigung, falls die Anschrift nicht im Ausweis steht'], kosten: 30,
    begriffe: ['Kirchensteuer', 'Austritt'], stelle: 'standesamt',
  },
  // --- Recht & Ordnung --------------------------------------------------------------------------
  {
    id: 'FUNDSACHE', key: '99089017152000', titel: 'Fundsache abholen', kategorie: 'K-AUSWEISE',
    kurz: 'Verlorene Gegenstände können Sie beim Fundbüro Ihrer Gemeinde abholen.',
    voll: ['Das Fundbüro verwahrt Fundsachen sechs Monate. Sie weisen nach, dass Ihnen der Gegenstand gehört, zum Beispiel durch eine genaue Beschreibung.'],
    unterlagen: ['Personalausweis', 'Beschreibung oder Eigentumsnachweis'], kosten: [0, 30], kostenText: 'Gegebenenfalls Finderlohn und Gebühr.',
    begriffe: ['Fundbüro', 'verloren'], stelle: 'buergerbuero',
    online: { reifegrad: 2, bereich: 'gemeinden', titel: 'Online-Fundbüro' },
  },
  {
    id: 'BUSSGELD', key: '99108031002000', titel: 'Verwarnungsgeld und Bußgeld im Straßenverkehr', kategorie: 'K-MOBILITAET',
    kurz: 'Ordnungswidrigkeiten im Straßenverkehr ahndet die Bußgeldstelle mit Verwarnungs- oder Bußgeld.',
    voll: ['Sie erhalten einen Anhörungsbogen oder einen Bescheid. Gegen einen Bußgeldbescheid können Sie innerhalb von zwei Wochen Einspruch einlegen.'],
    kosten: [10, 3000], kostenText: 'Nach dem bundeseinheitlichen Bußgeldkatalog.', frist: 'Einspruch innerhalb von zwei Wochen nach Zustellung.',
    begriffe: ['Strafzettel', 'Knöllchen', 'Blitzer'], stelle: 'ordnungsamt',
    online: { reifegrad: 3, bereich: 'land', titel: 'Anhörungsbogen online beantworten' },
  },
  {
    id: 'BEGLAUBIGUNG', key: '99014002035000', titel: 'Kopien amtlich beglaubigen lassen', kategorie: 'K-AUSWEISE',
    kurz: 'Das Bürgerbüro beglaubigt Kopien von Zeugnissen und Urkunden für die Vorlage bei Behörden.',
    voll: ['Bringen Sie das Original und die Kopie mit. Urkunden, die im Ausland verwendet werden sollen, brauchen oft eine Apostille.'],
    unterlagen: ['Original und Kopie'], kosten: 5, kostenText: 'Je Seite.', dauer: [1, 'TAG'],
    begriffe: ['Beglaubigung', 'Kopie'], stelle: 'buergerbuero',
  },
  {
    id: 'BETREUUNGSVERFUEGUNG', key: '99003033035000', titel: 'Unterschrift unter einer Betreuungsverfügung beglaubigen lassen', kategorie: 'K-FAMILIE',
    kurz: 'Die Betreuungsbehörde beglaubigt Unterschriften unter Vorsorgevollmachten und Betreuungsverfügungen.',
    voll: ['Eine beglaubigte Vollmacht wird von Banken und Behörden leichter anerkannt. Inhaltlich prüft die Behörde das Dokument nicht.'],
    unterlagen: ['Personalausweis', 'das noch nicht unterschriebene Dokument'], kosten: 10,
    begriffe: ['Vorsorgevollmacht', 'Betreuung'], stelle: 'kreis',
  },
  // --- Unternehmensführung ----------------------------------------------------------------------
  {
    id: 'GEWERBE-UMMELDUNG', key: '99050012071000', titel: 'Gewerbe ummelden', kategorie: 'K-UNTERNEHMEN',
    kurz: 'Ändern sich Anschrift oder Tätigkeit Ihres Gewerbes, melden Sie das bei der Gemeinde um.',
    voll: ['Die Ummeldung ist auch nötig, wenn Sie eine neue Tätigkeit aufnehmen. Ein Umzug in eine andere Gemeinde ist dort eine Anmeldung.'],
    unterlagen: ['Personalausweis', 'bisherige Gewerbeanmeldung'], kosten: [15, 40], dauer: [1, 'TAG'],
    begriffe: ['Gewerbeummeldung'], stelle: 'ordnungsamt',
    online: { reifegrad: 3, bereich: 'land', titel: 'Gewerbeummeldung online' },
  },
  {
    id: 'GASTSTAETTE', key: '99025002005000', titel: 'Gaststättenerlaubnis beantragen', kategorie: 'K-UNTERNEHMEN',
    kurz: 'Wer alkoholische Getränke ausschenkt, braucht eine Gaststättenerlaubnis.',
    voll: ['Die Erlaubnis ist an die Person und die Räume gebunden. Vorher müssen Sie an einer Unterrichtung der Industrie- und Handelskammer teilnehmen.'],
    unterlagen: ['Unterrichtungsnachweis der IHK', 'Führungszeugnis', 'Grundriss der Räume', 'Pachtvertrag'], kosten: [200, 1500], dauer: [4, 8, 'WOCHE'],
    begriffe: ['Konzession', 'Kneipe', 'Restaurant'], stelle: 'ordnungsamt',
  },
  {
    id: 'GASTSTAETTE-GESTATTUNG', key: '99025002056000', titel: 'Ausschank bei einem Fest anmelden', kategorie: 'K-UNTERNEHMEN',
    kurz: 'Für den Ausschank aus besonderem Anlass, etwa ein Vereinsfest, erteilt die Gemeinde eine Gestattung.',
    voll: ['Beantragen Sie die Gestattung mindestens zwei Wochen vor dem Fest. Sie gilt nur für die angegebenen Tage und den Ort.'],
    kosten: [20, 100], frist: 'Mindestens zwei Wochen vor der Veranstaltung.', dauer: [1, 2, 'WOCHE'],
    begriffe: ['Vereinsfest', 'Ausschank'], stelle: 'ordnungsamt',
  },
  {
    id: 'REISEGEWERBE', key: '99050023005000', titel: 'Reisegewerbekarte beantragen', kategorie: 'K-UNTERNEHMEN',
    kurz: 'Wer Waren oder Leistungen ohne feste Niederlassung anbietet, braucht eine Reisegewerbekarte.',
    voll: ['Dazu gehören zum Beispiel Händlerinnen und Händler auf Märkten außerhalb der Wochenmärkte oder Schaustellende.'],
    unterlagen: ['Personalausweis', 'Führungszeugnis', 'Auskunft aus dem Gewerbezentralregister', 'Lichtbild'], kosten: [50, 250], dauer: [2, 4, 'WOCHE'],
    begriffe: ['Schausteller', 'Markthändler'], stelle: 'ordnungsamt',
  },
  {
    id: 'SONDERNUTZUNG', key: '99108012005000', titel: 'Straße oder Gehweg nutzen (Sondernutzung)', kategorie: 'K-UNTERNEHMEN',
    kurz: 'Wer öffentliche Straßen über den Verkehr hinaus nutzt – für Tische, Werbung oder ein Gerüst – braucht eine Erlaubnis.',
    voll: ['Die Gemeinde prüft, ob der Verkehr und Menschen mit Behinderung ungehindert passieren können. Für die Nutzung erhebt sie eine Gebühr nach ihrer Satzung.'],
    unterlagen: ['Lageplan mit Maßen', 'Beschreibung der Nutzung'], kosten: [30, 500], dauer: [2, 'WOCHE'],
    begriffe: ['Außengastronomie', 'Gerüst', 'Plakat'], stelle: 'ordnungsamt',
  },
  {
    id: 'VERANSTALTUNG', key: '99050032002000', titel: 'Markt oder Volksfest festsetzen lassen', kategorie: 'K-UNTERNEHMEN',
    kurz: 'Veranstaltende können einen Markt oder ein Volksfest festsetzen lassen und genießen dann die Marktprivilegien.',
    voll: ['Die Festsetzung regelt Gegenstand, Zeit, Öffnungszeiten und Platz der Veranstaltung.'],
    kosten: [50, 300], dauer: [4, 'WOCHE'],
    begriffe: ['Flohmarkt', 'Volksfest'], stelle: 'ordnungsamt',
  },
  // --- Steuern & Zoll ---------------------------------------------------------------------------
  {
    id: 'GEWERBESTEUER', key: '99102010002000', titel: 'Gewerbesteuer', kategorie: 'K-UNTERNEHMEN',
    kurz: 'Die Gemeinde setzt die Gewerbesteuer auf Grundlage des Messbescheids des Finanzamts fest.',
    voll: ['Sie zahlen vierteljährliche Vorauszahlungen. Einwände gegen den Messbetrag richten Sie an das Finanzamt, gegen den Hebesatz an die Gemeinde.'],
    kosten: 'frei', kostenText: 'Keine Gebühr für den Bescheid.',
    begriffe: ['Hebesatz', 'Gewerbesteuermessbetrag'], stelle: 'steueramt',
  },
  {
    id: 'ZWEITWOHNUNGSTEUER', key: '99102017002000', titel: 'Zweitwohnungsteuer', kategorie: 'K-WOHNEN',
    kurz: 'Manche Gemeinden erheben eine Steuer auf Nebenwohnungen.',
    voll: ['Die Steuer bemisst sich meist an der Jahresnettokaltmiete. Ob Ihre Gemeinde sie erhebt, regelt ihre Satzung.'],
    kosten: 'frei', begriffe: ['Nebenwohnung'], stelle: 'steueramt',
  },
  // --- Ein- & Auswanderung ----------------------------------------------------------------------
  {
    id: 'EINBUERGERUNG', key: '99099002006000', titel: 'Einbürgerung beantragen', kategorie: 'K-AUSWEISE',
    kurz: 'Wer seit einigen Jahren rechtmäßig in Deutschland lebt, kann sich einbürgern lassen.',
    voll: ['Voraussetzungen sind unter anderem Sprachkenntnisse, der Einbürgerungstest und die Sicherung des Lebensunterhalts. Die Einbürgerungsbehörde berät Sie vor dem Antrag.'],
    unterlagen: ['Pass', 'Aufenthaltstitel', 'Sprachzertifikat', 'Nachweis über den Einbürgerungstest', 'Einkommensnachweise'],
    kosten: 255, kostenText: 'Für Erwachsene; für Kinder gelten ermäßigte Gebühren.', dauer: [6, 12, 'MONAT'],
    begriffe: ['Staatsangehörigkeit', 'Einbürgerungstest'], stelle: 'kreis',
    online: { reifegrad: 3, bereich: 'land', titel: 'Einbürgerung online beantragen' },
  },
  {
    id: 'FIKTIONSBESCHEINIGUNG', key: '99010017012000', titel: 'Bescheinigung über das Fortbestehen des Aufenthaltstitels', kategorie: 'K-AUSWEISE',
    kurz: 'Wer rechtzeitig die Verlängerung beantragt hat, erhält bis zur Entscheidung eine Bescheinigung.',
    voll: ['Mit der Bescheinigung weisen Sie nach, dass Ihr Aufenthaltstitel als fortbestehend gilt, zum Beispiel gegenüber Arbeitgebern.'],
    unterlagen: ['Pass', 'bisheriger Aufenthaltstitel'], kosten: 13, dauer: [1, 'TAG'],
    begriffe: ['Fiktionsbescheinigung', 'Ausländerbehörde'], stelle: 'kreis',
  },
  // --- Bildung ----------------------------------------------------------------------------------
  {
    id: 'SCHUELERBEFOERDERUNG', key: '99088011039000', titel: 'Erstattung der Fahrkosten zur Schule beantragen', kategorie: 'K-FAMILIE',
    kurz: 'Ist der Schulweg weit, übernimmt der Schulträger die Kosten der Schülerbeförderung.',
    voll: ['In Hessen gilt das für Grundschülerinnen und Grundschüler ab zwei Kilometern Schulweg, für ältere ab drei Kilometern. Meist erhalten Sie eine Schülerfahrkarte.'],
    unterlagen: ['Schulbescheinigung'], kosten: 'frei', dauer: [2, 4, 'WOCHE'],
    begriffe: ['Schülerticket', 'Schulweg'], stelle: 'kreis',
  },
  {
    id: 'EINSCHULUNG-VORZEITIG', key: '99088012005000', titel: 'Vorzeitige Einschulung beantragen', kategorie: 'K-FAMILIE',
    kurz: 'Kinder, die noch nicht schulpflichtig sind, können auf Antrag der Eltern vorzeitig eingeschult werden.',
    voll: ['Die Schulleitung entscheidet nach der Schuleingangsuntersuchung und einem Gespräch, ob Ihr Kind die nötige Entwicklung hat.'],
    kosten: 'frei', frist: 'Mit der Schulanmeldung im Frühjahr vor dem Schuljahr.',
    begriffe: ['Schulanmeldung', 'Kann-Kind'], stelle: 'land',
  },
  // --- Umwelt -----------------------------------------------------------------------------------
  {
    id: 'GEWAESSER-BENUTZUNG', key: '99129011005000', titel: 'Wasserrechtliche Erlaubnis beantragen', kategorie: 'K-BAUEN',
    kurz: 'Wer Wasser aus einem Bach entnimmt oder etwas einleitet, braucht eine wasserrechtliche Erlaubnis.',
    voll: ['Die untere Wasserbehörde prüft, ob das Gewässer dadurch beeinträchtigt wird. Kleine Entnahmen mit Eimer oder Gießkanne sind erlaubnisfrei.'],
    unterlagen: ['Lageplan', 'Beschreibung der Entnahme oder Einleitung', 'Mengenangaben'], kosten: [100, 2000], dauer: [2, 3, 'MONAT'],
    begriffe: ['Wasserbehörde', 'Gewässer'], stelle: 'kreis',
  },
  {
    id: 'VERKEHRSLAERM', key: '99063007080000', titel: 'Entschädigung wegen Verkehrslärms beantragen', kategorie: 'K-BAUEN',
    kurz: 'Wer an einer neu gebauten oder wesentlich geänderten Straße wohnt, kann Schallschutz erstattet bekommen.',
    voll: ['Werden die Grenzwerte der Verkehrslärmschutzverordnung überschritten, übernimmt der Baulastträger die Kosten für Schallschutzfenster oder zahlt eine Entschädigung.'],
    unterlagen: ['Nachweis des Eigentums', 'Angebote für Schallschutzmaßnahmen'], kosten: 'frei', dauer: [3, 6, 'MONAT'],
    begriffe: ['Lärmschutz', 'Schallschutzfenster'], stelle: 'land',
  },
];
