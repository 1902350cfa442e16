/// <reference lib="dom" />
/**
 * Journey in Chromium: the Landesredaktion registers another installation as a source, sees its
 * first run, and when the source's index suddenly lists only part of its files, reviews what would
 * vanish from the portal and confirms the deletions. axe-core checks each of the pages.
 */
import type { Page } from 'playwright-core';
import { zustaendigkeiten } from '../../src/db/schema';
import { longJobHandlers } from '../../src/jobs/handlers';
import { JobRunner } from '../../src/jobs/runner';
import { axeViolations, describeBrowser, screenshot, signIn, startBrowserHarness, type BrowserHarness } from '../helpers/browser';
import { faultProxy, SOURCE_AGENCY, startSourceSystem, type FaultProxy, type SourceSystem } from '../helpers/sourceSystem';
import { eq } from 'drizzle-orm';

let h: BrowserHarness;
let source: SourceSystem;
let proxy: FaultProxy;
beforeAll(async () => {
  if (describeBrowser === describe.skip) return;
  h = await startBrowserHarness({ SOURCE_ALLOW_PRIVATE: 'true' });
  source = await startSourceSystem();
  proxy = await faultProxy(source.url);
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await source?.close();
  await h?.close();
});

const drain = async () => { const r = new JobRunner(h.t.database, longJobHandlers(h.t.config), { batch: 1 }); while (await r.runOnce() > 0) { /* next */ } };
const mainText = (page: Page) => page.locator('main').innerText();
const fromSource = async () => (await h.t.database.db.select({ x: zustaendigkeiten.xzufiId }).from(zustaendigkeiten).where(eq(zustaendigkeiten.schemeAgencyId, SOURCE_AGENCY))).length;

describeBrowser('collecting from another installation', () => {
  it('registers a source, runs it, and confirms the deletions of a held run after reviewing them', async () => {
    const { page, context } = await h.newPage();
    await signIn(page, h.base, 'landesredaktion', 'landesredaktion-demo-2026');
    await page.getByRole('navigation').getByRole('link', { name: 'Quellen' }).click();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Name *').fill('Darmstadt');
    await page.getByLabel(/Sammlerdienst/).check();
    await page.getByLabel(/^Adresse/).fill(`${proxy.url}/xzufi/v1/index.txt`);
    await page.getByLabel(/^Redaktionskennungen/).fill(SOURCE_AGENCY);
    await page.getByLabel('Bearer-Token', { exact: true }).check();
    await page.getByLabel('Token (Bearer)').fill(source.token);
    await page.getByRole('button', { name: 'Anlegen und jetzt abrufen' }).click();
    await expect(page.locator('.success').innerText()).resolves.toContain('Quelle angelegt');
    await drain();
    await page.reload();
    await expect(page.locator('#laeufe').innerText()).resolves.toContain('erfolgreich');
    expect(await mainText(page)).not.toContain(source.token);
    expect(await axeViolations(page)).toEqual([]);
    const before = await fromSource();
    expect(before).toBeGreaterThan(200);

    // The source's index suddenly lists only its first two files.
    proxy.fault = { index: (l) => l.slice(0, 2) };
    await page.getByRole('button', { name: 'Jetzt abrufen' }).click();
    await drain();
    proxy.fault = {};
    await page.goto(`${h.base}/redaktion`);
    await page.locator('#quellen-hinweise').getByRole('link', { name: 'Darmstadt' }).click();
    await expect(mainText(page)).resolves.toContain('Es würden mehr Objekte gelöscht, als die Grenze der Quelle erlaubt.');
    await expect(mainText(page)).resolves.toMatch(/Würde aus dem Portal verschwinden: .*Zuständigkeiten/);
    expect(await fromSource()).toBe(before);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'journey-quelle-angehalten');
    await page.getByRole('button', { name: /^Bestätigen: diese \d+ Objekte löschen$/ }).click();
    await expect(page.locator('.success').innerText()).resolves.toContain('Löschungen bestätigt und ausgeführt.');
    await expect(page.locator('#lauf-status').innerText()).resolves.toBe('Löschungen bestätigt');
    expect(await fromSource()).toBe(0);
    await context.close();
  });
});
