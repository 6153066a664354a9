// The ledger's second natural key (issue 21.6): the export carries 外部编号, so its file imports back by either key.
import { parse } from 'csv-parse/sync';
import { makeApp, type TestContext } from '../../helpers/app.js';
import { dbState } from '../../helpers/db-state.js';
import { createCampaignRow, createItem } from './helpers.js';

let t: TestContext;
let campaignId: string;
beforeEach(async () => {
  t = await makeApp();
  campaignId = createCampaignRow(t);
});
afterEach(() => t.close());

let keyNo = 0;
const importCsv = (csv: string) =>
  t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}`, csv as never, { 'content-type': 'text/csv', 'idempotency-key': `ext-${++keyNo}` });
const state = () => dbState(t.app.deps.sqlite, ['idempotency_keys']);

describe('外部编号 in the export', () => {
  test('when items carry an externalId, then the csv export has it beside 编号 and importing the file unchanged changes nothing', async () => {
    const a = await createItem(t, campaignId, { externalId: 'OA-1' });
    await createItem(t, campaignId, { title: '清理收费' });
    const csv = (await t.client(t.admin).get('/v1/rectification-items:export?format=csv&orderBy=code')).body;
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows.map((r) => r.slice(1, 3))).toEqual([['编号', '外部编号'], [a.code, 'OA-1'], ['ZG-2027-000002', '']]);
    const before = state();
    const back = await importCsv(csv);
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(state()).toEqual(before);
  });

  test('when the exported 编号 is cleared, then the row is found by its 外部编号 (no duplicate)', async () => {
    const a = await createItem(t, campaignId, { externalId: 'OA-1' });
    const csv = (await t.client(t.admin).get('/v1/rectification-items:export?format=csv')).body;
    const res = await importCsv(csv.replace(a.code, ''));
    expect(res.json()).toMatchObject({ created: 0, unchanged: 1, results: [{ id: a.id, code: a.code }] });
  });
});
