import { createHash } from 'node:crypto';
import { IMPORT_MAP } from '../../src/http/vendor';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

describe('operations endpoints', () => {
  it('reports liveness and readiness', async () => {
    expect((await t.api.get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await t.api.get('/readyz')).status).toBe(200);
  });

  it('reports not ready when the database is gone', async () => {
    const other = await createTestApp();
    await other.database.close();
    const res = await other.api.get('/readyz');
    expect(res.status).toBe(503);
    await other.close().catch(() => undefined);
  });

  it('counts requests by route pattern in Prometheus format', async () => {
    await t.api.get('/api/v1/leistungen');
    await t.api.get('/api/v1/leistungen/00000000-0000-4000-8000-000000000000');
    const metrics = await t.api.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/leistungen",status="200"\} 1/);
    expect(metrics.text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/leistungen\/:id",status="404"\} 1/);
    expect(metrics.text).toContain('http_request_duration_seconds_bucket');
  });

  it('echoes a request id or makes one', async () => {
    expect((await t.api.get('/healthz').set('X-Request-Id', 'abc-123')).headers['x-request-id']).toBe('abc-123');
    expect((await t.api.get('/healthz')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await t.api.get('/api/v1/nothing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/v1/nothing', details: [] } });
  });
});

describe('API description', () => {
  it('serves OpenAPI 3.1 built from the JSON Schemas, with every object route', async () => {
    const res = await t.api.get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const path of ['leistungen', 'spezialisierungen', 'organisationseinheiten', 'onlinedienste', 'zustaendigkeiten', 'kategorien']) {
      expect(Object.keys(res.body.paths[`/api/v1/${path}`])).toEqual(['get', 'post']);
      expect(Object.keys(res.body.paths[`/api/v1/${path}/{id}`])).toEqual(['parameters', 'get', 'put', 'delete']);
    }
    expect(res.body.components.schemas.Leistung.properties.referenzLeiKa).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/Common/$defs/leikaKey' } });
    // Every reference resolves inside the document.
    const text = JSON.stringify(res.body);
    for (const [, ref] of text.matchAll(/"\$ref":"([^"]+)"/g)) {
      const target = ref!.slice(2).split('/').reduce<any>((node, key) => node?.[key], res.body); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect([ref, target !== undefined]).toEqual([ref, true]);
    }
  });

  it('serves browsable docs without a CDN', async () => {
    const page = await t.api.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/api/docs/assets/swagger-ui-bundle.js');
    const asset = await t.api.get('/api/docs/assets/swagger-ui-bundle.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('has a favicon, linked from every page and at /favicon.ico', async () => {
    expect((await t.anonymous.get('/')).text).toContain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">');
    const icon = await t.anonymous.get('/static/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toContain('image/svg+xml');
    expect((await t.anonymous.get('/favicon.ico')).headers.location).toBe('/static/favicon.svg');
  });

  it('serves the rich-text editor\'s modules from npm, allowed by the CSP hash of the import map', async () => {
    const mod = await t.anonymous.get('/static/vendor/prosemirror-state/dist/index.js');
    expect(mod.status).toBe(200);
    expect(mod.headers['content-type']).toContain('javascript');
    const csp = String((await t.anonymous.get('/')).headers['content-security-policy']);
    const hash = createHash('sha256').update(IMPORT_MAP).digest('base64');
    expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect((await t.anonymous.get('/static/vendor/prosemirror-state/package.json')).status).toBe(200);
    expect((await t.anonymous.get('/static/vendor/not-a-package/index.js')).status).toBe(404);
  });
});
