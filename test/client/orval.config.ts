// orval's configuration for the client check (scripts/client-check.ts, API.md 25): the fetch client in one file,
// header parameters as arguments, and test/client/orval-fetch.ts as its fetch (base URL, key, answers by type).
import { defineConfig } from 'orval';
import type { OpenAPIObject } from 'openapi3-ts/oas30';

const here = (path: string) => new URL(path, import.meta.url).pathname;

/**
 * orval's fetch client sends one body per operation, JSON.stringify'd; for several media types it makes a union it
 * cannot send (orval 8: does not compile; orval 7: the JSON goes without its Content-Type, a Blob as "{}"). So orval
 * sees only the JSON {items} body of an :import; a sheet goes through orvalFetch with the operation's generated URL
 * builder and response type (test/client/orval.ts).
 */
export function jsonImportBodies(spec: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(spec.paths)) {
    const body = path.endsWith(':import') ? item.post?.requestBody : undefined;
    if (!body || !('content' in body)) continue;
    const json = body.content['application/json'];
    if (json) body.content = { 'application/json': json };
  }
  return spec;
}

export default defineConfig({
  xiaoneng: {
    input: { target: here('../../openapi/openapi.json'), override: { transformer: jsonImportBodies } },
    output: {
      target: here('generated/orval/client.ts'),
      client: 'fetch',
      mode: 'single',
      headers: true,
      override: { mutator: { path: here('orval-fetch.ts'), name: 'orvalFetch' } },
    },
  },
});
