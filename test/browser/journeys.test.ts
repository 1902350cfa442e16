/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { axeViolations, describeBrowser, screenshot, signIn, startBrowserHarness, type BrowserHarness } from '../helpers/browser';
import { PRODUKT } from '../../src/syndication/produkt';
import { encodeMessage } from '../../src/xzufi/message';

let h: BrowserHarness;
beforeAll(async () => { if (describeBrowser !== describe.skip) h = await startBrowserHarness(); });
afterAll(async () => { await h?.close(); });

const mainText = (page: Page) => page.locator('main').innerText();

describeBrowser('journeys in Chromium', () => {
  it('a citizen searches "Hund" in Wanfried and finds Hundesteuer with the right office', async () => {
    const { page, context } = await h.newPage();
    await page.goto(h.base);
    await page.getByLabel('Was möchten Sie erledigen?').fill('Hund');
    await page.getByLabel('Ort, PLZ oder Regionalschlüssel').fill('Wanfried');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.waitForURL(/\/suche\?/);
    const first = page.locator('li.result').first();
    await expect(first.innerText()).resolves.toContain('Bürgerbüro Wanfried');
    await first.getByRole('link', { name: 'Hund zur Hundesteuer anmelden' }).click();
    await page.waitForURL(/\/leistungen\/[0-9a-f-]+\?ars=066360013013/);
    const text = await mainText(page);
    expect(text).toContain('Ansprechpartner / Zuständige Stelle');
    expect(text).toContain('Marktstraße 2');
    expect(text).toContain('In Wanfried beträgt die Hundesteuer');
    await screenshot(page, 'journey-buerger-hundesteuer');
    await context.close();
  });

  it('a municipal editor localises a Leistung and publishes it', async () => {
    const { page, context } = await h.newPage();
    await signIn(page, h.base, 'kommune-wanfried', 'wanfried-demo-2026');
    await page.getByRole('navigation').getByRole('link', { name: 'Leistungen' }).click();
    await page.getByRole('link', { name: 'Meldebescheinigung beantragen' }).click();
    await page.getByRole('link', { name: 'Für meine Kommune ergänzen' }).click();
    await expect(mainText(page)).resolves.toContain('Inhalt der Landesleistung (nur lesen)');
    await page.locator('summary', { hasText: '16 Hinweise' }).click();
    await page.locator('#modulText__16__de + .rte .rte-content').fill('In Wanfried auch samstags im Bürgerbüro.');
    await page.getByRole('button', { name: 'Entwurf anlegen' }).first().click();
    await expect(page.locator('.success').innerText()).resolves.toContain('Entwurf angelegt');
    await screenshot(page, 'journey-kommune-spezialisierung');
    await page.getByRole('button', { name: 'Veröffentlichen', exact: true }).click();
    await expect(page.locator('.metabox').innerText()).resolves.toContain('Veröffentlicht');
    await page.goto(`${h.base}/suche?q=Meldebescheinigung&ort=37281`);
    await page.getByRole('link', { name: 'Meldebescheinigung beantragen' }).first().click();
    await expect(mainText(page)).resolves.toContain('In Wanfried auch samstags im Bürgerbüro.');
    await context.close();
  });

  it('a municipality wires office and Zuständigkeit from the Leistung page with pickers, and the portal shows it', async () => {
    const { page, context } = await h.newPage();
    await signIn(page, h.base, 'kommune-wanfried', 'wanfried-demo-2026');
    await page.goto(`${h.base}/redaktion/leistungen?q=Wahlschein`);
    await page.getByRole('link', { name: 'Wahlschein und Briefwahl beantragen' }).click();
    await page.getByRole('link', { name: 'Zuständigkeit anlegen' }).click();
    expect(await page.getByLabel('Leistung *').inputValue()).toBe('Wahlschein und Briefwahl beantragen');
    // The office by a few letters, from the suggestions (keyboard: arrow down, Enter).
    const office = page.getByRole('combobox', { name: 'Organisationseinheit' });
    await office.pressSequentially('Bürgerbüro Wan');
    await page.getByRole('option', { name: /Bürgerbüro Wanfried/ }).waitFor();
    await office.press('ArrowDown');
    await office.press('Enter');
    expect(await office.inputValue()).toBe('Bürgerbüro Wanfried');
    // The Gebiet is preset to the municipality; typed as a PLZ it is the same.
    const gebiet = page.getByRole('combobox', { name: 'Gebiet *' });
    expect(await gebiet.inputValue()).toMatch(/Wanfried.*\(066360013013\)/);
    await gebiet.fill('');
    await gebiet.pressSequentially('37281');
    await page.getByRole('option', { name: /Wanfried/ }).click();
    await page.getByRole('button', { name: 'Entwurf anlegen' }).first().click();
    await expect(page.locator('.success').innerText()).resolves.toContain('Entwurf angelegt');
    expect(await page.getByLabel('Organisationseinheit').inputValue()).toBe('Bürgerbüro Wanfried');
    await page.getByRole('button', { name: 'Veröffentlichen', exact: true }).click();
    await expect(page.locator('.success').innerText()).resolves.toContain('Veröffentlicht');
    await screenshot(page, 'journey-kommune-zustaendigkeit');
    // The citizen's view: Wahlschein in Wanfried names the office.
    await page.goto(`${h.base}/suche?q=Wahlschein&ort=37281`);
    await expect(page.locator('li.result').first().innerText()).resolves.toContain('Bürgerbüro Wanfried');
    await context.close();
  });

  it('an admin sets up a new municipality — tenant, user, token — and the token and the sign-in work', async () => {
    const { page, context } = await h.newPage();
    await signIn(page, h.base, 'admin', 'admin-demo-2026');
    await page.getByRole('navigation').getByRole('link', { name: 'Verwaltung' }).click();
    // The tenant: its area typed as a PLZ.
    await page.getByLabel('Kennung *').fill('kommune-sontra');
    await page.getByLabel('Name *', { exact: true }).fill('Stadt Sontra');
    await page.getByLabel('Art *').selectOption('kommune');
    await page.getByLabel('Gebiet (Ort, PLZ oder Regionalschlüssel)').fill('36205');
    await page.getByRole('button', { name: 'Mandant speichern' }).click();
    expect(await page.locator('.success').innerText()).toContain('Mandant Stadt Sontra angelegt');
    expect(await page.locator('table').first().innerText()).toMatch(/kommune-sontra\s+Stadt Sontra\s+Kommune\s+066360011011/);
    // A user of it; a too short password first.
    await page.getByLabel('Benutzername *').fill('sontra.redaktion');
    await page.getByLabel('Vollständiger Name').fill('Redaktion Sontra');
    await page.locator('#benutzer-tenant').selectOption('kommune-sontra');
    await page.locator('#benutzer-role').selectOption('kommunalredakteur');
    await page.getByLabel('Erstes Passwort *').fill('kurz');
    await page.getByRole('button', { name: 'Benutzer anlegen' }).click();
    expect(await page.locator('.error-summary').innerText()).toContain('Das Passwort braucht mindestens 12 Zeichen.');
    await page.getByLabel('Erstes Passwort *').fill('sontra-passwort-2026');
    await page.getByRole('button', { name: 'Benutzer anlegen' }).click();
    expect(await page.locator('.success').innerText()).toContain('Benutzer sontra.redaktion angelegt');
    // A token for the municipality's own system, shown once.
    await page.getByLabel('Bezeichnung', { exact: true }).fill('Fachverfahren Sontra');
    await page.locator('#token-tenant').selectOption('kommune-sontra');
    await page.locator('#token-role').selectOption('kommunalredakteur');
    await page.getByRole('button', { name: 'Token erstellen' }).click();
    const secret = await page.getByLabel('Token', { exact: true }).inputValue();
    expect(secret.length).toBeGreaterThan(20);
    await screenshot(page, 'journey-admin-verwaltung');
    const created = await fetch(`${h.base}/api/v1/organisationseinheiten`, {
      method: 'POST', headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: [{ languageCode: 'de', value: 'Bürgerbüro Sontra' }], anschrift: [{ typ: '002', ort: 'Sontra', ars: '066360011011' }] }),
    });
    expect(created.status).toBe(201);
    await context.close();
    // The new user signs in and finds the office the token created among its own.
    const user = await h.newPage();
    await signIn(user.page, h.base, 'sontra.redaktion', 'sontra-passwort-2026');
    await user.page.goto(`${h.base}/redaktion/organisationseinheiten`);
    expect(await user.page.locator('main table').innerText()).toContain('Bürgerbüro Sontra');
    await user.context.close();
  });

  it('the Landesredaktion changes a master text and the municipality sees the notice', async () => {
    const land = await h.newPage();
    await signIn(land.page, h.base, 'landesredaktion', 'landesredaktion-demo-2026');
    await land.page.goto(`${h.base}/redaktion/leistungen?q=Hundesteuer`);
    await land.page.getByRole('link', { name: 'Hund zur Hundesteuer anmelden' }).click();
    const volltext = land.page.locator('#modulText__06__de + .rte .rte-content');
    await volltext.fill('Ab 2027 gilt eine landesweit einheitliche Hundesteuermarke.');
    await land.page.getByRole('button', { name: 'Entwurf speichern' }).first().click();
    for (const button of ['Zur Prüfung einreichen', 'Fachlich freigeben', 'Veröffentlichen']) {
      await land.page.getByRole('button', { name: button, exact: true }).click();
      await land.page.waitForSelector('.success');
    }
    await expect(land.page.locator('.metabox').innerText()).resolves.toContain('Veröffentlicht');
    await land.context.close();

    const kommune = await h.newPage();
    await signIn(kommune.page, h.base, 'kommune-wanfried', 'wanfried-demo-2026');
    await expect(kommune.page.locator('#h-notices').innerText()).resolves.toContain('(1)');
    await kommune.page.getByRole('link', { name: 'Hund zur Hundesteuer anmelden' }).click();
    await expect(mainText(kommune.page)).resolves.toContain('einheitliche');
    await screenshot(kommune.page, 'journey-kommune-mitteilung');
    await kommune.page.getByRole('button', { name: 'Geprüft – zur Kenntnis genommen' }).click();
    await expect(kommune.page.locator('#h-notices').innerText()).resolves.toContain('(0)');
    await kommune.context.close();
  });

  it('rich text: bold, a list and a link typed in the editor end as the same sanitised HTML in the XZuFi export', async () => {
    const { page, context } = await h.newPage();
    await signIn(page, h.base, 'landesredaktion', 'landesredaktion-demo-2026');
    await page.goto(`${h.base}/redaktion/leistungen?q=Wahlschein`);
    await page.getByRole('link', { name: 'Wahlschein und Briefwahl beantragen' }).click();
    const id = /\/redaktion\/leistungen\/([0-9a-f-]+)/.exec(page.url())![1]!;
    const editor = page.locator('#modulText__06__de + .rte .rte-content');
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('Wichtig: ');
    await page.keyboard.press('Control+B');
    await page.keyboard.type('Frist beachten');
    await page.keyboard.press('Control+B');
    await page.keyboard.press('Enter');
    await page.getByRole('toolbar', { name: /06 Volltext – Deutsch/ }).getByRole('button', { name: 'Aufzählung' }).click();
    await page.keyboard.type('Wahlbenachrichtigung');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Ausweis');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // an empty item ends the list
    await page.keyboard.type('Mehr im Portal');
    for (let i = 0; i < 'Portal'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
    page.once('dialog', (dialog) => void dialog.accept('https://wahlen.example/briefwahl'));
    await page.getByRole('toolbar', { name: /06 Volltext – Deutsch/ }).getByRole('button', { name: 'Link' }).click();
    // No tag is shown while editing; the field holds the HTML.
    expect(await editor.innerText()).not.toContain('<');
    const html = '<p>Wichtig: <strong>Frist beachten</strong></p><ul><li>Wahlbenachrichtigung</li><li>Ausweis</li></ul><p>Mehr im <a href="https://wahlen.example/briefwahl">Portal</a></p>';
    expect(await page.locator('#modulText__06__de').inputValue()).toBe(html);
    await screenshot(page, 'journey-richtext');
    await page.getByRole('button', { name: 'Entwurf speichern' }).first().click();
    await expect(page.locator('.success').innerText()).resolves.toContain('Entwurf gespeichert');
    for (const button of ['Zur Prüfung einreichen', 'Fachlich freigeben', 'Veröffentlichen']) await page.getByRole('button', { name: button, exact: true }).click();
    await expect(page.locator('.metabox').innerText()).resolves.toContain('Veröffentlicht');
    await context.close();
    // Stored as sent, and so in the feed's XML.
    const stored = (await h.t.api.get(`/api/v1/leistungen/${id}`)).body;
    expect(stored.modulText.find((m: { leikaTextmodul: string }) => m.leikaTextmodul === '06').inhalt.find((i: { languageCode: string }) => i.languageCode === 'de').value).toBe(html);
    let xml = '';
    for (let cursor = '', page = 0; page < 50; page++) {
      const res = await h.t.api.get(`/xzufi/v1/changes?limit=500${cursor ? `&since=${cursor}` : ''}`);
      xml += res.text;
      cursor = res.headers['xzufi-next-cursor'] as string;
      if (res.headers['xzufi-complete'] === 'true') break;
    }
    const decoded = xml.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(decoded).toContain(html);
  });

  it('asks before leaving a form with unsaved changes, not after saving', async () => {
    const { page, context } = await h.newPage();
    await signIn(page, h.base, 'kommune-wanfried', 'wanfried-demo-2026');
    await page.goto(`${h.base}/redaktion/organisationseinheiten?q=Wanfried`);
    await page.getByRole('link', { name: 'Bürgerbüro Wanfried' }).first().click();
    await page.waitForLoadState('load'); // the page's scripts are in place
    await page.locator('#oeffnungszeiten_hinweis__de').fill('Am 24.12. geschlossen');
    // The click returns once the question is answered (dismissed: stay).
    const asked: string[] = [];
    page.once('dialog', (d) => { asked.push(d.type()); void d.dismiss(); });
    await page.getByRole('link', { name: 'Übersicht' }).first().click();
    expect(asked).toEqual(['beforeunload']);
    expect(page.url()).toMatch(/\/redaktion\/organisationseinheiten\//); // stayed
    await page.getByRole('button', { name: 'Entwurf speichern' }).first().click();
    await page.waitForSelector('.success');
    const later: string[] = [];
    page.on('dialog', (d) => { later.push(d.type()); void d.dismiss(); });
    await page.getByRole('link', { name: 'Übersicht' }).first().click();
    await page.waitForURL(`${h.base}/redaktion`);
    expect(later).toEqual([]);
    await context.close();
  });

  it('a new master text of Typisierung 2/3: the Landesredaktion creates it from the catalogue, the Fachressort approves, the Landesredaktion publishes', async () => {
    const land = await h.newPage();
    await signIn(land.page, h.base, 'landesredaktion', 'landesredaktion-demo-2026');
    await land.page.getByRole('navigation').getByRole('link', { name: 'Leistungen' }).click();
    await land.page.getByRole('link', { name: 'Neu anlegen' }).click();
    await land.page.getByLabel('Bezeichnung oder Schlüssel').fill('Personalausweis Meldung wegen Verlust');
    await land.page.getByRole('button', { name: 'Suchen', exact: true }).click();
    await land.page.getByRole('link', { name: /^Personalausweis Meldung wegen Verlust/ }).first().click();
    expect(await land.page.locator('#modulText__02__de').inputValue()).toBe('Personalausweis Meldung wegen Verlust');
    expect(await land.page.locator('#typisierung__2').isChecked()).toBe(true);
    const editor = land.page.locator('#modulText__06__de + .rte .rte-content');
    await editor.click();
    await land.page.keyboard.type('Wer seinen Personalausweis verloren hat, meldet den Verlust unverzüglich der Personalausweisbehörde.');
    await land.page.getByRole('button', { name: 'Entwurf anlegen' }).first().click();
    await expect(land.page.locator('.success').innerText()).resolves.toContain('angelegt');
    const url = land.page.url().split('?')[0]!;
    await land.page.getByRole('button', { name: 'Zur Prüfung einreichen', exact: true }).click();
    await expect(land.page.locator('.metabox').innerText()).resolves.toContain('In Prüfung');
    // The Fachressort (Leistungsgruppierung 008) finds it and approves it.
    const ressort = await h.newPage();
    await signIn(ressort.page, h.base, 'fachressort-innen', 'fachressort-demo-2026');
    await ressort.page.goto(url);
    await ressort.page.getByRole('button', { name: 'Fachlich freigeben', exact: true }).click();
    await expect(ressort.page.locator('.metabox').innerText()).resolves.toContain('Freigegeben');
    await ressort.context.close();
    // Published before any Kommune has a Zuständigkeit: a note, not a refusal.
    await land.page.goto(url);
    await land.page.getByRole('button', { name: 'Veröffentlichen', exact: true }).click();
    await expect(land.page.locator('.metabox').innerText()).resolves.toContain('Veröffentlicht');
    expect(await land.page.locator('main').innerText()).toMatch(/Zuständigkeit/);
    await screenshot(land.page, 'journey-stammtext-veroeffentlicht');
    await land.context.close();
    const citizen = await h.newPage();
    await citizen.page.goto(`${h.base}/suche?q=Personalausweis+Verlust`);
    await expect(citizen.page.locator('main').innerText()).resolves.toContain('Personalausweis Meldung wegen Verlust');
    await citizen.context.close();
  });

  it('an XZuFi upload runs as a job and shows its report, with the faulty object named', async () => {
    const { page, context } = await h.newPage();
    await signIn(page, h.base, 'landesredaktion', 'landesredaktion-demo-2026');
    await page.getByRole('navigation').getByRole('link', { name: 'XZuFi' }).click();
    const office = (id: string, name: string, ars: string) => ({ op: 'schreibe' as const, object: { klasse: 'Organisationseinheit' as const, id: { schemeAgencyID: 'S06000', id }, content: { name: [{ languageCode: 'de', value: name }], anschrift: [{ typ: '002', ort: 'Wanfried', ars }] } } });
    const xml = encodeMessage(PRODUKT, { nachrichtUUID: crypto.randomUUID(), erstelltDatumZeit: new Date().toISOString() }, [
      office('OE-BROWSER-1', 'Amt aus der Datei', '066360013013'), office('OE-BROWSER-2', 'Amt ohne Gebiet', '999999999999'),
    ]);
    await page.getByLabel('XZuFi-Datei *').setInputFiles({ name: 'aemter-wanfried.xml', mimeType: 'application/xml', buffer: Buffer.from(xml) });
    await page.getByLabel('fehlerhafte Objekte überspringen, die übrigen speichern').check();
    await page.getByRole('button', { name: 'Hochladen und importieren' }).click();
    // The job page refreshes itself until the report is there.
    await page.waitForSelector('#report-h', { timeout: 30_000 });
    expect(await page.locator('[role=status]').first().innerText()).toContain('Teilweise übernommen');
    expect(await page.locator('#counts').innerText()).toMatch(/Organisationseinheiten\s+1\s+0\s+0\s+0\s+1/);
    expect(await page.locator('#errors').innerText()).toContain('OE-BROWSER-2');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'journey-xzufi-bericht');
    // Back on the XZuFi page the upload is listed by its file name.
    await page.getByRole('link', { name: /XZuFi-Import und -Export/ }).click();
    expect(await page.locator('main table').first().innerText()).toContain('aemter-wanfried.xml');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'redaktion-xzufi');
    await context.close();
  });

  it('shows the languages of a text as tabs, German first, English a click or an arrow key away', async () => {
    const { page, context } = await h.newPage();
    await signIn(page, h.base, 'landesredaktion', 'landesredaktion-demo-2026');
    await page.goto(`${h.base}/redaktion/organisationseinheiten`);
    await page.getByRole('link', { name: 'Bürgerbüro Wanfried' }).click();
    const tabs = page.getByRole('tablist', { name: /^Name \*: Sprache/ });
    await expect(tabs.getByRole('tab', { name: /Deutsch/ }).getAttribute('aria-selected')).resolves.toBe('true');
    expect(await page.locator('#name__de').isVisible()).toBe(true);
    expect(await page.locator('#name__en').isVisible()).toBe(false);
    await tabs.getByRole('tab', { name: /English/ }).click();
    expect(await page.locator('#name__en').isVisible()).toBe(true);
    await page.locator('#name__en').fill('Citizens\' office Wanfried');
    await tabs.getByRole('tab', { name: /English/ }).press('ArrowLeft');
    expect(await page.locator('#name__de').isVisible()).toBe(true);
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toMatch(/Deutsch/);
    await page.getByRole('button', { name: 'Entwurf speichern' }).first().click();
    await expect(page.locator('.success').innerText()).resolves.toContain('gespeichert');
    // A filled English version is marked in its tab, and stored.
    await expect(page.getByRole('tablist', { name: /^Name \*: Sprache/ }).getByRole('tab', { name: /English/ }).getAttribute('class')).resolves.toContain('filled');
    const id = /\/organisationseinheiten\/([0-9a-f-]+)/.exec(page.url())![1]!;
    const stored = (await h.t.api.get(`/api/v1/organisationseinheiten/${id}`)).body;
    expect(stored.name).toEqual(expect.arrayContaining([{ languageCode: 'en', value: 'Citizens\' office Wanfried' }]));
    await context.close();
  });

  it('keyboard only: sign in, edit, publish — with visible focus all the way', async () => {
    const { page, context } = await h.newPage();
    await page.goto(`${h.base}/redaktion/anmelden`);
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return { text: '', outline: 'none', id: '' };
      const style = getComputedStyle(el);
      return { text: (el.innerText || el.getAttribute('aria-label') || (el as HTMLInputElement).value || '').trim(), id: el.id, outline: style.outlineStyle, tag: el.tagName };
    });
    /** Tabs until the focused element matches; every stop must show its focus. */
    const tabTo = async (match: (f: { text: string; id: string }) => boolean) => {
      for (let i = 0; i < 400; i++) {
        await page.keyboard.press('Tab');
        const f = await focused();
        if (f.outline === 'none') throw new Error(`focus not visible on ${JSON.stringify(f)}`);
        if (match(f)) return;
      }
      throw new Error('element not reachable by keyboard');
    };
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Zum Inhalt springen');
    await tabTo((f) => f.id === 'username');
    await page.keyboard.type('kommune-wanfried');
    await tabTo((f) => f.id === 'password');
    await page.keyboard.type('wanfried-demo-2026');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${h.base}/redaktion`);
    await tabTo((f) => f.text === 'Organisationseinheiten');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/redaktion\/organisationseinheiten$/);
    await tabTo((f) => f.text === 'Bürgerbüro Wanfried');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/redaktion\/organisationseinheiten\/[0-9a-f-]+$/);
    await tabTo((f) => f.id === 'name__de');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Bürgerbüro der Stadt Wanfried');
    await tabTo((f) => f.text === 'Entwurf speichern');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.success');
    await tabTo((f) => f.text === 'Veröffentlichen');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.success');
    await expect(page.locator('.metabox').innerText()).resolves.toContain('Veröffentlicht');
    await context.close();
    const check = await h.newPage();
    await check.page.goto(`${h.base}/suche?q=Hund&ort=Wanfried`);
    await expect(check.page.locator('li.result').first().innerText()).resolves.toContain('Bürgerbüro der Stadt Wanfried');
    await check.context.close();
  });
});
