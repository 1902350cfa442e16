/**
 * Server-rendered pages: Handlebars templates from templates/ (partials in templates/partials),
 * compiled once per process, every page inside templates/layout.hbs. Templates escape by default;
 * only HTML that went through the sanitiser is passed with triple braces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { format, MESSAGES, type Lang } from '../portal/i18n';

export const TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.hbs') ? [join(dir, e.name)] : []));
}

export interface PageModel {
  lang: Lang;
  title: string;
  /** Path with query of this page in the other language. */
  otherLangUrl?: string;
  canonical?: string;
  description?: string;
  jsonLd?: string;
  /** Area of the site: portal pages and the editor workspace have their own header. */
  area?: 'portal' | 'redaktion';
  bodyClass?: string;
  [key: string]: unknown;
}

export class Views {
  private readonly hbs = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();

  constructor(dir = TEMPLATES_DIR) {
    const h = this.hbs;
    h.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
      const lang = (options.data.root as PageModel).lang ?? 'de';
      const message = (MESSAGES[lang] as unknown as Record<string, unknown>)[key];
      return typeof message === 'string' ? format(message, options.hash as Record<string, string>) : key;
    });
    h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    h.registerHelper('not', (a: unknown) => !a);
    h.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
    h.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
    h.registerHelper('gt', (a: number, b: number) => a > b);
    h.registerHelper('add', (a: number, b: number) => a + b);
    const dates: Record<Lang, Intl.DateTimeFormat> = {
      de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }),
      en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }),
    };
    h.registerHelper('date', (value: unknown, options: Handlebars.HelperOptions) => {
      if (!value) return '';
      const lang = (options.data.root as PageModel).lang ?? 'de';
      return dates[lang].format(value instanceof Date ? value : new Date(String(value)));
    });
    // Partials are not re-indented line by line (their output stays as written: only whitespace differs).
    // Every helper is known when templates are compiled: calls go straight to them, without the
    // look-up of "is this a helper or a property" at each use (a template naming another fails to compile).
    const knownHelpers = Object.fromEntries(['t', 'eq', 'not', 'or', 'and', 'gt', 'add', 'date'].map((n) => [n, true]));
    const options = { strict: false, preventIndent: true, knownHelpers, knownHelpersOnly: true };
    for (const file of walk(dir)) {
      const name = relative(dir, file).replace(/\\/g, '/').replace(/\.hbs$/, '');
      const source = readFileSync(file, 'utf8');
      // Checked now, not at first use: a mistake (an unknown helper) shows at start-up.
      h.precompile(source, options);
      const template = h.compile(source, options);
      if (name.startsWith('partials/')) h.registerPartial(name.slice('partials/'.length), template);
      else this.pages.set(name, template);
    }
    if (!this.pages.has('layout')) throw new Error(`templates/layout.hbs missing in ${dir}`);
  }

  render(name: string, model: PageModel): string {
    const page = this.pages.get(name);
    if (!page) throw new Error(`no template ${name}`);
    const body = page(model);
    return this.pages.get('layout')!({ ...model, body });
  }

  /** A page template without the layout: a part of a page, rendered once and put into pages later (src/portal/leistungFragments.ts). */
  renderFragment(name: string, model: { lang: Lang; [key: string]: unknown }): string {
    const part = this.pages.get(name);
    if (!part) throw new Error(`no template ${name}`);
    return part(model);
  }

  send(res: Response, name: string, model: PageModel, status = 200): void {
    res.status(status).type('html').set('Content-Language', model.lang).send(this.render(name, model));
  }
}
