/**
 * The citizen portal (server-rendered, works without JavaScript): start page with one search and
 * the Lebenslagen, search results with the responsible office per place, the service page with its
 * print view, JSON-LD, sitemap, click counting for online services, and `GET /api/v1/antworten`
 * for apps and chatbots.
 */
import { publicBaseUrl } from '../http/publicUrl';
import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Db } from '../db/client';
import {
  leistungenOfKategorie, publishedKategorie, publishedKategorien, publishedOnlinedienst, landPrefix, recordClick, sitemapEntries,
} from '../db/portalStore';
import { canonicalArs } from '../gebiet/ars';
import { findGebiet } from '../gebiet/repository';
import type { AppDeps } from '../http/deps';
import { queryParams } from '../http/pagination';
import type { PageModel, Views } from '../http/views';
import { PortalCache } from './cache';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/references';
import { format, langOf, localized, MESSAGES, type Lang } from './i18n';
import { cutText, leistungTitle, shortText } from './leistungPage';
import { leistungView, MasterCache } from './leistungFragments';
import { dienstOf, placeParts } from './placeParts';
import type { LeistungSummary, PortalReadModel } from './readModel';
import { resolvePlace, searchPortal, type Place } from './search';

const PAGE_SIZE = 20;

/** The address users see: PUBLIC_URL, else the request's own. */
export function baseUrl(deps: AppDeps, req: Request): string {
  return publicBaseUrl(deps.config, req);
}

/** Query string carrying the place and the language along (`?ars=…&lang=en`), or ''. */
function carry(place: Place | undefined, lang: Lang): string {
  const p = new URLSearchParams();
  if (place) p.set('ars', place.ars);
  if (lang === 'en') p.set('lang', 'en');
  const s = p.toString();
  return s ? `?${s}` : '';
}

function otherLang(req: Request, lang: Lang): string {
  const [path, query = ''] = req.originalUrl.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  if (lang === 'en') params.delete('lang');
  else params.set('lang', 'en');
  const rest = params.toString();
  return rest ? `${path}?${rest}` : path;
}

async function placeFromArs(db: Db, raw: string | undefined): Promise<Place | undefined> {
  if (!raw || !/^\d{12}$/.test(raw)) return undefined;
  const g = await findGebiet(db, raw);
  return g ? { ars: g.ars, name: g.name, canonical: canonicalArs(g.ars) } : undefined;
}

async function gebietNames(db: Db, ars: string[]): Promise<string[]> {
  const names: string[] = [];
  for (const key of ars) {
    const g = await findGebiet(db, key.length === 12 ? key : key.padEnd(12, '0'));
    names.push(g?.name ?? key);
  }
  return names;
}

/** The Leistung's short text in the reader's language (else German), at most `max` characters. */
function teaser(l: LeistungSummary, lang: Lang, max: number): string | undefined {
  const source = l.teaser[lang];
  return source === undefined ? undefined : cutText(source, max);
}

export function portalRouter(deps: AppDeps, model: PortalReadModel, views: Views): Router {
  const router = Router();
  const db = deps.database.db;
  const cache = new PortalCache();
  const masters = new MasterCache(views);
  const cacheKey = (req: Request) => `${baseUrl(deps, req)}|${req.originalUrl}`;
  // A page stays the same while the read model takes in no change (and this process runs the same
  // templates): its validator is the generation, so a browser or crawler asking again with
  // If-None-Match gets 304 without the page being built, and no page is hashed to make one.
  const boot = randomUUID().slice(0, 8);
  const etagOf = (generation: string) => `W/"${boot}.${generation}"`;
  const unchangedFor = (req: Request, generation: string) => {
    const sent = req.get('if-none-match');
    return sent !== undefined && sent.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etagOf(generation).slice(2));
  };
  const sendHtml = (res: Response, html: string | Buffer, lang: Lang, generation: string) => {
    res.type('html').set({ 'Content-Language': lang, ETag: etagOf(generation), 'Cache-Control': 'no-cache' }).send(html);
  };
  /** Renders, keeps for the generation it was built in, sends. */
  const renderKept = (res: Response, key: string, generation: string, name: string, model: PageModel) => {
    const html = Buffer.from(views.render(name, model));
    cache.set(key, generation, html);
    sendHtml(res, html, model.lang, generation);
  };

  const notFound = (req: Request, res: Response, lang: Lang) => views.send(res, 'portal/not-found', {
    lang, area: 'portal', title: MESSAGES[lang].notFoundTitle, otherLangUrl: otherLang(req, lang),
  }, 404);

  router.get('/', async (req, res) => {
    const lang = langOf(req.query.lang);
    const kategorien = (await deps.database.read((r) => publishedKategorien(r.db))).filter((k) => k.leistungen > 0).map((k) => ({
      id: k.uuid, name: localized(k.content.bezeichnung as never, lang), beschreibung: localized(k.content.beschreibung as never, lang), count: k.leistungen,
    }));
    views.send(res, 'portal/start', {
      lang, area: 'portal', title: MESSAGES[lang].siteName, otherLangUrl: otherLang(req, lang),
      canonical: `${baseUrl(deps, req)}/${lang === 'en' ? '?lang=en' : ''}`, kategorien, langQuery: lang === 'en' ? '?lang=en' : '',
    });
  });

  router.get('/suche', async (req, res) => {
    const params = queryParams(req.query, ['q', 'ort', 'ars', 'lang', 'seite']);
    const lang = langOf(params.lang);
    await model.ready();
    const generation = model.generation;
    if (unchangedFor(req, generation)) return void res.status(304).end();
    const key = cacheKey(req);
    const kept = cache.get(key, generation);
    if (kept !== undefined) return sendHtml(res, kept, lang, generation);
    const m = MESSAGES[lang];
    const q = (params.q ?? '').slice(0, 200);
    const ortInput = (params.ort ?? '').slice(0, 100);
    let place = await placeFromArs(db, params.ars);
    let choices: Place[] = [];
    let placeUnknown: string | undefined;
    if (!place && ortInput) {
      const resolved = await resolvePlace(db, ortInput, await landPrefix(db));
      if ('place' in resolved) place = resolved.place;
      else if ('choices' in resolved) choices = resolved.choices;
      else placeUnknown = resolved.unknown;
    }
    const page = Math.max(1, Math.min(50, Number(params.seite) || 1));
    const result = q ? await searchPortal(model, q, place, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }) : { hits: [], total: 0, relaxed: false };
    const linkQuery = carry(place, lang);
    const hits = result.hits.map((h) => ({
      id: h.leistung.uuid,
      url: `/leistungen/${h.leistung.uuid}${linkQuery}`,
      title: h.leistung.title[lang],
      teaser: teaser(h.leistung, lang, 240),
      stelle: h.responsible?.stellen[0] ? localized(h.responsible.stellen[0].content.name as never, lang) : undefined,
      dienst: h.responsible?.onlinedienste[0] ? dienstOf(h.responsible.onlinedienste[0], lang, m, linkQuery) : undefined,
    }));
    const pageQuery = (n: number) => {
      const p = new URLSearchParams({ q, ...(place ? { ars: place.ars } : ortInput ? { ort: ortInput } : {}), ...(lang === 'en' ? { lang } : {}), seite: String(n) });
      return `/suche?${p}`;
    };
    renderKept(res, key, generation, 'portal/search', {
      lang, area: 'portal', title: q ? `${format(m.results, { n: result.total, q })} – ${m.siteName}` : m.siteName, otherLangUrl: otherLang(req, lang),
      q, ort: place?.name ?? ortInput, place, choices: choices.map((c) => ({ ...c, url: `/suche?${new URLSearchParams({ q, ars: c.ars, ...(lang === 'en' ? { lang } : {}) })}` })),
      placeUnknown, hits, total: result.total, relaxed: result.relaxed, searched: Boolean(q),
      prev: page > 1 ? pageQuery(page - 1) : undefined, next: page * PAGE_SIZE < result.total ? pageQuery(page + 1) : undefined,
      robots: 'noindex',
    });
  });

  router.get('/lebenslagen/:id', async (req, res) => {
    const lang = langOf(req.query.lang);
    const id = String(req.params.id);
    const kategorie = isUuid(id) ? await deps.database.read((r) => publishedKategorie(r.db, id.toLowerCase())) : undefined;
    if (!kategorie) return notFound(req, res, lang);
    const place = await placeFromArs(db, typeof req.query.ars === 'string' ? req.query.ars : undefined);
    const leistungen = (await deps.database.read((r) => leistungenOfKategorie(r.db, kategorie.uuid, place?.canonical))).map((l) => ({
      url: `/leistungen/${l.uuid}${carry(place, lang)}`, title: leistungTitle(l.content, lang), teaser: shortText(l.content, lang, 200),
    }));
    const name = localized(kategorie.content.bezeichnung as never, lang);
    views.send(res, 'portal/kategorie', {
      lang, area: 'portal', title: `${name?.value ?? ''} – ${MESSAGES[lang].siteName}`, otherLangUrl: otherLang(req, lang),
      canonical: `${baseUrl(deps, req)}/lebenslagen/${kategorie.uuid}${lang === 'en' ? '?lang=en' : ''}`,
      name, beschreibung: localized(kategorie.content.beschreibung as never, lang), leistungen,
    });
  });

  router.get('/leistungen/:id', async (req, res) => {
    const params = queryParams(req.query, ['ars', 'ort', 'lang', 'druck']);
    const lang = langOf(params.lang);
    const m = MESSAGES[lang];
    const id = String(req.params.id);
    // Unchanged since it was built (nothing published or archived anywhere): send the page as it was.
    await model.ready();
    const generation = model.generation;
    if (!params.ort && unchangedFor(req, generation)) return void res.status(304).end();
    const key = cacheKey(req);
    const kept = params.ort ? undefined : cache.get(key, generation);
    if (kept !== undefined) return sendHtml(res, kept, lang, generation);
    const uuid = id.toLowerCase();
    const leistung = isUuid(id) && model.leistung(uuid) ? (await model.objectsOf('leistungen', [uuid])).get(uuid) : undefined;
    if (!leistung) return notFound(req, res, lang);
    // A place typed on the page (PLZ, Ort or ARS) becomes the page's ARS.
    let placeUnknown: string | undefined;
    if (params.ort) {
      const resolved = await resolvePlace(db, params.ort.slice(0, 100), await landPrefix(db));
      const chosen = 'place' in resolved ? resolved.place : 'choices' in resolved ? resolved.choices[0] : undefined;
      if (chosen) {
        res.redirect(303, `/leistungen/${leistung.uuid}${carry(chosen, lang)}`);
        return;
      }
      placeUnknown = params.ort.slice(0, 100);
    }
    const place = await placeFromArs(db, params.ars);
    const locals = place ? await model.localisationsAt(leistung.uuid, place.canonical) : [];
    const withTenant = await Promise.all(locals.map(async (row) => ({ row, tenantName: row.tenantId ? await model.tenantName(row.tenantId) : '' })));
    const responsible = place ? (await model.responsibleAt([leistung.uuid], place.canonical)).get(leistung.uuid) : undefined;
    const base = baseUrl(deps, req);
    const canonical = `${base}/leistungen/${leistung.uuid}${lang === 'en' ? '?lang=en' : ''}`;
    const master = masters.fragments({ leistung, locals: withTenant, gebietNames: await gebietNames(db, leistung.ars), lang, messages: m });
    const view = leistungView(master, placeParts(responsible, lang, m, carry(place, lang)), { lang, messages: m, canonicalUrl: canonical, baseUrl: base });
    const print = params.druck === '1';
    renderKept(res, key, generation, 'portal/leistung', {
      lang, area: 'portal', title: `${view.page.title.value} – ${m.siteName}`, otherLangUrl: otherLang(req, lang), canonical,
      description: view.page.teaser?.value, ...view, place, placeUnknown, print, bodyClass: print ? 'print-view' : undefined,
      printUrl: `/leistungen/${leistung.uuid}?${new URLSearchParams({ ...(place ? { ars: place.ars } : {}), ...(lang === 'en' ? { lang } : {}), druck: '1' })}`,
      searchUrl: `/suche${carry(place, lang)}`,
    });
  });

  // Online-service links go through here: one click counted per service and day, nothing about the person.
  router.get('/go/:id', async (req, res) => {
    const lang = langOf(req.query.lang);
    const id = String(req.params.id);
    const dienst = isUuid(id) ? await deps.database.read((r) => publishedOnlinedienst(r.db, id.toLowerCase())) : undefined;
    const links = (dienst?.content.link as Array<{ typ: string; link: string }> | undefined) ?? [];
    const target = links.find((l) => l.typ === '01') ?? links[0];
    if (!dienst || !target) return notFound(req, res, lang);
    await recordClick(db, dienst.uuid);
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').redirect(302, target.link);
  });

  router.get('/sitemap.xml', async (req, res) => {
    const base = baseUrl(deps, req);
    const entries = await deps.database.read((r) => sitemapEntries(r.db));
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const urls = [`<url><loc>${esc(base)}/</loc></url>`, ...entries.map((e) => `<url><loc>${esc(base)}/leistungen/${e.uuid}</loc><lastmod>${e.changedAt.toISOString().slice(0, 10)}</lastmod></url>`)];
    res.type('application/xml').send(`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`);
  });

  router.get('/robots.txt', (req, res) => {
    res.type('text/plain').send(`User-agent: *\nDisallow: /redaktion\nDisallow: /api/\nDisallow: /go/\nSitemap: ${baseUrl(deps, req)}/sitemap.xml\n`);
  });

  return router;
}

/** `GET /api/v1/antworten?q=…&ars=…`: the best Leistung with a short answer, the responsible office and the online service. */
export function answerRouter(deps: AppDeps, model: PortalReadModel): Router {
  const router = Router();
  const db = deps.database.db;
  router.get('/', async (req, res) => {
    const params = queryParams(req.query, ['q', 'ars', 'ort', 'lang']);
    const lang = langOf(params.lang);
    const q = (params.q ?? '').trim();
    if (!q || q.length > 300) throw new AppError('invalid_parameter', 'q must be a question or words (1–300 characters)', [{ path: 'query.q', message: 'required, at most 300 characters' }]);
    let place: Place | undefined;
    if (params.ars !== undefined) {
      place = await placeFromArs(db, params.ars);
      if (!place) throw new AppError('invalid_parameter', 'ars must be the 12-digit ARS of a known Gebiet', [{ path: 'query.ars', message: 'unknown ARS' }]);
    }
    // `ort`: what a citizen typed (PLZ, name or ARS). A PLZ or name that covers several Gemeinden
    // answers without a place and lists them (`ortAuswahl`), so that the asker can choose.
    let ortAuswahl: Place[] | undefined;
    if (params.ort !== undefined && !place) {
      if (params.ort.length > 100) throw new AppError('invalid_parameter', 'ort is too long', [{ path: 'query.ort', message: 'at most 100 characters' }]);
      const resolved = await resolvePlace(db, params.ort, await landPrefix(db));
      if ('place' in resolved) place = resolved.place;
      else if ('choices' in resolved) ortAuswahl = resolved.choices;
      else throw new AppError('invalid_parameter', `No Gebiet is known as ${params.ort}`, [{ path: 'query.ort', message: 'unknown place' }]);
    }
    // Questions in whole sentences rarely contain every word of a Leistung: any word may match, best rank first.
    await model.ready();
    const { hits } = await searchPortal(model, q, place, { limit: 4 });
    if (hits.length === 0) throw new AppError('not_found', 'No Leistung answers this question', []);
    const base = baseUrl(deps, req);
    const url = (l: LeistungSummary) => `${base}/leistungen/${l.uuid}${carry(place, lang)}`;
    const best = hits[0]!;
    // The answer gives the office's address and channels: its whole object.
    const responsible = place ? (await model.responsibleAt([best.leistung.uuid], place.canonical)).get(best.leistung.uuid) : undefined;
    const stelle = responsible?.stellen[0];
    const dienst = responsible?.onlinedienste[0];
    const m = MESSAGES[lang];
    const stelleAnswer = stelle ? (() => {
      const c = stelle.content;
      const anschrift = ((c.anschrift as Array<Record<string, string>> | undefined) ?? []).find((a) => a.typ === '002') ?? (c.anschrift as Array<Record<string, string>> | undefined)?.[0];
      const kanal = (code: string) => ((c.kommunikation as Array<{ kanal: string; kennung: string }> | undefined) ?? []).find((k) => k.kanal === code)?.kennung;
      return {
        id: stelle.uuid, name: localized(c.name as never, lang)?.value,
        anschrift: anschrift ? [[anschrift.strasse, anschrift.hausnummer].filter(Boolean).join(' '), [anschrift.postleitzahl, anschrift.ort].filter(Boolean).join(' ')].filter(Boolean).join(', ') : null,
        telefon: kanal('02') ?? kanal('03') ?? null, email: kanal('01') ?? null,
      };
    })() : null;
    res.json({
      frage: q,
      ort: place ? { ars: place.ars, name: place.name } : null,
      ...(ortAuswahl ? { ortAuswahl: ortAuswahl.map((c) => ({ ars: c.ars, name: c.name })) } : {}),
      leistung: { id: best.leistung.uuid, xzufiId: best.leistung.xzufiId, leikaSchluessel: best.leistung.leika, bezeichnung: best.leistung.title[lang].value, url: url(best.leistung) },
      antwort: teaser(best.leistung, lang, 300) ?? null,
      zustaendigeStelle: stelleAnswer,
      onlinedienst: dienst ? { id: dienst.uuid, name: localized(dienst.content.bezeichnung as never, lang)?.value, url: `${base}${dienstOf(dienst, lang, m, '').href}`, reifegrad: dienst.content.ozgReifegrad ?? null } : null,
      weitere: hits.slice(1).map((h) => ({ id: h.leistung.uuid, bezeichnung: h.leistung.title[lang].value, url: url(h.leistung) })),
    });
  });
  return router;
}
