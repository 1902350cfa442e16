/// <reference lib="dom" />
/**
 * Browser tests: the app on a real port with the demo data and users, driven by Debian's
 * Chromium through playwright-core (no browser download), with axe-core for WCAG 2.1 AA.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { seedDemo, seedDemoUsers } from '../../src/seed/demo';
import { createTestApp, type TestApp } from './testApp';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Browser suites run where Chromium is installed (`.ci/run` installs it and sets REQUIRE_BROWSER,
 * so CI fails rather than skips); elsewhere they are skipped with a note from scripts/test.js.
 */
export const describeBrowser = existsSync(CHROMIUM) || process.env.REQUIRE_BROWSER ? describe : describe.skip;

export interface BrowserHarness {
  t: TestApp;
  base: string;
  browser: Browser;
  /** A fresh context (own cookies), with the app's Content-Security-Policy in force. */
  newPage(): Promise<{ page: Page; context: BrowserContext }>;
  close(): Promise<void>;
}

export async function startBrowserHarness(env: Record<string, string> = {}): Promise<BrowserHarness> {
  const t = await createTestApp(env);
  await seedDemo(t.database, t.config.schemeAgencyId);
  await seedDemoUsers(t.database);
  const server: Server = await new Promise((resolve) => { const s = t.app.listen(0, '127.0.0.1', () => resolve(s)); });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
  return {
    t, base, browser,
    async newPage() {
      const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
      return { page: await context.newPage(), context };
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    },
  };
}

export interface AxeViolation { id: string; impact: string; help: string; nodes: Array<{ target: string[]; html: string }> }

/** WCAG 2.1 A and AA rules of axe-core on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (which forbids inline scripts) stays on.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200) })) }));
}

/** With SCREENSHOTS_DIR set (`npm run screenshots`), saves a full-page screenshot there. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/redaktion/anmelden`);
  await page.getByLabel('Benutzername').fill(username);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(`${base}/redaktion`);
}
