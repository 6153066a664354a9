// The README's scenario through orval's fetch client (test/client/orval.config.ts; scripts/client-check.ts generates it
// into generated/orval, compiles this file with tsc --strict and runs it): create a unit, read it back, page, a typed
// 404, a JSON and a CSV import, an xlsx and a csv export, the change feed. No casts: answers narrow by status.
import {
  createUnit,
  exportRectificationItems,
  getImportRectificationItemsUrl,
  getUnit,
  importRectificationItems,
  listCampaigns,
  listEvents,
  listUnits,
  type importRectificationItemsResponse,
} from './generated/orval/client.js';
import { configureOrval, orvalFetch } from './orval-fetch.js';
import { csvSheet, jsonRow, type Scenario } from './scenario.js';

export async function run(baseUrl: string, key: string, scenario: Scenario): Promise<string[]> {
  configureOrval(baseUrl, key);
  const log: string[] = [];

  const created = await createUnit(scenario.unit, { 'idempotency-key': `${scenario.tag}-unit` });
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.data)}`);
  const id: string = created.data.id;
  log.push(`created unit ${id}`);

  const read = await getUnit(id);
  if (read.status !== 200 || read.data.name !== scenario.unit.name) throw new Error(`read back failed: ${JSON.stringify(read.data)}`);
  log.push(`read back ${read.data.name} (version ${read.data.version})`);

  const seen = new Set<string>();
  let pageToken: string | undefined;
  do {
    const page = await listUnits({ pageSize: 5, pageToken });
    if (page.status !== 200) throw new Error(`list failed: ${JSON.stringify(page.data)}`);
    for (const u of page.data.items) {
      if (seen.has(u.id)) throw new Error(`duplicate ${u.id} while paging`);
      seen.add(u.id);
    }
    pageToken = page.data.nextPageToken;
  } while (pageToken);
  if (!seen.has(id)) throw new Error('the created unit was not found while paging');
  log.push(`paged through ${seen.size} units`);

  const missing = await getUnit('01900000-0000-7000-8000-000000000000');
  if (missing.status !== 404 || missing.data.code !== 'NOT_FOUND') throw new Error('a missing unit should be a typed 404 problem');
  log.push('missing unit: 404 NOT_FOUND problem');

  const campaigns = await listCampaigns({ pageSize: 1 });
  const campaignId = campaigns.status === 200 ? campaigns.data.items[0]?.id : undefined;
  if (!campaignId) throw new Error('no seeded campaign');

  // A JSON import: the generated function sends {items} as JSON with its Content-Type.
  const json = await importRectificationItems({ items: [jsonRow(scenario, id)] }, { 'idempotency-key': `${scenario.tag}-json` }, { campaignId, dryRun: false });
  if (json.status !== 200 || !isReport(json)) throw new Error(`JSON import failed: ${JSON.stringify(json.data)}`);
  log.push(`JSON import: ${json.data.created} created`);

  // A CSV import: orval's function takes the JSON body (test/client/orval.config.ts), so the sheet goes through the
  // same fetch with the generated URL builder and answer type, the text as is.
  const csv = await orvalFetch<importRectificationItemsResponse>(getImportRectificationItemsUrl({ campaignId, dryRun: false }), {
    method: 'POST',
    body: csvSheet(scenario),
    headers: { 'content-type': 'text/csv; charset=utf-8', 'idempotency-key': `${scenario.tag}-csv` },
  });
  if (csv.status !== 200 || !isReport(csv)) throw new Error(`CSV import failed: ${JSON.stringify(csv.data)}`);
  log.push(`CSV import: ${csv.data.created} created`);

  const xlsx = await exportRectificationItems({ format: 'xlsx', campaignId });
  if (xlsx.status !== 200 || !(xlsx.data instanceof Blob)) throw new Error(`export failed: ${JSON.stringify(xlsx.data)}`);
  const text = await exportRectificationItems({ format: 'csv', campaignId });
  if (text.status !== 200 || typeof text.data !== 'string') throw new Error(`export failed: ${JSON.stringify(text.data)}`);
  const lines = text.data.split('\n');
  for (const code of scenario.codes) if (!lines.some((l) => l.includes(code))) throw new Error(`${code} is not in the csv export`);
  log.push(`exported ${xlsx.data.size} bytes of xlsx and ${lines.length - 1} csv lines, with ${scenario.codes.join(' and ')}`);

  // The feed walk of readme-example.ts, written again on purpose against this generator's own types: that its Event
  // union narrows (event.after.name of a unit) is part of what the check proves, which a shared helper would hide.
  let after = 0;
  let instanceId: string | undefined;
  let units = 0;
  let ledger = 0;
  for (;;) {
    const page = await listEvents({ after, pageSize: 500 });
    if (page.status !== 200) throw new Error(`feed failed: ${JSON.stringify(page.data)}`);
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

/** The import's 200 is the JSON report, or with ?format= the result sheet (a string or a Blob). */
function isReport<T extends { data: unknown }>(answer: T): answer is Extract<T, { data: { created: number } }> {
  return typeof answer.data === 'object' && answer.data !== null && !(answer.data instanceof Blob);
}
