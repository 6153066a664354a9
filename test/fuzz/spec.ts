// The committed contract (openapi/openapi.json) as data for the fuzz and BOLA suites: its operations, and a
// generator of valid values from its JSON Schemas (fast-check arbitraries), so generated requests reach the handlers.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { TEXT_PATTERN, firstDisallowedCharacter } from '../../src/lib/text.js';

export type Schema = Record<string, any>;

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path template, e.g. /v1/rectification-items/{itemId}:start */
  path: string;
  params: Param[];
  /** Request body schemas by media type (application/json, text/csv). */
  body: Record<string, Schema>;
  bodyRequired: boolean;
  public: boolean;
}

export const spec = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as Schema;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function operations(doc: Schema = spec): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Schema>)) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const content = (op.requestBody?.content ?? {}) as Record<string, { schema: Schema }>;
      out.push({
        operationId: op.operationId,
        method: m.toUpperCase() as Operation['method'],
        path,
        params: ((op.parameters ?? []) as Param[]).map((p) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema ?? {} })),
        body: Object.fromEntries(Object.entries(content).map(([type, c]) => [type, c.schema])),
        bodyRequired: !!op.requestBody?.required,
        public: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return out.sort((a, b) => a.operationId.localeCompare(b.operationId));
}

export function deref(schema: Schema, doc: Schema = spec): Schema {
  let s = schema;
  for (let i = 0; s && typeof s.$ref === 'string' && i < 10; i++) {
    const name = s.$ref.replace('#/components/schemas/', '');
    s = doc.components.schemas[name];
  }
  return s ?? {};
}

export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
/** An id field: the UUID pattern, lower-case only (older routes) or any case, lower-cased on input (`x-lowercase`). */
export const isIdSchema = (s: Schema): boolean => typeof s.pattern === 'string' && (s.pattern.startsWith('^[0-9a-f]{8}-') || s.pattern.startsWith('^[0-9a-fA-F]{8}-'));

/** Known values to put into a field, by field name: ids of the fixtures, real division codes (empty: generate one). */
export type IdPool = (field: string) => readonly string[];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dayArb = fc.integer({ min: 0, max: 700 }).map((d) => new Date(Date.UTC(2026, 6, 1) + d * 86_400_000).toISOString().slice(0, 10));
/** Dates around the tests' clock (2027-03-01): today, a past and a future date of the campaign, or any day near them. */
const dateArb = fc.oneof(fc.constantFrom('2027-03-01', '2027-02-21', '2027-06-30'), dayArb);
const dateTimeArb = fc.tuple(dayArb, fc.integer({ min: 0, max: 86_399 })).map(([d, s]) => `${d}T${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}Z`);
export const randomIdArb = fc.uuid({ version: 7 });
const WORDS = ['清理行政审批事项', '整改', '销号', '牵头单位', '自治区民政厅', '群众办事难', 'A1', 'work style', '效能'];
const textArb = (min: number, max: number) =>
  fc
    .oneof(
      { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
      { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 30) }) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 12) }) },
    )
    .map((s) => (s.length < min ? s.padEnd(min, '事') : s.length > max ? s.slice(0, max) : s));

/** A fast-check arbitrary of values valid for the schema (best effort: shapes, enums, formats, patterns, bounds). */
/** `full`: every optional property present too (so a sweep can reach each field). */
export function validArb(schema: Schema, ids: IdPool, field = '', depth = 0, full = false): fc.Arbitrary<unknown> {
  const s = deref(schema);
  if (depth > 8) return fc.constant(null);
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const alts = (s.anyOf ?? s.oneOf) as Schema[];
    return fc.oneof(...alts.map((a) => ({ weight: deref(a).type === 'null' ? 1 : 4, arbitrary: validArb(a, ids, field, depth + 1, full) })));
  }
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : Math.max(min, 0) + 100_000);
      const step = s.multipleOf ?? 1;
      const lo = Math.ceil(min / step);
      const hi = Math.floor(max / step);
      return fc.oneof(fc.constant(lo * step), fc.integer({ min: lo, max: Math.min(hi, lo + 1000) }).map((n) => n * step), fc.integer({ min: lo, max: hi }).map((n) => n * step));
    }
    case 'array': {
      const items = validArb(s.items ?? {}, ids, field, depth + 1, full);
      const minLength = Math.max(s.minItems ?? 0, full && (s.maxItems ?? 1) > 0 ? 1 : 0);
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 3, 3));
      return s.uniqueItems ? fc.uniqueArray(items, { minLength, maxLength, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength, maxLength });
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) model[k] = validArb(v, ids, k, depth + 1, full);
      return fc.record(model, { requiredKeys: full ? Object.keys(props) : ((s.required ?? []) as string[]) });
    }
    case 'string':
    default: {
      if (s.format === 'date') return dateArb;
      if (s.format === 'date-time') return dateTimeArb;
      // A URL field with known values (webhook targets: only the local closed port, so nothing goes out) uses them.
      if (s.format === 'uri' && ids(field).length) return fc.constantFrom(...ids(field));
      if (s.format === 'uri') return fc.constantFrom('https://example.gov.cn/a.pdf', 'http://www.gxzf.gov.cn/zwgk/1.html');
      if (isIdSchema(s)) {
        const pool = ids(field);
        // An `x-lowercase` id is accepted in any case: send known ids upper-cased too.
        const known = s['x-lowercase'] ? [...pool, ...pool.map((v) => v.toUpperCase())] : pool;
        return known.length ? fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: randomIdArb }) : randomIdArb;
      }
      const min = s.minLength ?? 0;
      const max = s.maxLength ?? 200;
      const known = ids(field).filter((v) => v.length >= min && v.length <= max && (typeof s.pattern !== 'string' || new RegExp(s.pattern).test(v)));
      if (known.length) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: validArb(s, () => [], field, depth, full) });
      // Free text (TEXT_PATTERN, src/http/text-schema.ts): the words of the campaign and any text the rule allows.
      if (s.pattern === TEXT_PATTERN) return textArb(min, max).filter((x) => firstDisallowedCharacter(x) === undefined);
      if (typeof s.pattern === 'string') {
        const re = new RegExp(s.pattern);
        return fc.stringMatching(re).filter((x) => x.length >= min && x.length <= max);
      }
      return textArb(min, max);
    }
  }
}

/** Every object schema inside a request schema, following refs (for checks such as additionalProperties: false). */
export function walkSchema(schema: Schema, visit: (s: Schema, pointer: string) => void, pointer = '', depth = 0): void {
  const s = deref(schema);
  if (depth > 10 || !s) return;
  visit(s, pointer);
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) walkSchema(alt, visit, pointer, depth + 1);
  if (s.items) walkSchema(s.items, visit, `${pointer}/0`, depth + 1);
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) walkSchema(v, visit, `${pointer}/${k}`, depth + 1);
}
