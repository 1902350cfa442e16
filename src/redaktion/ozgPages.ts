/**
 * The OZG dashboard in the workspace (`/redaktion/ozg`, `/redaktion/ozg/{id}`): the figures of
 * src/ozg for the Land or the editor's own area, by Themenfeld, with a Gemeinde's or Kreis's to-do
 * list (typed as ARS, name or PLZ), as a page with charts and tables, CSV or JSON.
 */
import type { Request, Router } from 'express';
import type { Principal } from '../auth/policy';
import { landPrefix } from '../db/portalStore';
import { canonicalArs } from '../gebiet/ars';
import { ozgCsv, ozgJson, ozgView } from '../ozg/view';
import { langOf } from '../portal/i18n';
import { resolvePlace } from '../portal/search';
import { ozgDetailModel, ozgPageModel } from './ozg';
import { langQ, type Pages } from './pages';


export function registerOzgPages(router: Router, { db, send, signedIn, notFound }: Pages): void {

  /** The figures' area (the editor's own, or the Land), the Themenfeld filter and the to-do list's place. */
  async function ozgParams(req: Request, actor: Principal) {
    const land = await landPrefix(db);
    const ownArea = actor.area && actor.area !== land ? actor.area : undefined;
    const area = req.query.gebiet === 'land' || !ownArea ? land : ownArea;
    const themenfeld = typeof req.query.themenfeld === 'string' && req.query.themenfeld ? req.query.themenfeld.slice(0, 100) : undefined;
    let asked = typeof req.query.aufgaben === 'string' && /^\d{2,12}$/.test(req.query.aufgaben) ? canonicalArs(req.query.aufgaben.padEnd(12, '0')) : undefined;
    // A Gemeinde typed by name or PLZ: one place, or the choice.
    let choices: Array<{ ars: string; name: string; canonical: string }> = [];
    let unknownPlace: string | undefined;
    const typed = typeof req.query.ort === 'string' ? req.query.ort.trim().slice(0, 100) : '';
    if (!asked && typed) {
      const resolved = await resolvePlace(db, typed, land);
      if ('place' in resolved) asked = resolved.place.canonical;
      else if ('choices' in resolved) choices = resolved.choices;
      else unknownPlace = typed;
    }
    return { land, ownArea, area, themenfeld, todoFor: asked ?? ownArea, typed, choices, unknownPlace };
  }

  router.get('/ozg', async (req, res) => {
    const actor = signedIn(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    const params = await ozgParams(req, actor);
    const { view } = await ozgView(db, params.area, { themenfeld: params.themenfeld, todoFor: params.todoFor });
    const fileName = `ozg-${params.area}${params.themenfeld ? `-${params.themenfeld.replace(/[^\p{L}\p{N}]+/gu, '-')}` : ''}`;
    if (req.query.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${fileName}.csv`).send(ozgCsv(view));
      return;
    }
    if (req.query.format === 'json') {
      res.attachment(`${fileName}.json`).json(ozgJson(view));
      return;
    }
    const query = (extra: Record<string, string | undefined>) => {
      const q = new URLSearchParams();
      if (req.query.gebiet === 'land') q.set('gebiet', 'land');
      if (params.themenfeld) q.set('themenfeld', params.themenfeld);
      if (lang === 'en') q.set('lang', 'en');
      for (const [k, v] of Object.entries(extra)) if (v === undefined) q.delete(k); else q.set(k, v);
      const text = q.toString();
      return text ? `?${text}` : '';
    };
    send(req, res, 'redaktion/ozg', {
      heading: lang === 'en' ? 'OZG dashboard' : 'OZG-Übersicht', ...ozgPageModel(view, lang),
      canScope: Boolean(params.ownArea), scoped: params.area !== params.land,
      landUrl: `/redaktion/ozg${query({ gebiet: 'land' })}`, ownUrl: `/redaktion/ozg${query({ gebiet: undefined })}`,
      csvUrl: `/redaktion/ozg${query({ format: 'csv' })}`, jsonUrl: `/redaktion/ozg${query({ format: 'json' })}`,
      kreisOptions: view.report.kreise.map((k) => ({ value: k.schluessel, label: k.name, selected: view.todo?.schluessel === k.schluessel })),
      todoFor: params.todoFor, gebietLand: req.query.gebiet === 'land', ort: params.typed, unknownPlace: params.unknownPlace,
      placeChoices: params.choices.map((c) => ({ name: c.name, url: `/redaktion/ozg${query({ aufgaben: c.canonical, ort: undefined })}` })),
    });
  });

  router.get('/ozg/:id', async (req, res) => {
    const actor = signedIn(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    const params = await ozgParams(req, actor);
    const { view, basis } = await ozgView(db, params.area, {});
    const detail = ozgDetailModel(basis, view.report, String(req.params.id));
    if (!detail) return notFound(req, res);
    send(req, res, 'redaktion/ozg-leistung', { heading: detail.line.name, ...detail, backUrl: `/redaktion/ozg${langQ(lang)}` });
  });
}
