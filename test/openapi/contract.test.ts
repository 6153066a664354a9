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
        expect([`${method} ${path} ${s}`, Object.keys(op.responses[s].content ?? {})]).toEqual([`${method} ${path} ${s}`, ['application/problem+json']]);
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

  test('when enums are published, then each component lists its zh-CN labels', () => {
    const enums = Object.entries(doc.components.schemas as Json).filter(([, s]) => Array.isArray(s.enum));
    expect(enums.length).toBeGreaterThan(20);
    for (const [name, s] of enums) {
      expect([name, s.description]).toEqual([name, expect.stringContaining('zh-CN labels')]);
      for (const v of s.enum) expect([name, v]).toEqual([name, expect.stringMatching(/^[a-z][a-z0-9_]*$/)]);
    }
  });
});
