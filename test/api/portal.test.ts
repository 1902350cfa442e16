import { sql } from 'drizzle-orm';
import { seedDemo } from '../../src/seed/demo';
import { foldUmlautSpelling, queryWords } from '../../src/portal/search';
import { createDraft, leistungBody, MARBURG, publish, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
});
afterAll(async () => { await t.close(); });

const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
const resultTitles = (html: string) => [...main(html).matchAll(/<li class="result">\s*<h2><a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => m[2]);
const leistungId = async (xzufiId: string) => (await t.database.db.execute(sql`SELECT uuid FROM leistungen WHERE xzufi_id = ${xzufiId}`) as unknown as { rows: Array<{ uuid: string }> }).rows[0]!.uuid;

describe('portal search', () => {
  it('finds Hundesteuer for "Hund" in Wanfried with the responsible office and the online service', async () => {
    const res = await t.anonymous.get('/suche').query({ q: 'Hund', ort: 'Wanfried' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(resultTitles(res.text)[0]).toBe('Hund zur Hundesteuer anmelden');
    const first = main(res.text).split('<li class="result">')[1]!;
    expect(first).toContain('Bürgerbüro Wanfried');
    expect(first).toContain('Hundeanmeldung Wanfried');
    expect(first).toContain(`ars&#x3D;${WANFRIED}`);
  });

  it('tolerates umlaut spellings and finds by prefix and synonym', async () => {
    expect(foldUmlautSpelling('fuehrungszeugnis')).toBe('fuhrungszeugnis');
    expect(queryWords('Führerschein umtauschen')).toEqual([{ word: 'führerschein', variants: ['führerschein'] }, { word: 'umtauschen', variants: ['umtauschen'] }]);
    expect(queryWords('Fuehrerschein, a 5')).toEqual([{ word: 'fuehrerschein', variants: ['fuehrerschein', 'fuhrerschein'] }, { word: '5', variants: ['5'] }]);
    for (const q of ['Führungszeugnis', 'Fuehrungszeugnis', 'Fuhrungszeugnis', 'führungsz']) {
      expect(resultTitles((await t.anonymous.get('/suche').query({ q })).text)).toContain('Führungszeugnis beantragen');
    }
    // "Hundemarke" is a Begriff im Kontext of the Hundesteuer, not in its title.
    expect(resultTitles((await t.anonymous.get('/suche').query({ q: 'Hundemarke' })).text)[0]).toBe('Hund zur Hundesteuer anmelden');
  });

  it('ranks the Leistungsbezeichnung above mentions in the text', async () => {
    const titles = resultTitles((await t.anonymous.get('/suche').query({ q: 'Personalausweis' })).text);
    expect(titles[0]).toBe('Personalausweis beantragen');
    expect(titles.length).toBeGreaterThan(1); // other Leistungen name the Personalausweis among their documents
  });

  it('resolves the place from PLZ, ARS or name, and asks when a name is ambiguous', async () => {
    for (const ort of ['37281', WANFRIED, 'wanfried']) {
      const html = (await t.anonymous.get('/suche').query({ q: 'Hund', ort })).text;
      expect(main(html)).toContain('in Wanfried, Stadt');
    }
    // Places of this Land come first: Frankenberg (Eder), not Frankenberg/Sa.
    expect(main((await t.anonymous.get('/suche').query({ q: 'Hund', ort: 'Frankenberg' })).text)).toContain('in Frankenberg (Eder)');
    const ambiguous = await t.anonymous.get('/suche').query({ q: 'Hund', ort: 'Homberg' });
    expect(main(ambiguous.text)).toContain('Welchen Ort meinen Sie?');
    expect(main(ambiguous.text)).toMatch(/Homberg \(Efze\)[\s\S]*Homberg \(Ohm\)|Homberg \(Ohm\)[\s\S]*Homberg \(Efze\)/);
    const unknown = await t.anonymous.get('/suche').query({ q: 'Hund', ort: 'Atlantis' });
    expect(main(unknown.text)).toContain('Den Ort „Atlantis“ kennen wir nicht');
  });

  it('shows only published Leistungen', async () => {
    const draft = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013999000', modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Zebrastreifen Beantragung' }] }, { leikaTextmodul: '06', inhalt: [{ languageCode: 'de', value: 'Text' }] }] }));
    expect(resultTitles((await t.anonymous.get('/suche').query({ q: 'Zebrastreifen' })).text)).toEqual([]);
    expect((await t.anonymous.get(`/leistungen/${draft.id}`)).status).toBe(404);
    await publish(t, 'leistungen', draft.id);
    expect(resultTitles((await t.anonymous.get('/suche').query({ q: 'Zebrastreifen' })).text)).toEqual(['Zebrastreifen Beantragung']);
  });

  it('falls back to any word when no Leistung has all of them', async () => {
    const res = await t.anonymous.get('/suche').query({ q: 'Hund Quantenphysik' });
    expect(resultTitles(res.text)).toContain('Hund zur Hundesteuer anmelden');
    expect(main(res.text)).toContain('Keine Leistung enthält alle Wörter');
  });
});

describe('service page', () => {
  it('shows the sections in the order of the Verwaltungsportal Hessen, merged with the local text', async () => {
    const id = await leistungId('L-HUNDESTEUER');
    const res = await t.anonymous.get(`/leistungen/${id}`).query({ ars: WANFRIED });
    expect(res.status).toBe(200);
    const ids = [...main(res.text).matchAll(/<section id="([\w-]+)"/g)].map((m) => m[1]);
    const order = ['beschreibung', 'onlinedienst', 'zustaendige-stelle', 'unterlagen', 'formulare', 'voraussetzungen', 'rechtsgrundlagen', 'rechtsbehelf', 'verfahrensablauf', 'fristen', 'bearbeitungsdauer', 'kosten', 'hinweise', 'gueltigkeitsgebiet', 'fachliche-freigabe', 'stichwoerter'];
    expect(ids).toEqual(order.filter((s) => ids.includes(s)));
    expect(ids).toEqual(expect.arrayContaining(['beschreibung', 'onlinedienst', 'zustaendige-stelle', 'kosten', 'hinweise', 'fachliche-freigabe']));
    expect(main(res.text)).toContain('Ergänzung von Stadt Wanfried');
    expect(main(res.text)).toContain('60 Euro');
    expect(main(res.text)).toMatch(/<th scope="row">Dienstag<\/th><td>08:00–12:00, 14:00–18:00<\/td>/);
    // Without a place: no local text, no office, a hint instead.
    const general = await t.anonymous.get(`/leistungen/${id}`);
    expect(main(general.text)).not.toContain('60 Euro');
    expect(main(general.text)).toContain('Geben Sie einen Ort an');
  });

  it('renders the master part once per set of local texts: each place gets its own, a changed local text shows at once', async () => {
    const draft = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013995000', modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Bienenstand Anzeige' }] }, { leikaTextmodul: '06', inhalt: [{ languageCode: 'de', value: '<p>Für alle Orte gleich.</p>' }] }] }));
    const live = await publish(t, 'leistungen', draft.id);
    const local = await publish(t, 'spezialisierungen', (await createDraft(t, 'spezialisierungen', { leistungId: live.id, gebietID: [WANFRIED], modulText: [{ leikaTextmodul: '16', inhalt: [{ languageCode: 'de', value: '<p>Nur in Wanfried: Anmeldung im Rathaus.</p>' }] }] })).id);
    const at = async (ars?: string, lang?: string) => main((await t.anonymous.get(`/leistungen/${live.id}`).query({ ...(ars ? { ars } : {}), ...(lang ? { lang } : {}) }).expect(200)).text);
    // Wanfried first, then Marburg and no place: the Wanfried text stays Wanfried's.
    expect(await at(WANFRIED)).toContain('Nur in Wanfried');
    for (const elsewhere of [await at(MARBURG), await at()]) {
      expect(elsewhere).toContain('Für alle Orte gleich.');
      expect(elsewhere).not.toContain('Nur in Wanfried');
    }
    expect(await at(WANFRIED, 'en')).toContain('Nur in Wanfried');
    expect(await at(WANFRIED)).toMatch(/<h2 id="hinweise-h">[^<]+<\/h2>[\s\S]*Nur in Wanfried/);
    // The local text republished: the same place shows the new words, not the kept ones.
    const { id, status, version, tenant, versionsinformation, veroeffentlicht, freigabe, ...body } = local;
    await t.api.put(`/api/v1/spezialisierungen/${id}`).set('If-Match', `"${version}"`).send({ ...body, modulText: [{ leikaTextmodul: '16', inhalt: [{ languageCode: 'de', value: '<p>Nur in Wanfried: Anmeldung online.</p>' }] }] }).expect(200);
    await publish(t, 'spezialisierungen', id);
    const after = await at(WANFRIED);
    expect(after).toContain('Anmeldung online.');
    expect(after).not.toContain('Anmeldung im Rathaus.');
  });

  it('shows a new live version at once, although pages are kept between changes', async () => {
    const draft = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013997000', modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Imkerei Anzeige' }] }, { leikaTextmodul: '06', inhalt: [{ languageCode: 'de', value: '<p>Erste Fassung.</p>' }] }] }));
    const live = await publish(t, 'leistungen', draft.id);
    expect((await t.anonymous.get(`/leistungen/${live.id}`)).text).toContain('Erste Fassung.');
    const { id, status, version, tenant, versionsinformation, veroeffentlicht, freigabe, ...body } = live;
    await t.api.put(`/api/v1/leistungen/${id}`).set('If-Match', `"${version}"`).send({ ...body, modulText: [body.modulText[0], { leikaTextmodul: '06', inhalt: [{ languageCode: 'de', value: '<p>Zweite Fassung.</p>' }] }] }).expect(200);
    expect((await t.anonymous.get(`/leistungen/${id}`)).text).toContain('Erste Fassung.'); // a draft changes nothing
    await publish(t, 'leistungen', id);
    const after = await t.anonymous.get(`/leistungen/${id}`);
    expect(after.text).toContain('Zweite Fassung.');
    expect(after.text).not.toContain('Erste Fassung.');
  });

  it('shows each hit with who is responsible at its place and language, and a renamed office in the next search at once', async () => {
    const hit = async (query: Record<string, string>) => main((await t.anonymous.get('/suche').query(query).expect(200)).text).split('<li class="result">')[1]!.split('</li>')[0]!;
    const wanfried = await hit({ q: 'Hund', ars: WANFRIED });
    expect(wanfried).toContain('Bürgerbüro Wanfried');
    // The same Leistung in another search at the same place, elsewhere, without a place, in English.
    expect(await hit({ q: 'Hundesteuer', ars: WANFRIED })).toBe(wanfried);
    const marburg = await hit({ q: 'Hundesteuer', ars: MARBURG });
    expect(marburg).not.toContain('Bürgerbüro Wanfried');
    expect(marburg).toContain(`ars&#x3D;${MARBURG}`);
    const nowhere = await hit({ q: 'Hundesteuer' });
    expect(nowhere).not.toContain('Zuständig');
    expect(nowhere).not.toContain('ars&#x3D;');
    expect(await hit({ q: 'Hundesteuer', ars: WANFRIED, lang: 'en' })).toContain('Responsible');

    const office = (await t.api.get('/api/v1/organisationseinheiten').query({ q: 'Bürgerbüro Wanfried', limit: 1 }).expect(200)).body.items[0];
    const { id, status, version, tenant, versionsinformation, veroeffentlicht, freigabe, ...body } = office;
    await t.api.put(`/api/v1/organisationseinheiten/${id}`).set('If-Match', `"${version}"`).send({ ...body, name: [{ languageCode: 'de', value: 'Bürgerservice Wanfried' }] }).expect(200);
    await publish(t, 'organisationseinheiten', id);
    const renamed = await hit({ q: 'Hundesteuer anmelden', ars: WANFRIED });
    expect(renamed).toContain('Bürgerservice Wanfried');
    expect(renamed).not.toContain('Bürgerbüro Wanfried');
    // Back to its name for the tests after this one.
    const now = (await t.api.get(`/api/v1/organisationseinheiten/${id}`).expect(200)).body;
    await t.api.put(`/api/v1/organisationseinheiten/${id}`).set('If-Match', `"${now.version}"`).send({ ...body, name: office.name }).expect(200);
    await publish(t, 'organisationseinheiten', id);
    expect(await hit({ q: 'Hund anmelden', ars: WANFRIED })).toContain('Bürgerbüro Wanfried');
  });

  it('answers a repeated request with 304 until something is published', async () => {
    const id = await leistungId('L-HUNDESTEUER');
    const first = await t.anonymous.get(`/leistungen/${id}`).query({ ars: WANFRIED });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await t.anonymous.get(`/leistungen/${id}`).query({ ars: WANFRIED }).set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text).toBeFalsy();
    expect((await t.anonymous.get('/suche').query({ q: 'Hund' }).set('If-None-Match', `"other", ${etag}`)).status).toBe(304);
    const draft = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013996000', modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Taubenhaltung Anzeige' }] }, { leikaTextmodul: '06', inhalt: [{ languageCode: 'de', value: 'Text' }] }] }));
    await publish(t, 'leistungen', draft.id);
    const after = await t.anonymous.get(`/leistungen/${id}`).query({ ars: WANFRIED }).set('If-None-Match', etag);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
  });

  it('carries JSON-LD, a canonical URL, lang attributes, an English version and a print view', async () => {
    const id = await leistungId('L-HUNDESTEUER');
    const res = await t.anonymous.get(`/leistungen/${id}`).query({ ars: WANFRIED });
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]+)<\/script>/.exec(res.text)![1]!);
    expect(ld).toMatchObject({ '@context': 'https://schema.org', '@type': 'GovernmentService', name: 'Hund zur Hundesteuer anmelden', provider: { name: 'Bürgerbüro Wanfried' }, identifier: { value: '99102013002000' } });
    expect(res.text).toMatch(new RegExp(`<link rel="canonical" href="http://[^"]+/leistungen/${id}">`));
    expect(res.text).toContain('<html lang="de">');
    const en = await t.anonymous.get(`/leistungen/${id}`).query({ ars: WANFRIED, lang: 'en' });
    expect(en.text).toContain('<html lang="en">');
    expect(main(en.text)).toContain('Contact / responsible office');
    // Texts without an English version stay German and say so.
    expect(main(en.text)).toMatch(/<div class="text" lang="de">/);
    // A place typed on the page becomes its ARS.
    const typed = await t.anonymous.get(`/leistungen/${id}`).query({ ort: '37281' });
    expect(typed.status).toBe(303);
    expect(typed.headers.location).toBe(`/leistungen/${id}?ars=${WANFRIED}`);
    const print = await t.anonymous.get(`/leistungen/${id}`).query({ ars: WANFRIED, druck: '1' });
    expect(print.text).toContain('class="print-view"');
  });

  it('answers unknown ids with an HTML 404 and counts clicks on online services without cookies', async () => {
    expect((await t.anonymous.get('/leistungen/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await t.anonymous.get('/leistungen/kaputt')).status).toBe(404);
    const page = await t.anonymous.get(`/leistungen/${await leistungId('L-HUNDESTEUER')}`).query({ ars: WANFRIED });
    const go = /href="(\/go\/[0-9a-f-]+)[^"]*"/.exec(main(page.text))![1]!;
    const before = Number((await t.database.db.execute(sql`SELECT coalesce(sum(clicks), 0) AS n FROM onlinedienst_clicks`) as unknown as { rows: Array<{ n: string }> }).rows[0]!.n);
    const res = await t.anonymous.get(go);
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(/^https:\/\//);
    expect(res.headers['set-cookie']).toBeUndefined();
    const after = Number((await t.database.db.execute(sql`SELECT coalesce(sum(clicks), 0) AS n FROM onlinedienst_clicks`) as unknown as { rows: Array<{ n: string }> }).rows[0]!.n);
    expect(after).toBe(before + 1);
  });

  it('lists every published Leistung in sitemap.xml and starts with the Lebenslagen', async () => {
    const sitemap = await t.anonymous.get('/sitemap.xml');
    expect(sitemap.headers['content-type']).toMatch(/application\/xml/);
    const count = (await t.database.db.execute(sql`SELECT count(*)::int AS n FROM leistungen WHERE status = 'veroeffentlicht'`) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
    expect((sitemap.text.match(/\/leistungen\//g) ?? []).length).toBe(count);
    const start = await t.anonymous.get('/');
    expect(main(start.text)).toContain('Lebenslagen');
    const lebenslage = /href="(\/lebenslagen\/[0-9a-f-]+)"[^>]*>Haustiere/.exec(start.text);
    expect(lebenslage).not.toBeNull();
    expect(main((await t.anonymous.get(lebenslage![1]!)).text)).toContain('Hund zur Hundesteuer anmelden');
  });
});

describe('GET /api/v1/antworten', () => {
  it('answers a question with the best Leistung, a short text, the office and the online service', async () => {
    const res = await t.anonymous.get('/api/v1/antworten').query({ q: 'Wie melde ich meinen Hund an?', ars: WANFRIED });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      ort: { ars: WANFRIED }, leistung: { bezeichnung: 'Hund zur Hundesteuer anmelden', leikaSchluessel: '99102013002000' },
      zustaendigeStelle: { name: 'Bürgerbüro Wanfried', anschrift: 'Marktstraße 2, 37281 Wanfried' },
      onlinedienst: { name: 'Hundeanmeldung Wanfried', url: expect.stringMatching(/\/go\//) },
    });
    expect(res.body.antwort.length).toBeLessThanOrEqual(300);
    expect(res.body.antwort).not.toMatch(/<[a-z]/);
  });

  it('keeps long texts to 300 characters and refuses bad questions', async () => {
    const long = 'Sehr langer Text über Bienenhaltung. '.repeat(30);
    const draft = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013998000', modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Bienenhaltung Anzeige' }] }, { leikaTextmodul: '06', inhalt: [{ languageCode: 'de', value: `<p>${long}</p>` }] }] }));
    await publish(t, 'leistungen', draft.id);
    const res = await t.anonymous.get('/api/v1/antworten').query({ q: 'Bienenhaltung' });
    expect(res.body.antwort.length).toBeLessThanOrEqual(300);
    expect(res.body.antwort.endsWith('…')).toBe(true);
    expect(res.body.ort).toBeNull();
    expect((await t.anonymous.get('/api/v1/antworten')).status).toBe(400);
    expect((await t.anonymous.get('/api/v1/antworten').query({ q: 'Hund', ars: '999999999999' })).status).toBe(400);
    const none = await t.anonymous.get('/api/v1/antworten').query({ q: 'Xylophonreparatur' });
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('not_found');
  });
});
