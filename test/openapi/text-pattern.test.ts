// API.md 26 / issue 21.5 over the whole generated document: every string a request carries — body properties (JSON
// and import rows), query and path parameters — states what the server accepts. One without an enum, a format, a
// const or a pattern of its own must carry TEXT_PATTERN (src/http/text-schema.ts), the rule of src/lib/text.ts.
import { makeApp } from '../helpers/app.js';
import { TEXT_PATTERN } from '../../src/lib/text.js';

type Json = Record<string, any>;
let doc: Json;
beforeAll(async () => {
  const t = await makeApp({ seedUnits: false });
  doc = t.app.swagger() as Json;
  await t.close();
});

interface Leaf {
  where: string;
  schema: Json;
}

/** Every string schema reachable from `schema` (through $refs, unions, arrays, objects), named by where it sits. */
function strings(schema: Json | undefined, where: string, out: Leaf[], seen = new Set<string>()): Leaf[] {
  if (!schema || typeof schema !== 'object') return out;
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop()!;
    if (seen.has(name)) return out;
    return strings(doc.components.schemas[name], `${where}(${name})`, out, new Set([...seen, name]));
  }
  for (const k of ['anyOf', 'oneOf', 'allOf']) (schema[k] ?? []).forEach((s: Json) => strings(s, where, out, seen));
  if (schema.items) strings(schema.items, `${where}[]`, out, seen);
  for (const [name, s] of Object.entries((schema.properties ?? {}) as Json)) strings(s, `${where}.${name}`, out, seen);
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') strings(schema.additionalProperties, `${where}{}`, out, seen);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('string')) out.push({ where, schema });
  return out;
}

/** The request strings of every operation: JSON and sheet bodies, query and path parameters. */
function requestStrings(): Leaf[] {
  const out: Leaf[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const at = `${method.toUpperCase()} ${path}`;
      for (const p of (op.parameters ?? []) as Json[]) if (p.in === 'query' || p.in === 'path') strings(p.schema, `${at} ${p.in}:${p.name}`, out);
      for (const [type, content] of Object.entries((op.requestBody?.content ?? {}) as Json)) strings(content.schema, `${at} body ${type}`, out);
    }
  }
  return out;
}

const bounded = (s: Json) => 'enum' in s || 'format' in s || 'const' in s || typeof s.pattern === 'string';

test('when every request string of the document is read, then each has an enum, a format, a const or a pattern (free text: TEXT_PATTERN)', () => {
  const all = requestStrings();
  expect(all.length).toBeGreaterThan(300);
  expect(all.filter((l) => !bounded(l.schema)).map((l) => l.where)).toEqual([]);
});

test('when a request string has a pattern of its own, then it refuses the characters the text rule refuses too', () => {
  const refused = ['\u0001', '\u0085', '\u202e', '\u2066'];
  const admitting = requestStrings()
    .filter((l) => typeof l.schema.pattern === 'string' && l.schema.pattern !== TEXT_PATTERN)
    .filter((l) => refused.some((c) => new RegExp(l.schema.pattern, 'u').test(`a${c}b`)))
    .map((l) => `${l.where} ${l.schema.pattern}`);
  expect(admitting).toEqual([]);
});

test('when the free-text fields the issue names are read, then they carry TEXT_PATTERN (titles, opinions, q, ?sheet, import rows)', () => {
  const all = requestStrings();
  const patternAt = (suffix: string) => [...new Set(all.filter((l) => l.where.endsWith(suffix)).map((l) => l.schema.pattern))];
  expect(patternAt('(CreateRectificationItem).title')).toEqual([TEXT_PATTERN]);
  expect(patternAt('(PublicOpinionSubmission).text')).toEqual([TEXT_PATTERN]);
  expect(patternAt('(RectificationImportRow).title')).toEqual([TEXT_PATTERN]);
  expect(patternAt('GET /v1/rectification-items query:q')).toEqual([TEXT_PATTERN]);
  expect(patternAt('POST /v1/rectification-items:import query:sheet')).toEqual([TEXT_PATTERN]);
});
