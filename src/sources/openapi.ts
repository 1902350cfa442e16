/** OpenAPI description of /api/v1/sources (merged into /api/v1/openapi.json). */
const tags = ['Sources'];
const json = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({ description, content: { 'application/json': { schema } } });
const err = (description: string) => json(description, { $ref: '#/components/schemas/Error' });
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const run = { name: 'run', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };

const credentials = {
  description: 'Write-only: stored encrypted (CREDENTIALS_KEY), never returned; responses show {kind, set}. null removes them.',
  oneOf: [
    { type: 'object', required: ['kind'], properties: { kind: { const: 'none' } } },
    { type: 'object', required: ['kind', 'token'], properties: { kind: { const: 'bearer' }, token: { type: 'string' } } },
    { type: 'object', required: ['kind', 'username', 'password'], properties: { kind: { const: 'basic' }, username: { type: 'string' }, password: { type: 'string' } } },
    { type: 'object', required: ['kind', 'tokenUrl', 'clientId', 'clientSecret'], properties: { kind: { const: 'oauth2' }, tokenUrl: { type: 'string', format: 'uri' }, clientId: { type: 'string' }, clientSecret: { type: 'string' }, scope: { type: 'string' } } },
  ],
};

const settings = {
  name: { type: 'string', maxLength: 100 },
  kind: { type: 'string', enum: ['index', 'delta', 'bereitstelldienst'], description: 'index: a Sammlerdienst index.txt with its files (the complete state; deletions guarded); delta: a changes feed followed by cursor (like /xzufi/v1/changes); bereitstelldienst: the PVOG JSON envelope {xzufiObjekte, vollstaendig, naechsterIndex, naechsteAnfrageUrl}' },
  url: { type: 'string', format: 'uri' },
  tenant: { type: 'string', description: 'the tenant the source writes as' },
  role: { type: 'string', enum: ['landesredakteur', 'fachressort', 'kommunalredakteur'], description: 'the role it writes with (the same policy as every write)' },
  ars: { type: ['string', 'null'], pattern: '^\\d{1,12}$', description: 'ARS limit inside the tenant\'s area' },
  schemeAgencyIds: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'objects of these Redaktionen only' },
  klassen: { type: 'array', items: { type: 'string', enum: ['Leistung', 'LeistungSpezialisierung', 'Organisationseinheit', 'Onlinedienst', 'Zustaendigkeit'] } },
  target: { type: 'string', enum: ['live', 'draft'], default: 'live' },
  intervalMinutes: { type: 'integer', minimum: 5, maximum: 10080, default: 60 },
  deletionLimitPercent: { type: 'number', minimum: 0, maximum: 100, default: 5 },
  deletionLimitCount: { type: 'integer', minimum: 0, default: 50 },
  paused: { type: 'boolean' },
  credentials,
};

const runStats = 'stats: filesListed, filesFetched, filesUnchanged, filesFailed, pages, created, updated, unchanged, deleted, held, failedObjects, bytes, requests, durationMs';

export const SOURCE_PATHS: Record<string, unknown> = {
  '/api/v1/sources': {
    get: { tags, summary: 'Sources with their last run (Landesredaktion without limit, admin)', responses: { 200: json('{items}'), 401: err('not signed in'), 403: err('not allowed') } },
    post: {
      tags, summary: 'Register a source; its first run is queued at once',
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['name', 'kind', 'url', 'tenant', 'role', 'schemeAgencyIds'], properties: settings } } } },
      responses: { 201: json('the source'), 409: err('name taken, or credentials without CREDENTIALS_KEY'), 422: err('invalid field') },
    },
  },
  '/api/v1/sources/{id}': {
    get: { tags, summary: 'A source', parameters: [id], responses: { 200: json('the source with lastRun'), 404: err('unknown') } },
    patch: { tags, summary: 'Change settings, pause or resume, replace credentials (a new url resets the cursor)', parameters: [id], requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: settings } } } }, responses: { 200: json('the source'), 422: err('invalid field') } },
    delete: { tags, summary: 'Remove the source (the objects it wrote stay)', parameters: [id], responses: { 204: { description: 'removed' } } },
  },
  '/api/v1/sources/{id}/run': { post: { tags, summary: 'Run now (as a job, once across instances)', parameters: [id], responses: { 202: json('queued') } } },
  '/api/v1/sources/{id}/runs': { get: { tags, summary: `Run history, newest first; ${runStats}`, parameters: [id, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 20 } }], responses: { 200: json('{items}') } } },
  '/api/v1/sources/{id}/runs/{run}': { get: { tags, summary: 'A run with its report: files that failed and why, deletions, candidates of a held run (heldReason empty_index, failed_files or over_limit)', parameters: [id, run], responses: { 200: json('the run'), 404: err('unknown') } } },
  '/api/v1/sources/{id}/runs/{run}/confirm': { post: { tags, summary: 'Confirm a held run: its candidates still not listed are deleted', parameters: [id, run], responses: { 200: json('the run, confirmed, with deletions'), 409: err('not held, or not the newest run') } } },
  '/api/v1/sources/{id}/runs/{run}/reject': { post: { tags, summary: 'Reject a held run: the candidates stay and are no longer the source\'s', parameters: [id, run], responses: { 200: json('the run, rejected'), 409: err('not held, or not the newest run') } } },
};
