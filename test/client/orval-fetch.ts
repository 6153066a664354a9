// The fetch orval's generated functions call (its "mutator", named in test/client/orval.config.ts): the server's
// base URL and API key, and each answer as { data, status, headers } with data read by its Content-Type.
let target = { baseUrl: 'http://127.0.0.1', key: '' };

export function configureOrval(baseUrl: string, key: string): void {
  target = { baseUrl, key };
}

export async function orvalFetch<T>(url: string, init: RequestInit): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${target.key}`);
  const response = await fetch(new URL(url, target.baseUrl), { ...init, headers });
  const type = response.headers.get('content-type') ?? '';
  const data =
    response.status === 204 || response.status === 304
      ? undefined
      : /^application\/(problem\+)?json/.test(type)
        ? await response.json()
        : type.startsWith('text/')
          ? await response.text()
          : await response.blob();
  // orval names the answer's type (T: a union of { data, status } per status and media type); its own fetch template
  // builds the same object and casts it the same way. The one cast of the client check, outside the scenario code.
  return { data, status: response.status, headers: response.headers } as T;
}
