// The methods a path allows (RFC 9110 10.2.1 `Allow`, API.md 26): a known path asked with a method it has no route
// for is a 405 naming them (src/http/errors.ts), an unknown path stays 404. The router itself answers (findRoute per
// method on the concrete URL), so parameter and action paths (`/v1/units/{unitId}:merge`) match exactly as requests do.
import type { FastifyInstance } from 'fastify';

/** In the order Allow lists them; OPTIONS is served on every path (the CORS preflight route, src/http/request-id.ts). */
const PROBED = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

interface Refusal {
  method: string;
  matches: RegExp;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Routes that exist to document a refused method (config.refusesMethod): they answer 405 and are left out of Allow. */
    methodRefusals: Refusal[];
  }
  interface FastifyContextConfig {
    /** The route only answers 405 METHOD_NOT_ALLOWED (a documented refusal, e.g. changing a published fee catalogue). */
    refusesMethod?: boolean;
  }
}

/** A Fastify path of plain segments and `:param`s (the only kind a refusal uses) as a regular expression over a raw path. */
function patternOf(url: string): RegExp {
  if (/[*(]/.test(url)) throw new Error(`methods: a refusal route needs a path of plain segments and :params, not ${url}`);
  const source = url
    .split('::')
    .map((part) => part.replace(/[.+?^${}|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+'))
    .join(':');
  return new RegExp(`^${source}$`);
}

/** Records the refusal routes; registered before the modules (by the errors plugin). */
export function installMethodRegistry(app: FastifyInstance): void {
  app.decorate('methodRefusals', [] as Refusal[]);
  app.addHook('onRoute', (route) => {
    if (!route.config?.refusesMethod) return;
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      app.methodRefusals.push({ method, matches: patternOf(route.url) });
    }
  });
}

/** Whether a route matched only by taking an action's `:verb` into a parameter (see allowedMethods). */
export function holdsAction(params: unknown): boolean {
  if (!params || typeof params !== 'object') return false;
  for (const [k, v] of Object.entries(params as Record<string, unknown>)) if (k !== '*' && typeof v === 'string' && v.includes(':')) return true;
  return false;
}

/**
 * The methods `url` (a request URL, query allowed) has a route for, in Allow order with OPTIONS last; undefined when
 * no route knows the path (a 404). A refusal route counts as knowing the path but not as allowing its method.
 */
export function allowedMethods(app: FastifyInstance, url: string): string[] | undefined {
  const path = url.split('?')[0];
  let known = false;
  const allowed: string[] = [];
  for (const method of PROBED) {
    const found = app.findRoute({ method, url });
    // A `:verb` after an id names an action (API.md 15), never part of the id: `/v1/approval-reviews/{id}:submit` is not
    // a review the GET of `/:reviewId` serves (its value would fail the id's schema), though that route's pattern matches.
    if (!found || holdsAction(found.params)) continue;
    known = true;
    if (!app.methodRefusals.some((r) => r.method === method && r.matches.test(path))) allowed.push(method);
  }
  return known ? [...allowed, 'OPTIONS'] : undefined;
}
