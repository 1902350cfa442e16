/** Builds the Express app from its dependencies; listening happens in main.ts (tests drive the app in-process). */
import { timingSafeEqual } from 'node:crypto';
import express, { type Express } from 'express';
import { join } from 'node:path';
import helmet from 'helmet';
import { leikaRouter } from './leika/routes';
import { ozgRouter } from './ozg/routes';
import { gebietRouter } from './gebiet/routes';
import { IMPORT_MAP_HASH, vendorRouter } from './http/vendor';
import type { AppDeps } from './http/deps';
import { docsRouter } from './http/docs';
import { createMetrics, replicaMetrics, sourceMetrics } from './http/metrics';
import { sourceRouter } from './sources/routes';
import { requestLog } from './http/requestLog';
import { anonymousRateLimit, authentication, readCors } from './http/auth';
import { accessRouter } from './http/access';
import { webhookRouter } from './webhooks/routes';
import { linkRouter } from './links/routes';
import { noticeRouter } from './notices/routes';
import { leikaRequestRouter } from './leika-requests/routes';
import { errorHandler, notFoundHandler } from './http/middleware';
import { guardJsonBody, guardQuery, signInBeforeWrites } from './http/inputGuards';
import { objectRouter } from './http/objectRoutes';
import { buildOpenApi } from './http/openapi';
import { OBJECT_TYPES } from './objectTypes';
import { xzufiRouter } from './syndication/routes';
import { Views } from './http/views';
import { PortalReadModel } from './portal/readModel';
import { answerRouter, portalRouter } from './portal/routes';
import { redaktionRouter } from './redaktion/routes';
import { createSchemaValidator } from './xzufi/schemaValidator';
import { AppError } from './shared/errors';

/** The portal's read model for this process, as configured (main.ts builds it to warm it up at start). */
export function portalReadModel(deps: Pick<AppDeps, 'config' | 'database' | 'logger'>): PortalReadModel {
  return new PortalReadModel(deps.database, {
    syncMs: deps.config.portalSyncMs,
    onError: (err) => deps.logger.warn({ err }, 'portal read model: looking at the change feed failed; trying again with the next request'),
  });
}

const isLoopback = (address: string | undefined) => !!address && (/^127\./.test(address) || address === '::1' || /^::ffff:127\./.test(address));

export function buildApp(deps: AppDeps): Express {
  const app = express();
  const portal = deps.portal ?? portalReadModel(deps);
  // One XSD validator for the push endpoint and the workspace's upload.
  const validator = deps.validator ?? createSchemaValidator(deps.config.xzufiXsdDir, 'read');
  app.disable('x-powered-by');
  // Behind TLS-terminating proxies: client addresses for throttling, https for Secure cookies.
  app.set('trust proxy', /^\d+$/.test(deps.config.trustProxy) ? Number(deps.config.trustProxy) : deps.config.trustProxy.split(',').map((s) => s.trim()));
  app.set('query parser', 'simple');

  const metrics = createMetrics();
  replicaMetrics(metrics.registry, () => deps.database.replicaStatus());
  sourceMetrics(metrics.registry, deps.database);
  app.use(requestLog(deps.logger));
  app.use(metrics.middleware);
  app.use(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"], 'script-src': ["'self'", IMPORT_MAP_HASH], 'style-src': ["'self'"], 'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"], 'connect-src': ["'self'"], 'object-src': ["'none'"], 'base-uri': ["'self'"],
        'form-action': ["'self'"], 'frame-ancestors': ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
  }));

  app.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  app.get('/readyz', async (_req, res) => {
    try {
      await deps.database.ping();
      const replicas = deps.database.replicaStatus();
      res.json({ status: 'ready', ...(replicas.length > 0 ? { replicas: replicas.map((r) => ({ name: r.name, lagSeconds: Number.isFinite(r.lagSeconds) ? r.lagSeconds : null, inUse: r.inUse })) } : {}) });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });
  // Prometheus: with METRICS_TOKEN set, only `Authorization: Bearer <token>`; without, only direct
  // loopback callers (not through a proxy): the metrics name versions, memory and sign-in outcomes.
  app.get('/metrics', async (req, res) => {
    const token = deps.config.metricsToken;
    if (token) {
      const sent = Buffer.from(/^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '');
      const expected = Buffer.from(token);
      if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
        res.set('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new AppError('unauthenticated', 'Send the METRICS_TOKEN as a bearer token');
      }
    } else if (!isLoopback(req.socket.remoteAddress) || req.get('x-forwarded-for') !== undefined) {
      throw new AppError('forbidden', '/metrics answers loopback callers only; set METRICS_TOKEN to scrape it from elsewhere');
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.use(guardQuery);
  const auth = authentication(deps);
  app.use(auth.middleware);
  app.use(anonymousRateLimit(deps.config.anonymousRateLimit));
  app.use('/auth', auth.router);
  const cors = readCors(deps.config.corsOrigins);

  const api = express.Router();
  api.use(cors);
  api.use(signInBeforeWrites);
  api.use(express.json({ limit: deps.config.bodyLimit, type: ['application/json', 'application/*+json'] }), guardJsonBody);
  let openapi: Record<string, unknown> | undefined;
  api.get('/openapi.json', (req, res) => {
    openapi ??= buildOpenApi(OBJECT_TYPES, deps.config.publicUrl ?? '/');
    res.json(openapi);
  });
  api.use('/gebiete', gebietRouter(deps));
  api.use('/leika', leikaRouter(deps));
  api.use('/ozg', ozgRouter(deps));
  api.use(accessRouter(deps));
  api.use('/webhooks', webhookRouter(deps));
  api.use('/sources', sourceRouter(deps));
  api.use('/links', linkRouter(deps));
  api.use('/notices', noticeRouter(deps));
  api.use('/leika-requests', leikaRequestRouter(deps));
  api.use('/antworten', answerRouter(deps, portal));
  for (const type of OBJECT_TYPES) api.use(`/${type.path}`, objectRouter(type, { ...deps, portal }));
  app.use('/api/v1', api);

  const xzufi = express.Router();
  xzufi.use(cors);
  xzufi.use(signInBeforeWrites);
  xzufi.use(xzufiRouter({ ...deps, validator }));
  app.use('/xzufi/v1', xzufi);
  app.use('/api/docs', docsRouter());

  // Server-rendered pages: the citizen portal and the editor workspace.
  const views = new Views();
  app.use('/static/vendor', vendorRouter());
  // Browsers ask for /favicon.ico on pages without an icon link (the API's documentation, error pages).
  app.get('/favicon.ico', (_req, res) => { res.redirect(301, '/static/favicon.svg'); });
  app.use('/static', express.static(join(__dirname, '..', 'public'), { maxAge: '1h', index: false }));
  app.use(portalRouter(deps, portal, views));
  app.use('/redaktion', redaktionRouter({ ...deps, validator }, views, auth));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
