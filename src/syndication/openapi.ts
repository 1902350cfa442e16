/** OpenAPI description of the XZuFi endpoints (merged into /api/v1/openapi.json). */
const xml = (description: string) => ({ description, content: { 'application/xml': { schema: { type: 'string' } } } });
const err = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const ars = { name: 'ars', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{1,12}$' }, description: 'the area: its objects and the state-wide ones valid there' };
const fileName = { name: 'name', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z]+-\\d{5}\\.xml$' } };
const tags = ['XZuFi'];

const index = {
  tags, summary: 'Sammlerdienst index: one transfer file per line (relative URL); together the complete published state',
  responses: { 200: { description: 'text/plain, may be empty', content: { 'text/plain': { schema: { type: 'string' } } } } },
};
const file = {
  tags, summary: 'A transfer file (schreibe only); ETag, If-None-Match → 304, gzip on Accept-Encoding',
  responses: { 200: xml('XZuFi 2.2.0 message'), 304: { description: 'not modified' }, 404: err('unknown or empty file') },
};

export const XZUFI_PATHS: Record<string, unknown> = {
  '/xzufi/v1/index.txt': { get: index },
  '/xzufi/v1/files/{name}': { get: { ...file, parameters: [fileName] } },
  '/xzufi/v1/ars/{ars}/index.txt': { get: { ...index, parameters: [ars] } },
  '/xzufi/v1/ars/{ars}/files/{name}': { get: { ...file, parameters: [ars, fileName] } },
  '/xzufi/v1/changes': { get: {
    tags, summary: 'Delta feed: schreibe for published or changed objects, loesche for deleted, renamed, moved or unpublished ones',
    parameters: [
      { name: 'since', in: 'query', schema: { type: 'string', pattern: '^\\d+\\.\\d+$' }, description: 'XZuFi-Next-Cursor (naechsterIndex) of the previous page; absent = from the start' },
      { name: 'ars', in: 'query', schema: { type: 'string', pattern: '^\\d{1,12}$' } },
      { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 200 } },
      { name: 'format', in: 'query', schema: { type: 'string', enum: ['xml', 'json'] }, description: 'json = PVOG Bereitstelldienst envelope {xzufiObjekte, vollstaendig, naechsterIndex, naechsteAnfrageUrl}' },
    ],
    responses: {
      200: { ...xml('XZuFi message; headers XZuFi-Next-Cursor and XZuFi-Complete'), headers: { 'XZuFi-Next-Cursor': { schema: { type: 'string' } }, 'XZuFi-Complete': { schema: { type: 'string', enum: ['true', 'false'] } } } },
      400: err('bad parameter'),
    },
  } },
  '/xzufi/v1/import': { post: {
    tags, summary: 'Push an XZuFi 2.2.0 message (schreibe/loesche); checks: size → well-formed → namespace/version → XSD → content rules → apply',
    parameters: [
      { name: 'mode', in: 'query', schema: { type: 'string', enum: ['atomic', 'partial'], default: 'atomic' }, description: 'atomic: any error stores nothing; partial: valid objects are stored' },
      { name: 'async', in: 'query', schema: { type: 'boolean' }, description: 'run as a job (default: when larger than IMPORT_ASYNC_BYTES)' },
    ],
    requestBody: { required: true, content: { 'application/xml': { schema: { type: 'string' } }, 'application/gzip': { schema: { type: 'string', format: 'binary' } } } },
    responses: {
      200: { description: 'import report (applied or partially_applied)', content: { 'application/json': { schema: { type: 'object' } } } },
      202: { description: 'accepted as a job: {id, status, href}; poll href' },
      400: err('malformed XML, DTD, too deep, tag too large, not UTF-8'),
      413: err('body too large'), 415: err('not XML'),
      422: { description: 'wrong namespace or version, not valid against the XSD (error), or content rules failed (report with status rejected)' },
    },
  } },
  '/xzufi/v1/import/{job}': { get: {
    tags, summary: 'Status, progress and report of an import job',
    parameters: [{ name: 'job', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
    responses: { 200: { description: '{id, status, mode, bytes, createdAt, finishedAt, progress, report}' }, 404: err('unknown job') },
  } },
};
