// Ajv set up for a strict contract (API.md 6): unknown fields are rejected, never stripped; bodies are never
// type-coerced ("100" is not 100); query strings and path parameters are, as they only carry text.
// Compiled validators and serializers are cached per process by schema text: every app instance (one per test,
// one per script) has the same routes, and compiling them again is most of the cost of building an app.
import type { FastifyInstance, FastifySchema } from 'fastify';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fastJsonStringify from 'fast-json-stringify';
import { isValidDate } from '../lib/dates.js';
import { LOWERCASE_KEYWORD } from '../lib/ids.js';
import { findDisallowedText } from '../lib/text.js';
import { AppError } from './errors.js';

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

function makeAjv(options: Options): Ajv {
  // validateSchema: false: the schemas are the code's own TypeBox output; checking them against the meta-schema only costs start-up time.
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, strict: false, validateSchema: false, ...options });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  ajv.addFormat('date', { type: 'string', validate: isValidDate });
  // Ids are accepted in any case and stored and compared lower-case (issue 12.15).
  ajv.addKeyword({
    keyword: LOWERCASE_KEYWORD,
    type: 'string',
    modifying: true,
    schemaType: 'boolean',
    compile: (on: boolean) => (data: string, cxt?: { parentData: Record<string | number, unknown>; parentDataProperty: string | number }) => {
      if (on && cxt && cxt.parentData !== undefined) cxt.parentData[cxt.parentDataProperty] = data.toLowerCase();
      return true;
    },
  });
  return ajv;
}

const bodyAjv = makeAjv({ coerceTypes: false, allErrors: true });
const paramAjv = makeAjv({ coerceTypes: 'array', allErrors: false });
const sharedAdded = new Map<string, string>();
const validators = new Map<string, ValidateFunction>();
const serializers = new Map<string, (data: unknown) => string>();

const sharedOf = new WeakMap<FastifyInstance, Record<string, unknown>>();

/** Shared schemas ($id) are the same in every app instance; a different schema under a known id is a bug. */
function addShared(app: FastifyInstance): Record<string, unknown> {
  const done = sharedOf.get(app);
  if (done) return done;
  const shared = app.getSchemas() as Record<string, unknown>;
  sharedOf.set(app, shared);
  for (const [id, s] of Object.entries(shared)) {
    const text = JSON.stringify(s);
    const known = sharedAdded.get(id);
    if (known === text) continue;
    if (known !== undefined) throw new Error(`shared schema ${id} differs between app instances`);
    bodyAjv.addSchema(s as object, id);
    paramAjv.addSchema(s as object, id);
    sharedAdded.set(id, text);
  }
  return shared;
}

/** The top-level integer and number fields of a path or query schema. */
function numericFields(schema: unknown): Array<[name: string, integer: boolean]> {
  const props = (schema as { properties?: Record<string, { type?: unknown }> }).properties ?? {};
  return Object.entries(props)
    .filter(([, p]) => p.type === 'integer' || p.type === 'number')
    .map(([k, p]) => [k, p.type === 'integer']);
}

const INTEGER_TEXT = /^-?(0|[1-9]\d*)$/;
const NUMBER_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * Ajv's coercion reads path and query numbers loosely ("1 ", " 1", "+1", "0x1", "1e0" all become 1): only plain decimal
 * text is a number here, so /v1/fee-catalogues/1%20 is a 400 and not catalogue 1.
 */
function canonicalNumbers(data: unknown, fields: Array<[string, boolean]>): ValidateFunction['errors'] {
  if (data === null || typeof data !== 'object') return null;
  for (const [name, integer] of fields) {
    const v = (data as Record<string, unknown>)[name];
    if (typeof v === 'string' && !(integer ? INTEGER_TEXT : NUMBER_TEXT).test(v)) {
      const message = integer ? 'must be an integer in plain decimal digits' : 'must be a number in plain decimal digits';
      return [{ instancePath: `/${name}`, schemaPath: '#', keyword: 'type', params: {}, message }];
    }
  }
  return null;
}

/**
 * The validator of an :import route: the query as usual; the body only by its shape (a sheet's bytes, or {items}
 * with at least one object), because JSON rows are checked one by one by the import and reported as row errors (422).
 */
export function importValidatorCompiler(app: FastifyInstance) {
  return ({ schema, httpPart }: { schema: unknown; httpPart?: string }) => {
    if (httpPart !== 'body') return compileValidator(app, schema, httpPart);
    const v = ((data: unknown) => {
      const d = data as { items?: unknown } | null;
      const ok = Buffer.isBuffer(data) || (typeof d === 'object' && d !== null && Object.keys(d).length === 1 && Array.isArray(d.items) && d.items.length > 0 && d.items.every((i) => typeof i === 'object' && i !== null && !Array.isArray(i)));
      v.errors = ok ? null : [{ instancePath: '/items', schemaPath: '#', keyword: 'type', params: {}, message: 'send {"items": [rows...]} with at least one row, or a sheet body (CSV, TSV, xlsx, xls or ods)' }];
      return ok;
    }) as ValidateFunction;
    return v;
  };
}

function compileValidator(app: FastifyInstance, schema: unknown, httpPart: string | undefined): ValidateFunction {
  addShared(app);
  // A binary body (a sheet of an :import) arrives as a Buffer; its bytes are checked by the import pipeline.
  if (httpPart === 'body' && (schema as { format?: string }).format === 'binary') return ((data: unknown) => Buffer.isBuffer(data)) as unknown as ValidateFunction;
  const ajv = httpPart === 'body' ? bodyAjv : paramAjv;
  const id = (schema as { $id?: string }).$id;
  const key = `${httpPart === 'body' ? 'b' : 'p'}:${JSON.stringify(schema)}`;
  const cached = validators.get(key);
  if (cached) return cached;
  // Compiled on first use, not at start-up (issue 7: cold start under 1 s); Fastify reads `.errors` off the function.
  let validate: ValidateFunction | undefined;
  const numeric = httpPart === 'body' ? [] : numericFields(schema);
  const lazy = ((data: unknown) => {
    const strict = numeric.length ? canonicalNumbers(data, numeric) : null;
    if (strict) {
      lazy.errors = strict;
      return false;
    }
    validate ??= (id && ajv.getSchema(id)) || ajv.compile(schema as FastifySchema & object);
    const ok = validate(data);
    lazy.errors = validate.errors;
    return ok;
  }) as ValidateFunction;
  validators.set(key, lazy);
  return lazy;
}

export function installCompilers(app: FastifyInstance) {
  app.setValidatorCompiler(({ schema, httpPart }) => compileValidator(app, schema, httpPart) as never);

  app.setSerializerCompiler(({ schema }) => {
    const shared = addShared(app);
    const key = JSON.stringify(schema);
    let serialize = serializers.get(key);
    if (!serialize) {
      // Built on first use (see the validators above).
      let built: ((data: unknown) => string) | undefined;
      serialize = (data: unknown) => (built ??= fastJsonStringify(schema as never, { schema: shared as never }) as (d: unknown) => string)(data);
      serializers.set(key, serialize);
    }
    return serialize;
  });
}

/**
 * One rule for the characters of every text input (lib/text.ts): path parameters, query strings and JSON bodies
 * (import rows included) are checked before schema validation; a refused character is a 400 VALIDATION_FAILED naming
 * the field. CSV bodies are text, checked cell by cell by the import that parses them.
 */
export function refuseDisallowedText(app: FastifyInstance) {
  const parts = [['path', 'params'], ['query', 'query'], ['body', 'body']] as const;
  app.addHook('preValidation', (request, _reply, done) => {
    for (const [where, key] of parts) {
      const value = request[key];
      if (value === undefined || value === null || typeof value === 'string' || Buffer.isBuffer(value)) continue;
      if (key === 'body' && request.jsonText && !request.jsonText.mayHoldDisallowed) continue;
      const found = findDisallowedText(value);
      if (found.length) {
        const errors = found.map(([pointer, detail]) => ({ in: where, pointer, detail }));
        return done(new AppError('VALIDATION_FAILED', `${where} ${errors[0].pointer}: ${errors[0].detail}`, { errors }));
      }
    }
    done();
  });
}
