/** OpenAPI description of sign-in, administration and audit endpoints (merged into openapi.json). */
const err = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const csrf = { name: 'X-CSRF-Token', in: 'header', schema: { type: 'string' }, description: 'from GET /auth/csrf; required for session-authenticated writes' };
const auth = ['Anmeldung'];
const admin = ['Administration'];

export const SECURITY_SCHEMES = {
  bearer: { type: 'http', scheme: 'bearer', description: 'API token `fimr_…` (tenant, role, optional ARS limit)' },
  session: { type: 'apiKey', in: 'cookie', name: 'fimr.sid', description: 'editor session from POST /auth/login' },
};

export const ACCESS_PATHS: Record<string, unknown> = {
  '/auth/csrf': { get: { tags: auth, summary: 'CSRF token of the (new) session', responses: { 200: json('{csrfToken}') } } },
  '/auth/login': { post: {
    tags: auth, summary: 'Sign in (passport-local); renews the session id', parameters: [csrf],
    requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } } } } },
    responses: { 200: json('{user, csrfToken}'), 401: err('user name or password wrong (one message for both)'), 403: err('CSRF token missing'), 429: err('too many failed attempts') },
  } },
  '/auth/logout': { post: { tags: auth, summary: 'Sign out', parameters: [csrf], responses: { 204: { description: 'signed out' } } } },
  '/auth/me': { get: { tags: auth, summary: 'Who is calling (session user or token)', responses: { 200: json('{user}'), 401: err('anonymous') } } },
  '/api/v1/admin/tenants': { get: { tags: admin, summary: 'Tenants (manage_access)', responses: { 200: json('{items}'), 403: err('not admin') } } },
  '/api/v1/admin/tenants/{id}': { put: {
    tags: admin, summary: 'Create or update a tenant', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, csrf],
    requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['kind', 'name'], properties: { kind: { type: 'string', enum: ['landesredaktion', 'fachressort', 'landkreis', 'kommune', 'integration', 'portal'] }, name: { type: 'string' }, ars: { type: 'string', pattern: '^\\d{12}$' }, leistungsgruppierungen: { type: 'array', items: { type: 'string', pattern: '^\\d{3}$' } } } } } } },
    responses: { 200: json('updated'), 201: json('created'), 422: err('invalid') },
  } },
  '/api/v1/admin/users': {
    get: { tags: admin, summary: 'Users (no password hashes)', responses: { 200: json('{items}') } },
    post: { tags: admin, summary: 'Create a user', parameters: [csrf], requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['id', 'tenant', 'role', 'password'], properties: { id: { type: 'string' }, tenant: { type: 'string' }, role: { type: 'string', enum: ['admin', 'landesredakteur', 'fachressort', 'kommunalredakteur'] }, password: { type: 'string', minLength: 12 }, displayName: { type: 'string' } } } } } }, responses: { 201: json('the user'), 409: err('exists'), 422: err('invalid') } },
  },
  '/api/v1/admin/users/{id}': { patch: { tags: admin, summary: 'Change a user: role, password reset (ends its sessions), disabled', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, csrf], requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', additionalProperties: false, properties: { role: { type: 'string', enum: ['admin', 'landesredakteur', 'fachressort', 'kommunalredakteur'] }, password: { type: 'string', minLength: 12 }, disabled: { type: 'boolean' } } } } } }, responses: { 200: json('the user'), 404: err('unknown user'), 422: err('invalid') } } },
  '/api/v1/admin/users/{id}/disable': { post: { tags: admin, summary: 'Disable a user (ends its sessions)', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, csrf], responses: { 204: { description: 'disabled' }, 404: err('unknown user') } } },
  '/api/v1/admin/tokens': {
    get: { tags: admin, summary: 'API tokens (never their secrets)', responses: { 200: json('{items}') } },
    post: { tags: admin, summary: 'Create an API token; the answer shows it once', parameters: [csrf], requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['tenant', 'role'], properties: { tenant: { type: 'string' }, role: { type: 'string', enum: ['landesredakteur', 'fachressort', 'kommunalredakteur', 'portal'] }, ars: { type: 'string' }, label: { type: 'string' }, expiresInDays: { type: 'integer', minimum: 1 } } } } } }, responses: { 201: json('{id, token, …}'), 422: err('invalid') } },
  },
  '/api/v1/admin/tokens/{id}': { delete: { tags: admin, summary: 'Revoke a token', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, csrf], responses: { 204: { description: 'revoked' }, 404: err('unknown or revoked') } } },
  '/api/v1/webhooks': {
    get: { tags: ['Webhooks'], summary: 'Own tenant\'s subscriptions (xzufi_export)', responses: { 200: json('{items}') } },
    post: { tags: ['Webhooks'], summary: 'Subscribe a URL to published/unpublished events (secret shown once)', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' }, ars: { type: 'string' }, klassen: { type: 'array', items: { type: 'string', enum: ['Leistung', 'LeistungSpezialisierung', 'Organisationseinheit', 'Onlinedienst', 'Zustaendigkeit'] } } } } } } }, responses: { 201: json('{id, secret, …}'), 403: err('area outside the token\'s limit'), 422: err('invalid') } },
  },
  '/api/v1/webhooks/{id}': { delete: { tags: ['Webhooks'], summary: 'Unsubscribe', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 204: { description: 'deleted' }, 404: err('not own') } } },
  '/api/v1/webhooks/{id}/deliveries': { get: { tags: ['Webhooks'], summary: 'Delivery log (status, attempts, last HTTP status)', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 200: json('{items}'), 404: err('not own') } } },
  '/api/v1/links': { get: { tags: ['Qualität'], summary: 'Broken links in the objects the caller keeps (from the link checker)', responses: { 200: json('{items: [{url, httpStatus, error, checkedAt, brokenSince, object}]}'), 401: err('anonymous') } } },
  '/api/v1/notices': { get: { tags: ['Qualität'], summary: 'Own tenant\'s notices: a localised master text has a new version', parameters: [{ name: 'open', in: 'query', schema: { type: 'boolean', default: true } }], responses: { 200: json('{items}') } } },
  '/api/v1/notices/{id}/compare': { get: { tags: ['Qualität'], summary: 'Old master, new master, own text and the master diff', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 200: json('{notice, masterFrom, masterTo, own, masterDiff}'), 404: err('not own') } } },
  '/api/v1/notices/{id}/acknowledge': { post: { tags: ['Qualität'], summary: 'Acknowledge: the new master version becomes the basisVersion', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, csrf], responses: { 200: json('the notice'), 409: err('acknowledged already') } } },
  '/api/v1/leika-requests': {
    get: { tags: ['Qualität'], summary: 'LeiKa key requests: own tenant\'s, all for the Landesredaktion', responses: { 200: json('{items}') } },
    post: { tags: ['Qualität'], summary: 'Request a new LeiKa key', requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['proposedName', 'leistungsgruppierung', 'justification'], properties: { proposedName: { type: 'string' }, leistungsgruppierung: { type: 'string', pattern: '^\\d{3}$' }, justification: { type: 'string' } } } } } }, responses: { 201: json('the request') } },
  },
  '/api/v1/leika-requests/{id}': { get: { tags: ['Qualität'], summary: 'One request with its conversation', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 200: json('the request'), 404: err('not visible') } } },
  '/api/v1/leika-requests/{id}/decision': { post: { tags: ['Qualität'], summary: 'Accept (with leikaKey), reject or ask back (decide_leika)', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, csrf], requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['decision'], properties: { decision: { type: 'string', enum: ['accept', 'reject', 'ask'] }, leikaKey: { type: 'string' }, message: { type: 'string' } } } } } }, responses: { 200: json('the request'), 409: err('decided already or key taken'), 422: err('invalid key') } } },
  '/api/v1/leika-requests/{id}/reply': { post: { tags: ['Qualität'], summary: 'Answer a question of the Landesredaktion', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, csrf], responses: { 200: json('the request'), 409: err('no open question') } } },
  '/api/v1/audit': { get: {
    tags: admin, summary: 'Audit trail of writes (read_audit: landesredakteur, admin)',
    parameters: [{ name: 'object', in: 'query', schema: { type: 'string', format: 'uuid' } }, { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 200 } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }],
    responses: { 200: json('{items: [{at, actor, actorKind, tenant, objectType, objectId, xzufiId, action, versionBefore, versionAfter}], nextCursor}'), 401: err('anonymous'), 403: err('lacks read_audit') },
  } },
};
