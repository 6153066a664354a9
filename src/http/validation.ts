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
      v.errors = ok ? null : [{ instancePath: '/items', schemaPath: '#', keyword: 'type', params: {}, message: 'send {"items": [rows...]} with at least one row, or a CSV or xlsx body' }];
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
  const lazy = ((data: unknown) => {
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
