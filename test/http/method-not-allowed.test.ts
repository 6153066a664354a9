// A known path asked with a method it has no route for is 405 with Allow; an unknown path stays 404 (RFC 9110 15.5.6,
// API.md 26, issue 21.5). Driven by the generated document, so every route added later is walked too.
import { makeApp, type TestContext } from '../helpers/app.js';

type Json = Record<string, any>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const ALLOW_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

let t: TestContext;
let doc: Json;
beforeAll(async () => {
  // Some hundred requests without a verified key: more than the public budget of a test app.
  t = await makeApp({ config: { RATE_LIMIT_PUBLIC_MAX: 100000, RATE_LIMIT_MAX: 100000 } });
  doc = t.app.swagger() as Json;
});
afterAll(() => t.close());

const UUID = '01900000-0000-7000-8000-000000000000';
/** A value the path parameter's schema accepts (some routes constrain it in the router too: `:reviewId([0-9a-fA-F-]{36})`). */
function sample(schema: Json | undefined): string {
  if (schema?.type === 'integer') return String(schema.minimum ?? 1);
  if (typeof schema?.pattern === 'string' && schema.pattern.startsWith('^[0-9a-fA-F]{8}-')) return UUID;
  if (schema?.pattern === '^YJ-[0-9]{4}-[0-9]{6,}$') return 'YJ-2027-000001';
  return 'x';
}
function concrete(template: string, item: Json): string {
  const params = new Map<string, Json>();
  for (const m of METHODS) for (const p of item[m]?.parameters ?? []) if (p.in === 'path') params.set(p.name, p.schema);
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => sample(params.get(name)));
}
const matcher = (template: string) => new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/:]+')}$`);
/** An operation that can succeed (a documented refusal declares only problems). */
const succeeds = (op: Json) => Object.keys(op.responses ?? {}).some((s) => Number(s) < 400);

/**
 * What Allow must say for a URL: every method some operation of the document serves on it, HEAD with GET, OPTIONS.
 * A path parameter never holds a colon: `{id}:verb` is an action, not an id.
 */
function expectedAllow(url: string): string[] {
  const allowed = new Set<string>(['OPTIONS']);
  for (const [template, item] of Object.entries(doc.paths as Record<string, Json>)) {
    if (!matcher(template).test(url)) continue;
    for (const m of METHODS) if (item[m] && succeeds(item[m])) allowed.add(m.toUpperCase());
  }
  if (allowed.has('GET')) allowed.add('HEAD');
  return ALLOW_ORDER.filter((m) => allowed.has(m));
}

test('when every path of the document is asked with each method it does not serve, then 405 with the Allow the document implies', async () => {
  const wrong: string[] = [];
  let asked = 0;
  for (const [template, item] of Object.entries(doc.paths as Record<string, Json>)) {
    const url = concrete(template, item);
    const allow = expectedAllow(url);
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      if (allow.includes(method)) continue;
      asked++;
      const res = await t.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${t.admin}` } });
      const got = { status: res.statusCode, allow: res.headers.allow, code: method === 'HEAD' ? 'METHOD_NOT_ALLOWED' : res.json().code };
      const want = { status: 405, allow: allow.join(', '), code: 'METHOD_NOT_ALLOWED' };
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${method} ${url} (${template}${item[method.toLowerCase()] ? ', a documented refusal' : ''}): ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  }
  expect(asked).toBeGreaterThan(200);
  expect(wrong).toEqual([]);
});

test('when a path no route knows is asked with any method, then 404 NOT_FOUND without Allow', async () => {
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
    const res = await t.app.inject({ method, url: '/v1/no-such-collection/x', headers: { authorization: `Bearer ${t.admin}` } });
    expect([method, res.statusCode, res.json().code, res.headers.allow]).toEqual([method, 404, 'NOT_FOUND', undefined]);
  }
});
