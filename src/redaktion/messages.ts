/**
 * Error messages of the workspace in words an editor understands, in German (and English): the
 * JSON Schema's violations by their rule (`required`, `pattern` …) and the domain rules' messages
 * by their wording. The API keeps its English messages (integrators read them); the workspace
 * shows these. A message this catalogue does not know stays as it is.
 */
import type { Lang } from '../portal/i18n';
import type { ErrorDetail } from '../shared/errors';

type Words = { de: string; en: string };

/** What a pattern asks for, in words. */
const PATTERNS: Array<[string, Words]> = [
  ['^([01]\\d|2[0-3]):[0-5]\\d$', { de: 'eine Uhrzeit wie 08:30', en: 'a time such as 08:30' }],
  ['^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$', { de: 'eine Uhrzeit wie 08:30 (bis 24:00)', en: 'a time such as 08:30 (up to 24:00)' }],
  ['^\\d{12}$', { de: 'einen 12-stelligen Regionalschlüssel (ARS), z. B. 066360013013', en: 'a 12-digit regional key (ARS), e.g. 066360013013' }],
  ['^\\d{14}$', { de: 'einen 14-stelligen LeiKa-Schlüssel, z. B. 99102013002000', en: 'a 14-digit LeiKa key, e.g. 99102013002000' }],
  ['^\\d{5}$', { de: 'eine 5-stellige Postleitzahl', en: 'a 5-digit postcode' }],
  ['^https?://', { de: 'eine Adresse mit https:// am Anfang', en: 'an address starting with https://' }],
  ['^--(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', { de: 'einen Tag im Jahr wie --12-24', en: 'a day of the year such as --12-24' }],
];

/** Domain rules' messages (src/*), by their English wording. */
const DOMAIN: Array<[RegExp, (m: RegExpExecArray) => Words]> = [
  [/^is required: name a Gebiet inside ARS (\d+)/, (m) => ({ de: `Bitte ein Gebiet innerhalb Ihres Zuständigkeitsbereichs (${m[1]}) angeben – nur die Landesredaktion pflegt landesweit gültige Inhalte.`, en: `Name an area inside your own (${m[1]}); only the state editors keep content valid everywhere.` })],
  [/^ARS (\d+) is not a known Gebiet/, (m) => ({ de: `Das Gebiet ${m[1]} gibt es nicht (Regionalschlüssel prüfen).`, en: `There is no area ${m[1]} (check the regional key).` })],
  [/^(Leistung|Organisationseinheit|Onlinedienst|Kategorie) (\S+) does not exist/, (m) => ({ de: `Die gewählte ${LABEL[m[1]!]?.de ?? m[1]} gibt es nicht (mehr).`, en: `The chosen ${LABEL[m[1]!]?.en ?? m[1]} does not exist (any more).` })],
  [/^is already taken(?: by (.+))?/, (m) => ({ de: `Schon vergeben${m[1] ? ` an ${m[1]}` : ''}.`, en: `Already taken${m[1] ? ` by ${m[1]}` : ''}.` })],
  [/^Typisierung (.+) contradicts the LeiKa catalogue, which gives (.+) for (\d{14}) \((.+)\); publish with a comment/, (m) => ({
    de: `Die Typisierung ${m[1]} weicht vom LeiKa-Katalog ab (${m[3]} „${m[4]}“: ${m[2]}). Zum Veröffentlichen bitte im Kommentar begründen.`,
    en: `Typisierung ${m[1]} differs from the LeiKa catalogue (${m[3]} “${m[4]}”: ${m[2]}). Give a reason in the comment to publish.` })],
  [/^LeiKa key (\d{14}) is not in the bundled LeiKa catalogue/, (m) => ({ de: `Der LeiKa-Schlüssel ${m[1]} steht nicht im mitgelieferten Katalog (er kann neuer sein) – bitte prüfen.`, en: `LeiKa key ${m[1]} is not in the bundled catalogue (it may be newer) – please check.` })],
  [/^Onlinedienst links must be absolute https URLs/, () => ({ de: 'Links eines Onlinedienstes müssen mit https:// beginnen.', en: 'Links of an online service must start with https://.' })],
  [/^links should be absolute https URLs/, () => ({ de: 'Links sollten vollständige https-Adressen sein.', en: 'Links should be complete https addresses.' })],
  [/^must be an http\(s\) URL/, () => ({ de: 'Bitte eine vollständige Adresse angeben, die mit https:// beginnt.', en: 'Give a complete address starting with https://.' })],
  [/^a rejection needs a reason/, () => ({ de: 'Beim Zurückweisen bitte einen Grund in den Kommentar schreiben.', en: 'Write a reason in the comment when rejecting.' })],
  [/^allowed from (\S+): (.*)/, () => ({ de: 'Dieser Schritt ist im aktuellen Status nicht möglich.', en: 'This step is not possible in the current status.' })],
  [/^based on version (\d+), live is version (\d+)/, (m) => ({ de: `Ihr Entwurf beruht auf Version ${m[1]}, veröffentlicht ist inzwischen Version ${m[2]}.`, en: `Your draft is based on version ${m[1]}; version ${m[2]} is live now.` })],
  [/^HTML reduced to the allowed tags/, () => ({ de: 'Formatierungen, die im Portal nicht erlaubt sind, wurden entfernt.', en: 'Formatting the portals do not allow was removed.' })],
  [/^If-Match names version (\d+), but the (\w+) is at version (\d+)/, (m) => ({ de: `Das Objekt wurde inzwischen geändert (jetzt Version ${m[3]}, Ihre Seite zeigte Version ${m[1]}). Bitte die Seite neu laden.`, en: `The object has been changed meanwhile (now version ${m[3]}, your page showed version ${m[1]}). Reload the page.` })],
  [/^text module (\d+) appears twice/, (m) => ({ de: `Das Textmodul ${m[1]} ist doppelt vorhanden.`, en: `Text module ${m[1]} appears twice.` })],
  [/^language (\S+) appears twice/, (m) => ({ de: `Die Sprache ${m[1]} ist doppelt angegeben.`, en: `Language ${m[1]} is given twice.` })],
  [/^only one start link \(typ 01\) per language/, () => ({ de: 'Je Sprache ist nur ein Link „Startseite des Dienstes“ möglich.', en: 'Only one “start page” link per language.' })],
  [/may only (create|update|delete|read) (\w+) objects inside ARS (\d+)/, (m) => ({ de: `Sie können nur Inhalte innerhalb Ihres Zuständigkeitsbereichs (${m[3]}) ${m[1] === 'create' ? 'anlegen' : m[1] === 'delete' ? 'löschen' : 'ändern'}: bitte ein Gebiet darin wählen.`, en: `You can only ${m[1]} content inside your own area (${m[3]}): choose an area there.` })],
  [/^The (\w+) cannot be published: (\d+) quality problem/, (m) => ({ de: `Noch nicht veröffentlichbar: ${m[2]} ${m[2] === '1' ? 'Punkt ist' : 'Punkte sind'} offen.`, en: `Cannot be published yet: ${m[2]} open point(s).` })],
  [/^must have at least (\d+) characters/, (m) => ({ de: `Das Passwort braucht mindestens ${m[1]} Zeichen.`, en: `The password needs at least ${m[1]} characters.` })],
  [/^unknown (role|tenant|kind)$/, () => ({ de: 'Bitte einen der angebotenen Werte wählen.', en: 'Choose one of the offered values.' })],
  [/^password must have at least 12 characters/, () => ({ de: 'Das Passwort braucht mindestens 12 Zeichen.', en: 'The password needs at least 12 characters.' })],
  [/^tenant id must be/, () => ({ de: 'Die Kennung besteht aus 2–63 Kleinbuchstaben, Ziffern oder Bindestrichen.', en: 'The id has 2–63 lower-case letters, digits or hyphens.' })],
  [/^(\w+) is missing or malformed/, () => ({ de: 'Bitte ausfüllen (Format prüfen).', en: 'Please fill in (check the format).' })],
  [/^ars (\d+) lies outside the tenant's area (\d+)/, (m) => ({ de: `Der Regionalschlüssel ${m[1]} liegt außerhalb des Gebiets des Mandanten (${m[2]}).`, en: `ARS ${m[1]} lies outside the tenant's area (${m[2]}).` })],
  [/^ars must be 1–12 digits/, () => ({ de: 'Der Regionalschlüssel besteht aus 1 bis 12 Ziffern.', en: 'The ARS has 1 to 12 digits.' })],
  [/^role must be one of/, () => ({ de: 'Bitte eine der angebotenen Rollen wählen.', en: 'Choose one of the offered roles.' })],
  [/^unknown ARS$/, () => ({ de: 'Diesen Regionalschlüssel gibt es nicht.', en: 'There is no such regional key.' })],
  [/^needs a Kurztext \(05\) or Volltext \(06\) in German/, () => ({ de: 'Es fehlt ein deutscher Kurztext (Modul 05) oder Volltext (Modul 06).', en: 'A German short text (module 05) or full text (module 06) is missing.' })],
  [/^needs a Leistungsbezeichnung \(text module 02 or 03\) in German/, () => ({ de: 'Es fehlt die deutsche Leistungsbezeichnung (Modul 02 oder 03).', en: 'The German name of the service (module 02 or 03) is missing.' })],
  [/^LeiKa key is malformed/, () => ({ de: 'Der LeiKa-Schlüssel ist nicht gültig aufgebaut (14 Ziffern, beginnend mit 99).', en: 'The LeiKa key is malformed (14 digits starting with 99).' })],
  [/^needs a Zuständigkeit or an Onlinedienst: it is valid only/, () => ({ de: 'Die Leistung gilt nur in einzelnen Kreisen oder Gemeinden: dort braucht sie vor dem Veröffentlichen eine Zuständigkeit oder einen Onlinedienst.', en: 'The service is valid only in some Kreise or municipalities: it needs a responsibility or an online service there before publishing.' })],
  [/^has no Zuständigkeit or Onlinedienst yet/, () => ({ de: 'Noch keine Zuständigkeit und kein Onlinedienst – die Kommunen ergänzen ihre, sobald die Leistung veröffentlicht ist.', en: 'No responsibility or online service yet – the municipalities add theirs once the service is live.' })],
  [/^a Spezialisierung without own text or modules adds nothing/, () => ({ de: 'Die Spezialisierung hat noch keinen eigenen Inhalt.', en: 'The localisation has no content of its own yet.' })],
  [/^must not be before (.+)/, (m) => ({ de: `Darf nicht vor ${m[1]} liegen.`, en: `Must not be before ${m[1]}.` })],
  [/^(\S+) is not a public address/, (m) => ({ de: `${m[1]} ist keine öffentlich erreichbare Adresse – Zustellungen gehen nur an öffentliche Adressen.`, en: `${m[1]} is not a public address – deliveries go to public addresses only.` })],
  [/^(\S+) cannot be resolved/, (m) => ({ de: `Den Rechner ${m[1]} gibt es nicht (Adresse prüfen).`, en: `There is no host ${m[1]} (check the address).` })],
  [/^nothing to change$/, () => ({ de: 'Bitte eine neue Rolle, ein neues Passwort oder „entsperren“ angeben.', en: 'Give a new role, a new password or “unblock”.' })],
  [/^unknown class$/, () => ({ de: 'Bitte nur die angebotenen Klassen wählen.', en: 'Choose the offered classes only.' })],
  [/^is required$/, () => ({ de: 'Bitte ausfüllen.', en: 'Please fill in.' })],
  [/^e\.g\. 102$/, () => ({ de: 'Drei Ziffern, z. B. 102 (nicht 000).', en: 'Three digits, e.g. 102 (not 000).' })],
  [/^digits 3–5 must be (\d{3})/, (m) => ({ de: `Der Schlüssel muss in der Leistungsgruppierung ${m[1]} des Antrags liegen (Stellen 3–5).`, en: `The key must lie in the request's Leistungsgruppierung ${m[1]} (digits 3–5).` })],
  [/^The request is (\w+) already/, () => ({ de: 'Über diesen Antrag ist schon entschieden.', en: 'This request has been decided already.' })],
  [/^There is no open question to answer/, () => ({ de: 'Es gibt keine offene Rückfrage zu beantworten.', en: 'There is no open question to answer.' })],
  [/^a (.+) cannot be its own parent/, () => ({ de: 'Ein Eintrag kann nicht sein eigener übergeordneter Eintrag sein.', en: 'An entry cannot be its own parent.' })],
];

const LABEL: Record<string, Words> = {
  Leistung: { de: 'Leistung', en: 'service' }, Organisationseinheit: { de: 'Organisationseinheit', en: 'office' },
  Onlinedienst: { de: 'Onlinedienst', en: 'online service' }, Kategorie: { de: 'Kategorie', en: 'category' },
};

function byRule(d: ErrorDetail): Words | undefined {
  const p = d.params ?? {};
  switch (d.rule) {
    case 'required': return { de: 'Bitte ausfüllen.', en: 'Please fill in.' };
    case 'pattern': {
      const known = PATTERNS.find(([pattern]) => pattern === p.pattern)?.[1];
      return known ? { de: `Bitte ${known.de} angeben.`, en: `Please give ${known.en}.` } : { de: 'Das Format stimmt nicht.', en: 'The format is not right.' };
    }
    case 'maxLength': return { de: `Höchstens ${p.limit} Zeichen.`, en: `At most ${p.limit} characters.` };
    case 'minLength': return Number(p.limit) <= 1 ? { de: 'Bitte ausfüllen.', en: 'Please fill in.' } : { de: `Mindestens ${p.limit} Zeichen.`, en: `At least ${p.limit} characters.` };
    case 'maxItems': return { de: `Höchstens ${p.limit} Einträge.`, en: `At most ${p.limit} entries.` };
    case 'minItems': return { de: `Mindestens ${p.limit} ${Number(p.limit) === 1 ? 'Eintrag' : 'Einträge'}.`, en: `At least ${p.limit} ${Number(p.limit) === 1 ? 'entry' : 'entries'}.` };
    case 'minimum': return { de: `Mindestens ${p.limit}.`, en: `At least ${p.limit}.` };
    case 'maximum': return { de: `Höchstens ${p.limit}.`, en: `At most ${p.limit}.` };
    case 'type': return p.type === 'number' || p.type === 'integer' ? { de: 'Bitte eine Zahl angeben.', en: 'Please give a number.' } : { de: 'Dieser Wert passt hier nicht.', en: 'This value does not fit here.' };
    case 'enum': return { de: 'Bitte einen der angebotenen Werte wählen.', en: 'Please choose one of the offered values.' };
    case 'format': return p.format === 'uri' || p.format === 'iri' ? { de: 'Bitte eine vollständige Adresse mit https:// am Anfang angeben.', en: 'Give a complete address starting with https://.' } : { de: 'Das Format stimmt nicht.', en: 'The format is not right.' };
    case 'uniqueItems': return { de: 'Ein Eintrag ist doppelt.', en: 'An entry appears twice.' };
    case 'additionalProperties': return { de: 'Diese Angabe ist hier nicht vorgesehen.', en: 'This is not expected here.' };
    case 'not': case 'oneOf': return undefined; // the form's context decides (see below)
    default: return undefined;
  }
}

/** The Zuständigkeit's "either office or online service" rule, which the schema states as oneOf/not. */
function byPath(d: ErrorDetail): Words | undefined {
  if ((d.rule === 'not' || d.rule === 'oneOf') && (d.path === '/' || d.path === '')) {
    return { de: 'Bitte entweder eine Organisationseinheit oder einen Onlinedienst angeben – nicht beides und nicht keins.', en: 'Give either an office or an online service – not both, not neither.' };
  }
  return undefined;
}

export function editorMessage(d: ErrorDetail, lang: Lang): ErrorDetail {
  const words = byPath(d) ?? byRule(d) ?? (() => {
    for (const [re, fn] of DOMAIN) { const m = re.exec(d.message); if (m) return fn(m); }
    return undefined;
  })();
  return words ? { ...d, message: words[lang] } : d;
}

/** The success message of an action, instead of "Gespeichert." for everything. */
export const DONE: Record<string, Words> = {
  created: { de: 'Entwurf angelegt.', en: 'Draft created.' },
  saved: { de: 'Entwurf gespeichert.', en: 'Draft saved.' },
  in_pruefung: { de: 'Zur Prüfung eingereicht.', en: 'Submitted for review.' },
  freigegeben: { de: 'Fachlich freigegeben.', en: 'Approved.' },
  veroeffentlicht: { de: 'Veröffentlicht – die Fassung ist jetzt live.', en: 'Published – this version is live now.' },
  entwurf: { de: 'Zurück in den Entwurf gesetzt.', en: 'Returned to draft.' },
  archiviert: { de: 'Archiviert – nicht mehr im Portal.', en: 'Archived – no longer in the portal.' },
  geplant: { de: 'Zeitgesteuert eingeplant.', en: 'Scheduled.' },
  wiederhergestellt: { de: 'Frühere Version wiederhergestellt – sie ist jetzt der neueste Entwurf (die Versionsgeschichte behält alle Fassungen).', en: 'Earlier version restored – it is the newest draft now (the history keeps every version).' },
};
