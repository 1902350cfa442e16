/**
 * One shared ajv instance: every JSON Schema in schemas/ is compiled once at first use and looked up
 * by file name. Violations become ErrorDetails with JSON-pointer paths.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ErrorDetail } from './errors';

export const SCHEMA_DIR = join(__dirname, '..', '..', 'schemas');
export const SCHEMA_BASE = 'https://fim-redaktion.de/schemas/';

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** All project schemas keyed by file name (`leistung.schema.json`). */
export function loadSchemas(): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')).sort()) {
    out.set(file, JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')));
  }
  return out;
}

function instance(): Ajv2020 {
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, useDefaults: true });
    addFormats(ajv);
    for (const schema of loadSchemas().values()) ajv.addSchema(schema);
  }
  return ajv;
}

export function validator(schemaFile: string): ValidateFunction {
  let fn = compiled.get(schemaFile);
  if (!fn) {
    fn = instance().getSchema(SCHEMA_BASE + schemaFile);
    if (!fn) throw new Error(`unknown schema ${schemaFile}`);
    compiled.set(schemaFile, fn);
  }
  return fn;
}

/** Validates (and fills schema defaults into) data; returns every violation. */
export function validateAgainst(schemaFile: string, data: unknown): ErrorDetail[] {
  const fn = validator(schemaFile);
  if (fn(data)) return [];
  return toDetails(fn.errors ?? []);
}

function toDetails(errors: ErrorObject[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // if/then and oneOf report a summary besides the concrete violations; the concrete ones are enough.
    if (e.keyword === 'if') continue;
    let path = e.instancePath || '/';
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      path = `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      path = `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`;
      message = 'is not allowed here';
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    } else if (e.keyword === 'oneOf' && e.instancePath === '' && !e.parentSchema?.$ref) {
      message = 'must match exactly one of the allowed shapes';
    }
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    details.push({ path, message, rule: e.keyword, params: e.params as Record<string, unknown> });
  }
  return details;
}
