// The README's scenario through the @hey-api/openapi-ts fetch client (scripts/client-check.ts generates it into
// generated/hey-api, compiles this file with tsc --strict and runs it): create a unit, read it back, page, a typed 404,
// a JSON and a CSV import, an xlsx and a csv export, the change feed. No casts.
import { createClient, createConfig } from './generated/hey-api/client/index.js';
import { createUnit, exportRectificationItems, getUnit, importRectificationItems, listCampaigns, listEvents, listUnits } from './generated/hey-api/index.js';
import type { ImportRectificationItemsErrors, ImportRectificationItemsResponses } from './generated/hey-api/index.js';
import { csvSheet, jsonRow, type Scenario } from './scenario.js';

export async function run(baseUrl: string, key: string, scenario: Scenario): Promise<string[]> {
  const client = createClient(createConfig({ baseUrl, headers: { authorization: `Bearer ${key}` } }));
  const log: string[] = [];

  const created = await createUnit({ client, body: scenario.unit, headers: { 'idempotency-key': `${scenario.tag}-unit` } });
  if (!created.data) throw new Error(`create failed: ${JSON.stringify(created.error)}`);
  const id: string = created.data.id;
  log.push(`created unit ${id}`);

  const read = await getUnit({ client, path: { unitId: id } });
  if (read.data?.name !== scenario.unit.name) throw new Error(`read back failed: ${JSON.stringify(read.error)}`);
  log.push(`read back ${read.data.name} (version ${read.data.version})`);

  const seen = new Set<string>();
  let pageToken: string | undefined;
  do {
    const page = await listUnits({ client, query: { pageSize: 5, pageToken } });
    if (!page.data) throw new Error(`list failed: ${JSON.stringify(page.error)}`);
    for (const u of page.data.items) {
      if (seen.has(u.id)) throw new Error(`duplicate ${u.id} while paging`);
      seen.add(u.id);
    }
    pageToken = page.data.nextPageToken;
  } while (pageToken);
  if (!seen.has(id)) throw new Error('the created unit was not found while paging');
  log.push(`paged through ${seen.size} units`);

  const missing = await getUnit({ client, path: { unitId: '01900000-0000-7000-8000-000000000000' } });
  if (missing.response.status !== 404 || missing.error?.code !== 'NOT_FOUND') throw new Error('a missing unit should be a typed 404 problem');
  log.push('missing unit: 404 NOT_FOUND problem');

  const campaigns = await listCampaigns({ client, query: { pageSize: 1 } });
  const campaignId = campaigns.data?.items[0]?.id;
  if (!campaignId) throw new Error('no seeded campaign');

  // A JSON import: the generated function sends {items} as JSON with its Content-Type.
  const json = await importRectificationItems({
    client,
    body: { items: [jsonRow(scenario, id)] },
    query: { campaignId, dryRun: false },
    headers: { 'idempotency-key': `${scenario.tag}-json` },
  });
  if (!json.data) throw new Error(`JSON import failed: ${JSON.stringify(json.error)}`);
  log.push(`JSON import: ${json.data.created} created`);

  // A CSV import: hey-api types an operation's first JSON body only (hey-api/hey-api#2311), so a sheet goes through
  // the client's own post with the operation's generated response and error types, the text as is.
  const csv = await client.post<ImportRectificationItemsResponses, ImportRectificationItemsErrors>({
    url: '/v1/rectification-items:import',
    security: [{ scheme: 'bearer', type: 'http' }],
    query: { campaignId, dryRun: false },
    body: csvSheet(scenario),
    bodySerializer: null,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'idempotency-key': `${scenario.tag}-csv` },
  });
  if (!csv.data) throw new Error(`CSV import failed: ${JSON.stringify(csv.error)}`);
  log.push(`CSV import: ${csv.data.created} created`);

  // Exports: the 200 is typed as the xlsx Blob; asking for a Blob keeps the csv one honest too.
  const xlsx = await exportRectificationItems({ client, query: { format: 'xlsx', campaignId }, parseAs: 'blob' });
  if (!xlsx.data) throw new Error(`export failed: ${JSON.stringify(xlsx.error)}`);
  const text = await exportRectificationItems({ client, query: { format: 'csv', campaignId }, parseAs: 'blob' });
  if (!text.data) throw new Error(`export failed: ${JSON.stringify(text.error)}`);
  const lines = (await text.data.text()).split('\n');
  for (const code of scenario.codes) if (!lines.some((l) => l.includes(code))) throw new Error(`${code} is not in the csv export`);
  log.push(`exported ${xlsx.data.size} bytes of xlsx and ${lines.length - 1} csv lines, with ${scenario.codes.join(' and ')}`);

  // The feed walk of readme-example.ts, written again on purpose against this generator's own types: that its Event
  // union narrows (event.after.name of a unit) is part of what the check proves, which a shared helper would hide.
  let after = 0;
  let instanceId: string | undefined;
  let units = 0;
  let ledger = 0;
  for (;;) {
    const page = await listEvents({ client, query: { after, pageSize: 500 } });
    if (!page.data) throw new Error(`feed failed: ${JSON.stringify(page.error)}`);
    if (instanceId !== undefined && page.data.instanceId !== instanceId) throw new Error('the database was replaced: resync from 0');
    instanceId = page.data.instanceId;
    for (const event of page.data.items) {
      switch (event.entity) {
        case 'unit':
          if (event.action === 'create' && event.after) units += event.after.name ? 1 : 0;
          break;
        case 'rectification_item':
          ledger++;
          break;
        default:
          break;
      }
    }
    if (page.data.lastSequence === after) break;
    after = page.data.lastSequence;
  }
  log.push(`feed: ${units} units created, ${ledger} ledger events, up to sequence ${after}`);
  return log;
}
