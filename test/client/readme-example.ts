// The README's typed-client example, compiled against the generated types and run by scripts/client-check.ts
// (test/repo/readme.test.ts keeps the README's copy identical to this file).
import createClient from 'openapi-fetch';
import type { paths } from './generated/schema.js';

export async function syncExample(baseUrl: string, apiKey: string, campaignId: string): Promise<string[]> {
  const client = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } });
  const log: string[] = [];

  // Import a CSV sheet: the text goes as is, with its Content-Type; imports require an Idempotency-Key.
  const csv = '\uFEFF序号,编号,整改事项,任务,牵头单位,配合单位,责任领导,完成时限,进度,状态,是否逾期,最新进展\n' + ',README-1,清理过期文件,1,财政厅,,,2027-06-30,,,,\n';
  const imported = await client.POST('/v1/rectification-items:import', {
    params: { query: { campaignId, dryRun: false }, header: { 'idempotency-key': `readme-${campaignId}` } },
    body: csv,
    bodySerializer: (body) => body,
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });
  // The 200 is the JSON report here; with ?format=csv|xlsx it would be the uploaded sheet with results (a string).
  if (!imported.data || typeof imported.data === 'string') throw new Error(`import failed: ${imported.error?.detail}`);
  log.push(`imported: ${imported.data.created} created, ${imported.data.updated} updated`);

  // Export the ledger as xlsx (bytes) and as csv (text).
  const xlsx = await client.GET('/v1/rectification-items:export', { params: { query: { format: 'xlsx', campaignId } }, parseAs: 'arrayBuffer' });
  if (!xlsx.data) throw new Error(`export failed: ${xlsx.error?.detail}`);
  const text = await client.GET('/v1/rectification-items:export', { params: { query: { format: 'csv', campaignId } }, parseAs: 'text' });
  if (text.data === undefined) throw new Error(`export failed: ${text.error?.detail}`);
  log.push(`exported ${xlsx.data.byteLength} bytes of xlsx and ${text.data.split('\n').length - 1} csv lines`);

  // Follow the change feed: keep instanceId and lastSequence; switch on entity (action and after are typed per entity).
  let after = 0;
  let instanceId: string | undefined;
  let units = 0;
  let ledger = 0;
  for (;;) {
    const page = await client.GET('/v1/events', { params: { query: { after, pageSize: 500 } } });
    if (!page.data) throw new Error(`feed failed: ${page.error?.detail}`);
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
  log.push(`feed: ${units} units created, ${ledger} ledger events, up to sequence ${after} of ${instanceId}`);
  return log;
}
