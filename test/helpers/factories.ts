/** Valid request bodies per object type; tests override what they are about. */
import type { TestApp } from './testApp';

export const WANFRIED = '066360013013';
export const MARBURG = '065340014014';
export const HESSEN = '060000000000';

const de = (value: string) => [{ languageCode: 'de', value }];

export function leistungBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    referenzLeiKa: '99102013104000',
    modulText: [
      { leikaTextmodul: '02', inhalt: de('Hundesteuer Anmeldung') },
      { leikaTextmodul: '06', inhalt: de('<p>Für jeden Hund erhebt die Gemeinde Hundesteuer.</p>') },
    ],
    modulBegriffImKontext: [{ begriff: 'Hundemarke', languageCode: 'de' }],
    gueltigkeitGebietID: [HESSEN],
    ...overrides,
  };
}

export function organisationseinheitBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: de('Bürgerbüro Wanfried'),
    anschrift: [{ typ: '002', strasse: 'Marktstraße', hausnummer: '2', postleitzahl: '37281', ort: 'Wanfried', ars: WANFRIED }],
    kommunikation: [{ kanal: '01', kennung: 'buergerbuero@wanfried.example' }, { kanal: '02', kennung: '+49 5655 000-10' }],
    oeffnungszeiten: { zeiten: [{ tag: 'mo', von: '08:00', bis: '12:00' }] },
    ...overrides,
  };
}

export function onlinedienstBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    bezeichnung: de('Hundeanmeldung online'),
    link: [{ typ: '01', link: 'https://onlinedienste.example/hund', languageCode: 'de' }],
    vertrauensniveau: '10',
    ozgReifegrad: 2,
    gueltigkeitGebietID: [WANFRIED],
    ...overrides,
  };
}

export function kategorieBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { bezeichnung: de('Haustiere'), ...overrides };
}

/** Creates an object through the API and returns its body (fails the test on any other status). */
export async function create(t: TestApp, path: string, body: Record<string, unknown>): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await t.api.post(`/api/v1/${path}`).send(body);
  if (res.status !== 201) throw new Error(`POST ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}
