// A typed client (openapi-typescript + openapi-fetch) driving the live server: compiled with tsc against the
// generated types by scripts/client-check.ts, then run. Create a unit, read it back, page through all units, then the
// README's import / export / feed example.
import createClient from 'openapi-fetch';
import type { paths } from './generated/schema.js';
import { syncExample } from './readme-example.js';

export async function run(baseUrl: string, key: string): Promise<string[]> {
  const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${key}` } });
  const log: string[] = [];

  const created = await client.POST('/v1/units', {
    body: { name: '南宁市良庆区', kind: 'county', level: 'county', divisionCode: '450108' },
    params: { header: { 'idempotency-key': `client-check-${Date.now()}` } },
  });
  if (created.error || !created.data) throw new Error(`create failed: ${JSON.stringify(created.error)}`);
  const id: string = created.data.id;
  log.push(`created unit ${id}`);

  const read = await client.GET('/v1/units/{unitId}', { params: { path: { unitId: id } } });
  if (read.error || read.data?.name !== '南宁市良庆区') throw new Error(`read back failed: ${JSON.stringify(read.error)}`);
  log.push(`read back ${read.data.name} (version ${read.data.version})`);

  const seen = new Set<string>();
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const page = await client.GET('/v1/units', { params: { query: { pageSize: 5, pageToken } } });
    if (page.error || !page.data) throw new Error(`list failed: ${JSON.stringify(page.error)}`);
    for (const u of page.data.items) {
      if (seen.has(u.id)) throw new Error(`duplicate ${u.id} while paging`);
      seen.add(u.id);
    }
    pageToken = page.data.nextPageToken;
    pages++;
  } while (pageToken);
  if (!seen.has(id)) throw new Error('the created unit was not found while paging');
  log.push(`paged through ${seen.size} units in ${pages} pages`);

  const problem = await client.GET('/v1/units/{unitId}', { params: { path: { unitId: '01900000-0000-7000-8000-000000000000' } } });
  if (problem.response.status !== 404 || problem.error?.code !== 'NOT_FOUND') {
    throw new Error('a missing unit should be a typed 404 problem');
  }
  log.push('missing unit: 404 NOT_FOUND problem');

  // The README's example: a CSV import, an xlsx and a csv export, a feed sync; no casts.
  const campaigns = await client.GET('/v1/campaigns', { params: { query: { pageSize: 1 } } });
  const campaignId = campaigns.data?.items[0]?.id;
  if (!campaignId) throw new Error('no seeded campaign');
  log.push(...(await syncExample(baseUrl, key, campaignId)));
  return log;
}
