// The README's scenario through openapi-typescript + openapi-fetch, driving the live server: compiled with tsc against
// the generated types by scripts/client-check.ts, then run. Create a unit, read it back, page through all units, a
// JSON and a CSV import, then the README's import / export / feed example.
import createClient from 'openapi-fetch';
import type { paths } from './generated/schema.js';
import { syncExample } from './readme-example.js';
import { csvSheet, jsonRow, type Scenario } from './scenario.js';

export async function run(baseUrl: string, key: string, scenario: Scenario): Promise<string[]> {
  const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${key}` } });
  const log: string[] = [];

  const created = await client.POST('/v1/units', {
    body: scenario.unit,
    params: { header: { 'idempotency-key': `${scenario.tag}-unit` } },
  });
  if (created.error || !created.data) throw new Error(`create failed: ${JSON.stringify(created.error)}`);
  const id: string = created.data.id;
  log.push(`created unit ${id}`);

  const read = await client.GET('/v1/units/{unitId}', { params: { path: { unitId: id } } });
  if (read.error || read.data?.name !== scenario.unit.name) throw new Error(`read back failed: ${JSON.stringify(read.error)}`);
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

  // A JSON and a CSV import through the same typed POST (its body is the union of the media types' schemas).
  const json = await client.POST('/v1/rectification-items:import', {
    params: { query: { campaignId, dryRun: false }, header: { 'idempotency-key': `${scenario.tag}-json` } },
    body: { items: [jsonRow(scenario, id)] },
  });
  if (!json.data || typeof json.data === 'string') throw new Error(`JSON import failed: ${JSON.stringify(json.error)}`);
  const csv = await client.POST('/v1/rectification-items:import', {
    params: { query: { campaignId, dryRun: false }, header: { 'idempotency-key': `${scenario.tag}-csv` } },
    body: csvSheet(scenario),
    bodySerializer: (body) => body,
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
  if (!csv.data || typeof csv.data === 'string') throw new Error(`CSV import failed: ${JSON.stringify(csv.error)}`);
  const exported = await client.GET('/v1/rectification-items:export', { params: { query: { format: 'csv', campaignId } }, parseAs: 'text' });
  for (const code of scenario.codes) if (!exported.data?.includes(code)) throw new Error(`${code} is not in the csv export`);
  log.push(`JSON import: ${json.data.created} created; CSV import: ${csv.data.created} created; both in the csv export`);

  log.push(...(await syncExample(baseUrl, key, campaignId)));
  return log;
}
