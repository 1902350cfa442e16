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
    modulBegriffImKontext: [{ begriffImKontext: [{ begriff: 'Hundemarke', languageCode: 'de' }] }],
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

type Agent = TestApp['api'];
type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Creates a draft through the API (as the Landesredaktion unless another agent is given) and returns its body. */
export async function createDraft(t: TestApp, path: string, body: Record<string, unknown>, agent: Agent = t.api): Promise<Body> {
  const res = await agent.post(`/api/v1/${path}`).send(body);
  if (res.status !== 201) throw new Error(`POST ${path} → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Changes the workflow status; fails the test unless it worked. */
export async function transition(t: TestApp, path: string, id: string, to: string, extra: Record<string, unknown> = {}, agent: Agent = t.api): Promise<Body> {
  const res = await agent.post(`/api/v1/${path}/${id}/transitions`).send({ to, ...extra });
  if (res.status !== 200) throw new Error(`${path}/${id} → ${to}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Publishes the working version by the shortest way the workflow allows (Leistungen: submit, approve, publish). */
export async function publish(t: TestApp, path: string, id: string, agent: Agent = t.api): Promise<Body> {
  if (path === 'leistungen') {
    await transition(t, path, id, 'in_pruefung', {}, agent);
    await transition(t, path, id, 'freigegeben', {}, agent);
  }
  return transition(t, path, id, 'veroeffentlicht', {}, agent);
}

/** Creates an object through the API and publishes it; returns its body (fails the test otherwise). */
export async function create(t: TestApp, path: string, body: Record<string, unknown>, agent: Agent = t.api): Promise<Body> {
  const draft = await createDraft(t, path, body, agent);
  return publish(t, path, draft.id, agent);
}
