/**
 * OpenAPI 3.1 document built from the same JSON Schemas the API validates with, so the contract
 * and the checks cannot drift apart.
 */
import { XZUFI_PATHS } from '../syndication/openapi';
import { SOURCE_PATHS } from '../sources/openapi';
import { ACCESS_PATHS, SECURITY_SCHEMES } from './accessOpenapi';
import { loadSchemas } from '../shared/validation';
import type { ObjectType } from '../shared/objectType';
import { MAX_LIMIT } from './pagination';

const componentName = (file: string) => {
  const base = file.replace('.schema.json', '');
  return base[0]!.toUpperCase() + base.slice(1);
};

/** Rewrites `$ref`s between schema files into references inside components/schemas. */
function rewriteRefs(node: unknown, ownName: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, ownName));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$id' || key === '$schema') continue;
    if (key === '$ref' && typeof value === 'string') {
      const [file, pointer = ''] = value.split('#');
      out.$ref = `#/components/schemas/${file ? componentName(file) : ownName}${pointer}`;
    } else out[key] = rewriteRefs(value, ownName);
  }
  return out;
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function buildOpenApi(types: ObjectType[], serverUrl: string): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (const [file, schema] of loadSchemas()) schemas[componentName(file)] = rewriteRefs(schema, componentName(file));
  schemas.Error = {
    type: 'object', required: ['error'],
    properties: { error: { type: 'object', required: ['code', 'message', 'details'], properties: {
      code: { type: 'string', description: 'stable error code, e.g. validation_failed, not_found, duplicate' },
      message: { type: 'string' },
      details: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' } } } },
    } } },
  };
  schemas.Envelope = {
    type: 'object', description: 'Set by the server on every object; ignored when sent back.',
    properties: {
      id: { type: 'string', format: 'uuid' }, xzufiId: { type: 'string' }, schemeAgencyID: { type: 'string' },
      status: { type: 'string', enum: ['entwurf', 'in_pruefung', 'freigegeben', 'zurueckgewiesen', 'veroeffentlicht', 'archiviert'], description: 'of the version shown' },
      version: { type: 'integer', description: 'of the version shown; its ETag' }, tenant: { type: ['string', 'null'] },
      veroeffentlicht: { type: 'object', description: 'the live version (absent while never published)', properties: { version: { type: 'integer' }, live: { type: 'boolean', description: 'false once archived' }, datumZeit: { type: 'string', format: 'date-time' }, durch: { type: 'string' } } },
      freigabe: { type: 'object', description: 'Fachliche Freigabe of the version shown', properties: { durch: { type: 'string' }, datumZeit: { type: 'string', format: 'date-time' }, stufe: { type: 'string', enum: ['silber', 'gold'] } } },
      statusKommentar: { type: 'string', description: 'reason of a rejection' },
      geplant: { type: 'object', description: 'scheduled publishing / archiving by target status', additionalProperties: { type: 'object', properties: { datumZeit: { type: 'string', format: 'date-time' }, durch: { type: 'string' }, zustand: { type: 'string', enum: ['geplant', 'laeuft', 'fehlgeschlagen'] }, fehler: { type: 'string' } } } },
      versionsinformation: { type: 'object', properties: { erstelltDatumZeit: { type: 'string', format: 'date-time' }, erstelltDurch: { type: 'string' }, geaendertDatumZeit: { type: 'string', format: 'date-time' }, geaendertDurch: { type: 'string' }, version: { type: 'string' } } },
    },
  };
  schemas.Gebiet = {
    type: 'object',
    properties: {
      ars: { type: 'string' }, schluessel: { type: 'string' }, ebene: { type: 'string' }, name: { type: 'string' }, hinweis: { type: ['string', 'null'] }, uebergeordnetesGebiet: { type: ['string', 'null'] },
      bevoelkerung: { type: ['integer', 'null'], description: 'Gemeinden: population (Destatis Gemeindeverzeichnis)' }, flaecheKm2: { type: ['number', 'null'] }, plzVerwaltungssitz: { type: ['string', 'null'] },
      koordinaten: { type: ['object', 'null'], properties: { laengengrad: { type: 'number' }, breitengrad: { type: 'number' } } },
      plz: { type: 'array', items: { type: 'string' }, description: 'one Gebiet only: the PLZ of the Gemeinde (© OpenStreetMap contributors, ODbL)' },
      ort: { type: 'string', description: '?plz= only: the name of the part of the Gemeinde the PLZ covers' },
    },
  };
  schemas.LeikaEintrag = {
    type: 'object',
    properties: {
      key: { type: 'string', pattern: '^\\d{14}$' }, bezeichnung: { type: 'string' },
      teile: { type: ['object', 'null'], properties: { leistungsgruppierung: { type: 'string' }, leistungskennung: { type: 'string' }, verrichtungskennung: { type: 'string' }, verrichtungsdetail: { type: 'string' } } },
      struktur: { type: ['string', 'null'], enum: ['lo', 'lov', 'lovd', null] }, typisierung: { type: 'array', items: { type: 'string' } },
      ozgLeistung: { type: ['object', 'null'], properties: { id: { type: 'string' }, name: { type: 'string' }, lebenslage: { type: 'string' }, themenfeld: { type: 'string' } } },
      rechtsgrundlage: { type: ['string', 'null'] },
      leistungen: { type: 'array', description: 'Leistungen of this installation (that the caller may see) referring to the key', items: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, status: { type: 'string' } } } },
    },
  };

  const paging = [
    { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 50 } },
    { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'nextCursor of the previous page' },
  ];
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
  const etag = { ETag: { schema: { type: 'string' }, description: 'the object version; send it as If-Match when writing' } };
  const comment = { name: 'comment', in: 'query', schema: { type: 'string', maxLength: 1000 }, description: 'stored with the version this write creates' };
  const ifMatch = { name: 'If-Match', in: 'header', required: true, schema: { type: 'string' }, description: 'ETag of the version you edited; missing gets 428, stale 412' };

  const paths: Record<string, unknown> = {
    '/healthz': { get: { tags: ['Betrieb'], summary: 'Liveness', responses: { 200: { description: '{"status":"ok"}' } } } },
    '/readyz': { get: { tags: ['Betrieb'], summary: 'Readiness (database answers)', responses: { 200: { description: 'ready' }, 503: { description: 'database unavailable' } } } },
    '/api/v1/gebiete': { get: {
      tags: ['Gebiete'], summary: 'Gebiete (ARS) by prefix, name or level',
      parameters: [
        { name: 'ars', in: 'query', schema: { type: 'string', pattern: '^\\d{1,12}$' }, description: 'ARS prefix, e.g. 06 = Hessen' },
        { name: 'q', in: 'query', schema: { type: 'string' }, description: 'start of a word of the name, e.g. Wanf' },
        { name: 'ebene', in: 'query', schema: { type: 'string' } },
        { name: 'plz', in: 'query', schema: { type: 'string', pattern: '^\\d{5}$' }, description: 'alone: the Gemeinden this PLZ covers, largest first' }, ...paging,
      ],
      responses: { 200: { description: 'a page', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Gebiet' } }, nextCursor: { type: ['string', 'null'] } } } } } }, 400: errorResponse('bad parameter') },
    } },
    '/api/v1/gebiete/{ars}': { get: {
      tags: ['Gebiete'], summary: 'One Gebiet by 12-digit ARS or short key, with the path up to the Land',
      parameters: [{ name: 'ars', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { 200: { description: 'the Gebiet', content: { 'application/json': { schema: { $ref: '#/components/schemas/Gebiet' } } } }, 404: errorResponse('unknown ARS') },
    } },
    '/api/v1/leika': { get: {
      tags: ['LeiKa'], summary: 'The bundled LeiKa catalogue (4,813 keys, end of 2019) by words, key prefix, Leistungsgruppierung or Typisierung',
      parameters: [
        { name: 'q', in: 'query', schema: { type: 'string', maxLength: 100 }, description: 'words of the name (all must occur), or the beginning of a key' },
        { name: 'gruppierung', in: 'query', schema: { type: 'string', pattern: '^\\d{3}$' }, description: 'Leistungsgruppierung (digits 3–5)' },
        { name: 'typisierung', in: 'query', schema: { type: 'string' }, description: 'one value, e.g. 4 or 2/3' }, ...paging,
      ],
      responses: { 200: { description: 'a page (with words: the best matches, one page)', content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/LeikaEintrag' } }, nextCursor: { type: ['string', 'null'] } } } } } }, 400: errorResponse('bad parameter') },
    } },
    '/api/v1/leika/{key}': { get: {
      tags: ['LeiKa'], summary: 'One LeiKa entry with its key parts, OZG-Leistung and the Leistungen that use it',
      parameters: [{ name: 'key', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{14}$' } }],
      responses: { 200: { description: 'the entry', content: { 'application/json': { schema: { $ref: '#/components/schemas/LeikaEintrag' } } } }, 404: errorResponse('not in the bundled catalogue') },
    } },
  };

  for (const type of types) {
    const content = componentName(type.schemaFile);
    const full = { allOf: [{ $ref: `#/components/schemas/${content}` }, { $ref: '#/components/schemas/Envelope' }] };
    const json = (schema: unknown) => ({ 'application/json': { schema } });
    const filters = Object.entries(type.filters ?? {}).map(([name, f]) => ({ name, in: 'query', description: f.description, schema: { type: 'string', ...(f.pattern ? { pattern: f.pattern } : {}) } }));
    const tag = type.name;
    paths[`/api/v1/${type.path}`] = {
      get: {
        tags: [tag], summary: `List ${type.name} objects`,
        parameters: [
          { name: 'ars', in: 'query', description: 'ARS prefix; objects whose Gebiet overlaps it', schema: { type: 'string', pattern: '^\\d{1,12}$' } },
          { name: 'q', in: 'query', description: 'words (German full-text, prefix match)', schema: { type: 'string' } },
          { name: 'status', in: 'query', description: 'workflow status: of the working version for editors, of the live version for readers', schema: { type: 'string', enum: ['entwurf', 'in_pruefung', 'freigegeben', 'zurueckgewiesen', 'veroeffentlicht', 'archiviert'] } },
          ...filters, ...paging,
        ],
        responses: { 200: { description: 'a page', content: json({ type: 'object', properties: { items: { type: 'array', items: full }, nextCursor: { type: ['string', 'null'] } } }) }, 400: errorResponse('bad parameter') },
      },
      post: {
        tags: [tag], summary: `Create a ${type.name}`, parameters: [comment],
        requestBody: { required: true, content: json({ $ref: `#/components/schemas/${content}` }) },
        responses: { 201: { description: 'created', headers: etag, content: json(full) }, 400: errorResponse('malformed JSON'), 409: errorResponse('duplicate'), 413: errorResponse('body too large'), 415: errorResponse('not JSON'), 422: errorResponse('schema or domain rule violated') },
      },
    };
    paths[`/api/v1/${type.path}/{id}`] = {
      parameters: [idParam],
      get: {
        tags: [tag], summary: `Get a ${type.name}: its editors see the working version (with \`veroeffentlicht\` naming the live one), everyone else the live version`,
        parameters: [{ name: 'view', in: 'query', description: 'published: the live version even for editors', schema: { type: 'string', enum: ['published', 'working'] } }],
        responses: { 200: { description: 'the object', headers: etag, content: json(full) }, 304: { description: 'not modified (If-None-Match)' }, 404: errorResponse('unknown id or not published') },
      },
      put: {
        tags: [tag], summary: `Replace a ${type.name}: saves a new working version (a published object stays live until it is published)`, parameters: [ifMatch, comment],
        requestBody: { required: true, content: json({ $ref: `#/components/schemas/${content}` }) },
        responses: { 200: { description: 'replaced (unchanged content keeps the version)', headers: etag, content: json(full) }, 404: errorResponse('unknown id'), 409: errorResponse('duplicate'), 412: errorResponse('stale If-Match'), 422: errorResponse('schema or domain rule violated'), 428: errorResponse('If-Match missing') },
      },
      delete: { tags: [tag], summary: `Delete a ${type.name}`, parameters: [ifMatch], responses: { 204: { description: 'deleted' }, 404: errorResponse('unknown id'), 409: errorResponse('still referenced'), 412: errorResponse('stale If-Match'), 428: errorResponse('If-Match missing') } },
    };
    paths[`/api/v1/${type.path}/{id}/versions`] = { parameters: [idParam], get: { tags: [tag], summary: `Saved versions of a ${type.name}, newest first (number, status, author, time, comment)`, responses: { 200: { description: '{items}' }, 404: errorResponse('unknown or not visible') } } };
    paths[`/api/v1/${type.path}/{id}/versions/{version}`] = { parameters: [idParam, { name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }], get: { tags: [tag], summary: 'One saved version with its content', responses: { 200: { description: 'the version' }, 404: errorResponse('unknown version') } } };
    paths[`/api/v1/${type.path}/{id}/versions/{version}/restore`] = { parameters: [idParam, { name: 'version', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }, ifMatch, comment], post: { tags: [tag], summary: 'Make an earlier version the newest one again (checked like any write)', responses: { 200: { description: 'the object at its new version', headers: etag }, 404: errorResponse('unknown version'), 412: errorResponse('stale If-Match'), 422: errorResponse('the old content breaks a rule now'), 428: errorResponse('If-Match missing') } } };
    paths[`/api/v1/${type.path}/{id}/transitions`] = {
      parameters: [idParam],
      post: {
        tags: [tag], summary: 'Change the workflow status of the working version: entwurf → in_pruefung → freigegeben → veroeffentlicht → archiviert, zurueckgewiesen with a reason; with `at`, publish or archive at that time',
        parameters: [{ ...ifMatch, required: false }],
        requestBody: { required: true, content: json({ type: 'object', required: ['to'], additionalProperties: false, properties: {
          to: { type: 'string', enum: ['entwurf', 'in_pruefung', 'freigegeben', 'zurueckgewiesen', 'veroeffentlicht', 'archiviert'] },
          comment: { type: 'string', maxLength: 2000, description: 'required when rejecting' },
          level: { type: 'string', enum: ['silber', 'gold'], description: 'Fachliche Freigabe level (approving)' },
          at: { type: 'string', format: 'date-time', description: 'schedule publishing or archiving' },
        } }) },
        responses: { 200: { description: 'the object after the change', headers: etag, content: json(full) }, 202: { description: 'scheduled (see `geplant`)', content: json(full) }, 401: errorResponse('not signed in'), 403: errorResponse('the role may not take this step'), 404: errorResponse('unknown or not visible'), 409: errorResponse('invalid_transition: not possible from the current status'), 412: errorResponse('stale If-Match'), 422: errorResponse('quality_gate_failed (every problem listed) or invalid request') },
      },
      get: { tags: [tag], summary: 'Status history, newest first (from, to, who, when, comment, level)', responses: { 200: { description: '{items}' }, 404: errorResponse('unknown or not visible') } },
    };
    paths[`/api/v1/${type.path}/{id}/schedule/{to}`] = {
      parameters: [idParam, { name: 'to', in: 'path', required: true, schema: { type: 'string', enum: ['veroeffentlicht', 'archiviert'] } }],
      delete: { tags: [tag], summary: 'Cancel a scheduled publishing or archiving', responses: { 204: { description: 'cancelled' }, 403: errorResponse('the role may not publish'), 404: errorResponse('nothing scheduled') } },
    };
    paths[`/api/v1/${type.path}/{id}/quality`] = { parameters: [idParam], get: { tags: [tag], summary: 'The quality gate before publishing: required modules, PVOG text rules, https links, responsibility', responses: { 200: { description: '{ok, version, problems}' }, 404: errorResponse('unknown or not visible') } } };
    paths[`/api/v1/${type.path}/{id}/diff`] = {
      parameters: [idParam, { name: 'from', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } }, { name: 'to', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'default: the current version' }],
      get: { tags: [tag], summary: 'What changed between two versions: word diff per text module and language, and the other fields', responses: { 200: { description: '{from, to, modules, fields}' }, 404: errorResponse('unknown version') } },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'fim-redaktion API', version: '1.0.0',
      description: 'Leistungen, Spezialisierungen, Organisationseinheiten, Onlinedienste, Zuständigkeiten, Kategorien and Gebiete of a FIM Landesredaktionssystem. Bodies follow XZuFi 2.2.0 names.',
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: serverUrl }],
    paths: { ...paths, ...ACCESS_PATHS, ...XZUFI_PATHS, ...SOURCE_PATHS },
    components: { schemas, securitySchemes: SECURITY_SCHEMES },
    // Reads of published content need no credentials; writes need a token or a session.
    security: [{}, { bearer: [] }, { session: [] }],
  };
}
