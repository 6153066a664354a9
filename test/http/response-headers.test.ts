// The headers every response carries (issue 13: computed once, fewer and shorter): X-Request-Id, the security headers
// of a JSON API, RateLimit-*, and CORS — `*` on /v1/public, the CORS_ORIGINS allow-list elsewhere, preflights 204.
import { appsClosedAfterEach } from '../helpers/apps.js';

const start = appsClosedAfterEach();
const ALLOWED = 'https://zwfw.gxzf.gov.cn';

describe('response headers', () => {
  test('when any route answers, then exactly the JSON API security headers are set, and none of a web page’s', async () => {
    const t = await start();
    for (const res of [await t.client(t.admin).get('/v1/units'), await t.client().get('/healthz'), await t.client().get('/v1/nothing-here')]) {
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      for (const gone of ['x-frame-options', 'referrer-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options', 'x-permitted-cross-domain-policies', 'x-xss-protection']) {
        expect(res.headers[gone]).toBeUndefined();
      }
    }
  });

  test('when /healthz answers without CORS_ORIGINS, then its headers are these and no more', async () => {
    const t = await start();
    const res = await t.client().get('/healthz', { 'x-request-id': 'probe-1' });
    expect(res.headers['x-request-id']).toBe('probe-1');
    const names = Object.keys(res.headers).filter((h) => !['date', 'connection', 'keep-alive'].includes(h)).sort();
    expect(names).toEqual(['content-length', 'content-security-policy', 'content-type', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'strict-transport-security', 'x-content-type-options', 'x-request-id']);
  });

  test('when a browser calls /v1/public from any origin, then Access-Control-Allow-Origin is * with the exposed headers, without Vary', async () => {
    const t = await start({ config: { CORS_ORIGINS: ALLOWED } });
    const res = await t.client().get('/v1/public/publicity', { origin: 'https://anyone.example' });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toBe('etag, location, idempotent-replayed, x-request-id, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset');
    expect(res.headers.vary).toBeUndefined();
  });

  test('when a browser calls an authenticated route, then only an allowed origin is echoed, with Vary: Origin', async () => {
    const t = await start({ config: { CORS_ORIGINS: `https://other.example, ${ALLOWED}` } });
    const ok = await t.client(t.admin).get('/v1/units', { origin: ALLOWED });
    expect(ok.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(ok.headers['access-control-expose-headers']).toContain('etag');
    expect(ok.headers.vary).toBe('Origin');
    const other = await t.client(t.admin).get('/v1/units', { origin: 'https://evil.example' });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.headers['access-control-expose-headers']).toBeUndefined();
    expect(other.headers.vary).toBe('Origin');
    expect((await t.client(t.admin).get('/v1/units')).headers.vary).toBe('Origin');
  });

  test('when there is no allow-list, then authenticated routes send no CORS header and no Vary', async () => {
    const t = await start();
    const res = await t.client(t.admin).get('/v1/units', { origin: ALLOWED });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers.vary).toBeUndefined();
  });

  test('when a browser sends a preflight, then 204 with methods, headers and max-age for an allowed origin (any origin on /v1/public), nothing for another', async () => {
    const t = await start({ config: { CORS_ORIGINS: ALLOWED } });
    const preflight = (url: string, origin: string) =>
      t.app.inject({ method: 'OPTIONS', url, headers: { origin, 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization, if-match' } });
    const ok = await preflight('/v1/units', ALLOWED);
    expect(ok.statusCode).toBe(204);
    expect(ok.headers).toMatchObject({
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-methods': 'GET, HEAD, POST, PUT, PATCH, DELETE',
      'access-control-allow-headers': 'authorization, content-type, if-match, if-none-match, idempotency-key, x-request-id',
      'access-control-max-age': '600',
      'content-length': '0',
    });
    const pub = await preflight('/v1/public/fee-catalogue/check?unit=x&item=y', 'https://anyone.example');
    expect(pub.statusCode).toBe(204);
    expect(pub.headers['access-control-allow-origin']).toBe('*');
    expect(pub.headers['access-control-allow-methods']).toBeDefined();
    const evil = await preflight('/v1/units', 'https://evil.example');
    expect(evil.statusCode).toBe(204);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    expect(evil.headers['access-control-allow-methods']).toBeUndefined();
  });

  test('when OPTIONS is not a preflight, then 204 with the path’s Allow, or 404 problem+json on an unknown path (RFC 9110 9.3.7)', async () => {
    const t = await start({ config: { CORS_ORIGINS: ALLOWED } });
    const res = await t.app.inject({ method: 'OPTIONS', url: '/v1/units' });
    expect(res.statusCode).toBe(204);
    expect(res.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    expect(res.body).toBe('');
    const unknown = await t.app.inject({ method: 'OPTIONS', url: '/v1/no-such-thing' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('NOT_FOUND');
  });

  test('when /docs is served, then it carries the CSP its page needs', async () => {
    const t = await start({ config: { DOCS: true } });
    const res = await t.client().get('/docs');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
  });

  test('when /docs is served over plain HTTP, then its CSP has no upgrade-insecure-requests (an intranet page stays usable)', async () => {
    const t = await start({ config: { DOCS: true } });
    for (const url of ['/docs', '/docs/', '/docs/static/index.html']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    }
    // An untrusted X-Forwarded-Proto changes nothing.
    const spoofed = await t.app.inject({ method: 'GET', url: '/docs', headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
  });

  test('when /docs is reached over TLS through a trusted proxy, then its CSP has upgrade-insecure-requests', async () => {
    const t = await start({ config: { DOCS: true, TRUST_PROXY: 'true' } });
    const res = await t.app.inject({ method: 'GET', url: '/docs', headers: { 'x-forwarded-proto': 'https' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/upgrade-insecure-requests;$/);
    const api = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
