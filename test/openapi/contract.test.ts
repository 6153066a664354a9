// API.md 5–8, 11, 21 checked over the whole generated document, so every module's routes follow them.
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';

type Json = Record<string, any>;
let doc: Json;
beforeAll(async () => {
  const app = await buildApp({ config: testConfig(), logger: false });
  try {
    await app.ready();
    doc = app.swagger() as Json;
  } finally {
    await app.close();
  }
});

const operations = () =>
  Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map(([method, op]) => ({ path, method, op: op as Json })),
  );

/** A response object, following a $ref to components.responses. */
const response = (r: Json): Json => (r.$ref ? doc.components.responses[r.$ref.split('/').pop()] : r);

/** Every `#/components/<kind>/<name>` the document refers to, outside the definition of that component itself. */
function referencedComponents(): Set<string> {
  const refs = new Set<string>();
  const walk = (node: unknown, inside: string | undefined): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, inside));
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node as Json)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/') && v !== inside) refs.add(v);
      else walk(v, inside);
    }
  };
  walk({ ...doc, components: undefined }, undefined);
  for (const [kind, group] of Object.entries(doc.components as Json)) {
    if (kind === 'securitySchemes') continue;
    for (const [name, c] of Object.entries(group as Json)) walk(c, `#/components/${kind}/${name}`);
  }
  return refs;
}

const withoutId = (s: Json): string => JSON.stringify({ ...s, $id: undefined, description: undefined });

/** Property paths without a description, walking a schema (refs are checked where they are defined). */
function undescribed(schema: unknown, at: string, out: string[]): void {
  if (!schema || typeof schema !== 'object') return;
  const s = schema as Json;
  for (const [name, prop] of Object.entries((s.properties ?? {}) as Json)) {
    if (!prop.description && !prop.$ref) out.push(`${at}.${name}`);
    undescribed(prop, `${at}.${name}`, out);
  }
  for (const k of ['anyOf', 'oneOf', 'allOf']) (s[k] ?? []).forEach((x: unknown, i: number) => undescribed(x, `${at}.${k}[${i}]`, out));
  if (s.items) undescribed(s.items, `${at}[]`, out);
}

describe('the OpenAPI document', () => {
  test('when generated, then it is OpenAPI 3.1 with a bearer scheme and every route under /v1 (or health)', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const { path } of operations()) expect(path).toMatch(/^\/(v1\/|healthz$|readyz$)/);
  });

  test('when any operation is read, then it has a unique camelCase operationId, a tag, a summary and a description', () => {
    const ids = new Set<string>();
    for (const { path, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect([where, op.operationId]).toEqual([where, expect.stringMatching(/^[a-z][A-Za-z0-9]+$/)]);
      expect(ids.has(op.operationId)).toBe(false);
      ids.add(op.operationId);
      expect([where, op.tags?.length > 0, Boolean(op.summary), Boolean(op.description)]).toEqual([where, true, true, true]);
    }
  });

  test('when any error response is declared, then it is problem+json, and 429/500 are declared everywhere', () => {
    for (const { path, method, op } of operations()) {
      const statuses = Object.keys(op.responses);
      expect([`${method} ${path}`, statuses.includes('429'), statuses.includes('500')]).toEqual([`${method} ${path}`, true, true]);
      for (const s of statuses.filter((x) => Number(x) >= 400)) {
        expect([`${method} ${path} ${s}`, Object.keys(response(op.responses[s]).content ?? {})]).toEqual([`${method} ${path} ${s}`, ['application/problem+json']]);
      }
    }
  });

  test('when a schema field is declared, then it has a description', () => {
    const missing: string[] = [];
    for (const [name, schema] of Object.entries(doc.components.schemas as Json)) undescribed(schema, name, missing);
    for (const { path, method, op } of operations()) {
      for (const [ct, c] of Object.entries((op.requestBody?.content ?? {}) as Json)) undescribed(c.schema, `${method} ${path} body ${ct}`, missing);
      for (const [s, r] of Object.entries(op.responses as Json)) for (const c of Object.values((r.content ?? {}) as Json)) undescribed(c.schema, `${method} ${path} ${s}`, missing);
      for (const p of op.parameters ?? []) if (!p.description && !p.schema?.description) missing.push(`${method} ${path} param ${p.name}`);
    }
    expect(missing).toEqual([]);
  });

  test('when a component is defined, then something refers to it (issue 12.9: no dead request schemas)', () => {
    const refs = referencedComponents();
    const unreferenced: string[] = [];
    for (const kind of ['schemas', 'responses', 'headers']) {
      for (const name of Object.keys(doc.components[kind] ?? {})) if (!refs.has(`#/components/${kind}/${name}`)) unreferenced.push(`${kind}/${name}`);
    }
    expect(unreferenced).toEqual([]);
  });

  test('when a body or response is a named component, then the operation refers to it instead of inlining a copy', () => {
    const named = new Map(Object.entries(doc.components.schemas as Json).filter(([, s]) => s.type === 'object').map(([name, s]) => [withoutId(s), name]));
    const inlined: string[] = [];
    for (const { path, method, op } of operations()) {
      for (const [ct, c] of Object.entries((op.requestBody?.content ?? {}) as Json)) {
        if (!c.schema?.$ref && named.has(withoutId(c.schema))) inlined.push(`${method} ${path} body ${ct}: ${named.get(withoutId(c.schema))}`);
      }
      for (const [s, r] of Object.entries(op.responses as Json)) {
        for (const [ct, c] of Object.entries((response(r).content ?? {}) as Json)) {
          if (c.schema && !c.schema.$ref && named.has(withoutId(c.schema))) inlined.push(`${method} ${path} ${s} ${ct}: ${named.get(withoutId(c.schema))}`);
        }
      }
    }
    expect(inlined).toEqual([]);
  });

  test('when an error response is declared, then it is the shared component of its status (one definition, not one per operation)', () => {
    const inline: string[] = [];
    for (const { path, method, op } of operations()) {
      for (const [s, r] of Object.entries(op.responses as Json)) if (Number(s) >= 400 && !(r as Json).$ref) inline.push(`${method} ${path} ${s}`);
    }
    expect(inline).toEqual([]);
    expect(doc.components.responses.NotFound.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(doc.components.responses.RateLimited.headers['Retry-After']).toEqual({ $ref: '#/components/headers/RetryAfter' });
    expect(doc.components.responses.MethodNotAllowed.headers.Allow).toEqual({ $ref: '#/components/headers/Allow' });
  });

  test('when a 304 is declared, then it has no body (issue 12.12)', () => {
    const with304 = operations().filter(({ op }) => op.responses['304']);
    expect(with304.length).toBeGreaterThan(5);
    for (const { path, op } of with304) expect([path, op.responses['304'].content]).toEqual([path, undefined]);
  });

  test('when a 204 is declared, then it has no content (issue 21.5: DELETE /v1/rectification-items/{itemId} declared a JSON body)', () => {
    const with204 = operations().filter(({ op }) => op.responses['204']);
    expect(with204.map(({ method, path }) => `${method} ${path}`)).toContain('delete /v1/rectification-items/{itemId}');
    for (const { method, path, op } of with204) expect([method, path, op.responses['204'].content]).toEqual([method, path, undefined]);
  });

  test('when a client reads servers, then it is the relative "/" so plain-HTTP npm start and "Try it out" work (issue 12.12)', () => {
    expect(doc.servers).toEqual([{ url: '/', description: expect.stringContaining('http://127.0.0.1:3000'), 'x-internal': true }]);
  });

  test('when an operation requires Idempotency-Key (imports), then the contract marks it required; elsewhere it is optional (issue 12.10)', () => {
    const required: string[] = [];
    for (const { path, method, op } of operations()) {
      const p = (op.parameters ?? []).find((x: Json) => x.in === 'header' && x.name === 'idempotency-key');
      if (method === 'post') expect([path, Boolean(p)]).toEqual([path, true]);
      if (p?.required) required.push(path);
    }
    expect(required.sort()).toEqual(['/v1/approval-items:import', '/v1/fee-items:import', '/v1/findings:import', '/v1/opinions:import', '/v1/rectification-items:import']);
  });

  test('when an operation accepts Idempotency-Key, then it declares the 422 of a reused key and the 409 of one in flight (issue 21.5)', () => {
    const missing: string[] = [];
    const keyed = operations().filter(({ op }) => (op.parameters ?? []).some((x: Json) => x.in === 'header' && x.name === 'idempotency-key'));
    expect(keyed.length).toBeGreaterThan(70);
    for (const { path, method, op } of keyed) for (const s of ['409', '422']) if (!op.responses[s]) missing.push(`${method} ${path} ${s}`);
    expect(missing).toEqual([]);
    expect(doc.components.responses.Unprocessable.description).toContain('IDEMPOTENCY_KEY_REUSED');
    expect(doc.components.responses.Conflict.description).toContain('IDEMPOTENCY_IN_FLIGHT');
    expect(doc.components.responses.Conflict.headers['Retry-After']).toEqual({ $ref: '#/components/headers/RetryAfter' });
  });

  test('when a 201 is declared, then it declares the Location header of the created resource (issue 21.5)', () => {
    const created = operations().filter(({ op }) => op.responses['201']);
    expect(created.length).toBeGreaterThan(20);
    for (const { path, method, op } of created) {
      const headers = op.responses['201'].headers ?? {};
      expect([method, path, headers.Location, headers.location]).toEqual([method, path, { $ref: '#/components/headers/Location' }, undefined]);
    }
    expect(doc.components.headers.Location.schema).toMatchObject({ type: 'string', format: 'uri-reference' });
  });

  test('when a POST response can be a replay, then it declares Idempotent-Replayed (every status below 500 a handler can answer; issue 21.5)', () => {
    const replayed = { $ref: '#/components/headers/IdempotentReplayed' };
    const missing: string[] = [];
    for (const { path, method, op } of operations().filter(({ op }) => (op.parameters ?? []).some((x: Json) => x.name === 'idempotency-key'))) {
      for (const [s, r] of Object.entries(op.responses as Json)) {
        // Before the Idempotency-Key is read: no key (401) and the rate limit (429); 5xx are never stored.
        if (['401', '429'].includes(s) || Number(s) >= 500) continue;
        if (JSON.stringify(response(r).headers?.['Idempotent-Replayed']) !== JSON.stringify(replayed)) missing.push(`${method} ${path} ${s}`);
      }
    }
    expect(missing).toEqual([]);
    expect(doc.components.headers.IdempotentReplayed.schema).toEqual({ type: 'string', enum: ['true'] });
  });

  test('when an action takes no required field, then its body is optional in the contract; with a required field it is required (issue 12.10)', () => {
    const actions = operations().filter(({ path, method }) => method === 'post' && /\}:[a-zA-Z]+$/.test(path));
    expect(actions.length).toBeGreaterThan(15);
    for (const { path, op } of actions) {
      const body = op.requestBody;
      expect([path, Boolean(body)]).toEqual([path, true]);
      const ref = body.content['application/json'].schema.$ref as string | undefined;
      const schema = ref ? doc.components.schemas[ref.split('/').pop()!] : body.content['application/json'].schema;
      expect([path, body.required]).toEqual([path, (schema.required ?? []).length > 0]);
    }
  });

  test('when an import is read, then its body may be JSON, or CSV, TSV, xlsx, xls or ods bytes, each bounded and saying how a typed client sends it (issue 12.13)', () => {
    const imports = operations().filter(({ path }) => path.endsWith(':import'));
    expect(imports.map(({ path }) => path).sort()).toEqual(['/v1/approval-items:import', '/v1/fee-items:import', '/v1/findings:import', '/v1/opinions:import', '/v1/rectification-items:import']);
    const sheets = ['application/vnd.ms-excel', 'application/vnd.oasis.opendocument.spreadsheet', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv', 'text/tab-separated-values'];
    for (const { path, op } of imports) {
      const content = op.requestBody.content;
      expect([path, Object.keys(content).sort()]).toEqual([path, ['application/json', ...sheets]]);
      for (const type of sheets) {
        expect([path, type, content[type].schema]).toEqual([path, type, expect.objectContaining({ type: 'string', format: 'binary', contentMediaType: type, maxLength: 52428800 })]);
        expect([path, type, content[type].schema.description]).toEqual([path, type, expect.stringContaining('bodySerializer: (b) => b')]);
      }
    }
  });

  test('when a JSON request body is an object, then it rejects unknown fields', () => {
    const open: string[] = [];
    const resolve = (s: Json): Json => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s);
    for (const { path, method, op } of operations()) {
      const schema = resolve(op.requestBody?.content?.['application/json']?.schema);
      if (schema?.type === 'object' && schema.additionalProperties !== false) open.push(`${method} ${path}`);
    }
    expect(open).toEqual([]);
  });

  test('when a collection is listed, then it is paginated with pageSize and pageToken', () => {
    const unpaged: string[] = [];
    for (const { path, method, op } of operations()) {
      const ok = op.responses['200']?.content?.['application/json']?.schema;
      const props = ok?.properties ?? {};
      if (method === 'get' && props.items?.type === 'array') {
        const names = (op.parameters ?? []).map((p: Json) => p.name);
        if (!names.includes('pageSize') || !names.includes('pageToken') || !props.nextPageToken) unpaged.push(path);
      }
    }
    expect(unpaged).toEqual([]);
  });

  test('when a route is public, then it is under /v1/public (or health) and declares security: []', () => {
    for (const { path, op } of operations()) {
      if (Array.isArray(op.security) && op.security.length === 0) expect(path).toMatch(/^\/(v1\/public\/|healthz$|readyz$)/);
      if (path.startsWith('/v1/public/')) expect(op.security).toEqual([]);
    }
  });

  test('when a value is one of a list, then it is a string enum, never an anyOf of constants (issue 21.5: Swagger UI offered only the first)', () => {
    const single = (x: Json) => x && typeof x === 'object' && (x.const !== undefined || (Array.isArray(x.enum) && x.enum.length === 1));
    const unions: string[] = [];
    const untyped: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
      if (!node || typeof node !== 'object') return;
      const n = node as Json;
      for (const k of ['anyOf', 'oneOf']) if (Array.isArray(n[k]) && n[k].length > 1 && n[k].every(single)) unions.push(`${at}/${k}`);
      if (Array.isArray(n.enum) && n.enum.every((v: unknown) => typeof v === 'string') && n.type !== 'string') untyped.push(at);
      for (const [k, v] of Object.entries(n)) walk(v, `${at}/${k}`);
    };
    walk(doc, '#');
    expect(unions).toEqual([]);
    expect(untyped).toEqual([]);
  });

  test('when a query parameter takes a list of values, then its schema is { type: string, enum } with every value (or a named enum)', () => {
    const bad: string[] = [];
    for (const { path, method, op } of operations()) {
      for (const p of (op.parameters ?? []) as Json[]) {
        if (p.in !== 'query') continue;
        const s = p.schema.$ref ? doc.components.schemas[p.schema.$ref.split('/').pop()] : (p.schema as Json);
        const members = (s.anyOf ?? s.oneOf ?? []) as Json[];
        if (members.length && members.every((m) => m.const !== undefined || m.enum?.length === 1)) bad.push(`${method} ${path} ?${p.name}`);
        if (s.enum && (s.type !== 'string' || s.enum.length < 2)) bad.push(`${method} ${path} ?${p.name}: ${JSON.stringify(s)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('when an export is read, then its format is optional with the default the server uses stated (issue 21.5: the ledger export required it)', () => {
    const exports = operations().filter(({ method, path }) => method === 'get' && path.endsWith(':export'));
    expect(exports.length).toBeGreaterThan(8);
    for (const { path, op } of exports) {
      const format = (op.parameters as Json[]).find((p) => p.in === 'query' && p.name === 'format')!;
      expect([path, format.required ?? false, format.schema.enum]).toEqual([path, false, expect.arrayContaining(['csv', 'xlsx'])]);
      expect([path, format.schema.enum.includes(format.schema.default)]).toEqual([path, true]);
    }
  });

  test('when enums are published, then each component lists its zh-CN labels', () => {
    const enums = Object.entries(doc.components.schemas as Json).filter(([, s]) => Array.isArray(s.enum));
    expect(enums.length).toBeGreaterThan(20);
    for (const [name, s] of enums) {
      expect([name, s.description]).toEqual([name, expect.stringContaining('zh-CN labels')]);
      for (const v of s.enum) expect([name, v]).toEqual([name, expect.stringMatching(/^[a-z][a-z0-9_]*$/)]);
    }
  });
});
