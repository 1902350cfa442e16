/** Browsable API docs at /api/docs: Swagger UI served from the installed package (no CDN). */
import { Router, static as serveStatic } from 'express';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>fim-redaktion API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

export function docsRouter(): Router {
  const router = Router();
  // Swagger UI sets style attributes from script: the one relaxation of the app-wide CSP.
  router.use((_req, res, next) => {
    res.set('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'");
    next();
  });
  router.get('/', (_req, res) => { res.type('html').send(PAGE); });
  router.get('/init.js', (_req, res) => { res.type('application/javascript').send(INIT); });
  router.use('/assets', serveStatic(getAbsoluteFSPath(), { index: false, maxAge: '1d' }));
  return router;
}
