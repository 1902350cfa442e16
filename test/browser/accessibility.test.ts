import { sql } from 'drizzle-orm';
import { axeViolations, describeBrowser, screenshot, signIn, startBrowserHarness, type BrowserHarness } from '../helpers/browser';
import { WANFRIED } from '../helpers/factories';

let h: BrowserHarness;
beforeAll(async () => { if (describeBrowser !== describe.skip) h = await startBrowserHarness(); });
afterAll(async () => { await h?.close(); });

const uuid = async (table: string, xzufiId: string) => (await h.t.database.db.execute(sql`SELECT uuid FROM ${sql.raw(table)} WHERE xzufi_id = ${xzufiId}`) as unknown as { rows: Array<{ uuid: string }> }).rows[0]!.uuid;

/** Every page type of the portal and the workspace: 0 axe violations of WCAG 2.1 A/AA. */
describeBrowser('accessibility (axe-core, WCAG 2.1 AA) in Chromium', () => {
  it('the check finds violations where there are some', async () => {
    const { page, context } = await h.newPage();
    await page.setContent('<!DOCTYPE html><html><head><title>x</title></head><body><main><img src="x.png"><input type="text"><a href="#"></a><p style="color:#bbb;background:#fff">grau</p></main></body></html>');
    const ids = (await axeViolations(page)).map((v) => v.id).sort();
    await context.close();
    expect(ids).toEqual(expect.arrayContaining(['color-contrast', 'html-has-lang', 'image-alt', 'label', 'link-name']));
  });

  it('portal pages', async () => {
    const hund = await uuid('leistungen', 'L-HUNDESTEUER');
    const tiere = await uuid('kategorien', 'K-TIERE');
    const pages: Array<[string, string]> = [
      ['portal-start', '/'],
      ['portal-start-en', '/?lang=en'],
      ['portal-suche', `/suche?q=Hund&ort=Wanfried`],
      ['portal-suche-mehrdeutig', `/suche?q=Hund&ort=Homberg`],
      ['portal-suche-leer', `/suche?q=Xylophon`],
      ['portal-leistung', `/leistungen/${hund}?ars=${WANFRIED}`],
      ['portal-leistung-en', `/leistungen/${hund}?ars=${WANFRIED}&lang=en`],
      ['portal-leistung-druck', `/leistungen/${hund}?ars=${WANFRIED}&druck=1`],
      ['portal-lebenslage', `/lebenslagen/${tiere}`],
      ['portal-404', '/leistungen/00000000-0000-4000-8000-000000000000'],
    ];
    const { page, context } = await h.newPage();
    const found: Record<string, unknown> = {};
    for (const [name, path] of pages) {
      const res = await page.goto(`${h.base}${path}`);
      expect(res!.status()).toBe(name === 'portal-404' ? 404 : 200);
      const violations = await axeViolations(page);
      if (violations.length) found[name] = violations;
      await screenshot(page, name);
    }
    await context.close();
    expect(found).toEqual({});
  });

  it('workspace pages', async () => {
    const hund = await uuid('leistungen', 'L-HUNDESTEUER');
    const oe = await uuid('organisationseinheiten', 'OE-WANFRIED');
    const spez = (await h.t.database.db.execute(sql`SELECT uuid FROM spezialisierungen ORDER BY seq LIMIT 1`) as unknown as { rows: Array<{ uuid: string }> }).rows[0]!.uuid;
    const { page, context } = await h.newPage();
    await page.goto(`${h.base}/redaktion/anmelden`);
    const found: Record<string, unknown> = {};
    const check = async (name: string) => {
      const violations = await axeViolations(page);
      if (violations.length) found[name] = violations;
      await screenshot(page, name);
    };
    await check('redaktion-anmelden');
    // The error summary after a failed sign-in.
    await page.getByLabel('Benutzername').fill('landesredaktion');
    await page.getByLabel('Passwort').fill('falsch');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForSelector('.error-summary');
    await check('redaktion-anmelden-fehler');
    await signIn(page, h.base, 'landesredaktion', 'landesredaktion-demo-2026');
    const antrag = (await h.t.api.post('/api/v1/leika-requests').send({ proposedName: 'Hundeführerschein Anerkennung', leistungsgruppierung: '102', justification: 'Neue Satzung' })).body.id as string;
    const pages: Array<[string, string]> = [
      ['redaktion-uebersicht', '/redaktion'],
      ['redaktion-leistungen', '/redaktion/leistungen'],
      ['redaktion-leistung', `/redaktion/leistungen/${hund}`],
      ['redaktion-leistung-en', `/redaktion/leistungen/${hund}?lang=en`],
      ['redaktion-organisationseinheit', `/redaktion/organisationseinheiten/${oe}`],
      ['redaktion-spezialisierung', `/redaktion/spezialisierungen/${spez}`],
      ['redaktion-neu', '/redaktion/onlinedienste/neu'],
      ['redaktion-versionen', `/redaktion/leistungen/${hund}/versionen`],
      ['redaktion-vorschau', `/redaktion/leistungen/${hund}/vorschau`],
      ['redaktion-ozg', '/redaktion/ozg'],
      ['redaktion-ozg-aufgaben', '/redaktion/ozg?aufgaben=066360000000&themenfeld=Engagement+%26+Hobby'],
      ['redaktion-ozg-leistung', '/redaktion/ozg/10160'],
      ['redaktion-zustaendigkeit-neu', `/redaktion/zustaendigkeiten/neu?leistung=${hund}`],
      ['redaktion-leistung-neu-leika', '/redaktion/leistungen/neu?leikaSuche=Hundehaltung'],
      ['redaktion-leistung-neu-aus-katalog', '/redaktion/leistungen/neu?leika=99110009104000'],
      ['redaktion-xzufi-gebiet', '/redaktion/xzufi?gebiet=Wanfried'],
      ['redaktion-leika-antraege', '/redaktion/leika-antraege'],
      ['redaktion-webhooks', '/redaktion/webhooks'],
      ['redaktion-leika-antrag', `/redaktion/leika-antraege/${antrag}`],
    ];
    for (const [name, path] of pages) {
      const res = await page.goto(`${h.base}${path}`);
      expect(res!.status()).toBe(200);
      await check(name);
    }
    // A form sent back with errors: summary, fields marked.
    await page.goto(`${h.base}/redaktion/onlinedienste/neu`);
    await page.getByRole('button', { name: 'Entwurf anlegen' }).first().click();
    await page.waitForSelector('.error-summary');
    await check('redaktion-formular-fehler');
    // The pickers: the suggestion list open, and the choice of the search step.
    await page.goto(`${h.base}/redaktion/zustaendigkeiten/neu?leistung=${hund}`);
    // Verwaltung (as admin): the page, and after an error.
    const adminPage = await h.newPage();
    await signIn(adminPage.page, h.base, 'admin', 'admin-demo-2026');
    await adminPage.page.goto(`${h.base}/redaktion/verwaltung`);
    for (const v of await axeViolations(adminPage.page)) found[`redaktion-verwaltung ${v.id}`] = v;
    await screenshot(adminPage.page, 'redaktion-verwaltung');
    await adminPage.page.getByRole('button', { name: 'Mandant speichern' }).click();
    await adminPage.page.waitForSelector('.error-summary');
    for (const v of await axeViolations(adminPage.page)) found[`redaktion-verwaltung-fehler ${v.id}`] = v;
    await adminPage.context.close();
    await page.locator('#gebietID__text').fill('');
    await page.locator('#gebietID__text').pressSequentially('Franken');
    await page.waitForSelector('.picker-list li');
    await check('redaktion-auswahl-vorschlaege');
    await page.locator('#gebietID__text').press('Escape');
    await page.getByRole('button', { name: 'Entwurf anlegen' }).first().click();
    await page.waitForSelector('fieldset.choices');
    await check('redaktion-auswahl-mehrdeutig');
    await context.close();
    expect(found).toEqual({});
  }, 180_000);

  it.each([375, 320])('fits a %i px phone without horizontal scrolling', async (phone) => {
    const hund = await uuid('leistungen', 'L-HUNDESTEUER');
    const oe = await uuid('organisationseinheiten', 'OE-WANFRIED');
    const context = await h.browser.newContext({ locale: 'de-DE', viewport: { width: phone, height: 800 } });
    const page = await context.newPage();
    await signIn(page, h.base, 'admin', 'admin-demo-2026');
    const wide: Record<string, number> = {};
    for (const [name, path] of [
      ['phone-uebersicht', '/redaktion'], ['phone-leistungen', '/redaktion/leistungen'], ['phone-leistung', `/redaktion/leistungen/${hund}`],
      ['phone-organisationseinheit', `/redaktion/organisationseinheiten/${oe}`], ['phone-zustaendigkeit-neu', `/redaktion/zustaendigkeiten/neu?leistung=${hund}`],
      ['phone-verwaltung', '/redaktion/verwaltung'], ['phone-ozg', '/redaktion/ozg'], ['phone-xzufi', '/redaktion/xzufi'],
      ['phone-versionen', `/redaktion/leistungen/${hund}/versionen`], ['phone-leika-antraege', '/redaktion/leika-antraege'], ['phone-webhooks', '/redaktion/webhooks'], ['phone-portal-suche', '/suche?q=Hund&ort=Wanfried'],
    ] as Array<[string, string]>) {
      await page.goto(`${h.base}${path}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > phone) wide[name] = width;
      await screenshot(page, phone === 375 ? name : `${name}-${phone}`);
    }
    await context.close();
    expect(wide).toEqual({});
  }, 120_000);
});
