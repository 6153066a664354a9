// The ledger's two natural keys in one row (issue 21.6): a 外部编号 that is the item of another 编号 is refused by name,
// never read as "unchanged" with the row's 编号 dropped; and the export carries 外部编号, so its file imports back.
import { parse } from 'csv-parse/sync';
import { type TestContext, appWithCampaignEachTest } from '../../helpers/app.js';
import { dbState } from '../../helpers/db-state.js';
import { createItem } from './helpers.js';

let t: TestContext;
let campaignId: string;
appWithCampaignEachTest((app, id) => {
  t = app;
  campaignId = id;
});

let keyNo = 0;
const importJson = (items: unknown[]) => t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}`, { items }, { 'idempotency-key': `ext-${++keyNo}` });
const importCsv = (csv: string) =>
  t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}`, csv as never, { 'content-type': 'text/csv', 'idempotency-key': `ext-${++keyNo}` });
const state = () => dbState(t.app.deps.sqlite, ['idempotency_keys']);
const row = (over: Record<string, unknown>) => ({ title: '清理行政审批事项', leadUnitId: t.unit['gx-fzb'], deadline: '2027-06-30', ...over });

describe('a row whose 外部编号 is the item of another 编号', () => {
  test('when a JSON row names a new code with an existing externalId, then 422 CODE_MISMATCH names both codes and nothing is written', async () => {
    const a = await createItem(t, campaignId, { externalId: 'OA-1' });
    const before = state();
    const res = await importJson([row({ code: 'ZG-2027-009999', externalId: 'OA-1' })]);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { in: 'row', row: 1, pointer: '/code', code: 'CODE_MISMATCH', detail: `externalId OA-1 is item ${a.code}'s, not ZG-2027-009999's: correct code or externalId (the item's code does not change by import)` },
    ]);
    expect(state()).toEqual(before);
  });

  test('when a CSV row gives one item’s 编号 and another item’s 外部编号, then the row error names the column 编号 and both codes', async () => {
    const a = await createItem(t, campaignId, { externalId: 'OA-1' });
    const b = await createItem(t, campaignId, { title: '清理收费' });
    const before = state();
    const res = await importCsv(`编号,外部编号,整改事项,牵头单位,完成时限\n${b.code},OA-1,清理收费,法制办,2027-06-30\n`);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 2, pointer: '/编号', code: 'CODE_MISMATCH', detail: expect.stringContaining(`外部编号 OA-1 is item ${a.code}'s, not ${b.code}'s`) })]);
    expect(state()).toEqual(before);
  });

  test('when the mismatch follows a bad row, then both rows are listed (all or nothing, every bad row named)', async () => {
    await createItem(t, campaignId, { externalId: 'OA-1' });
    const res = await importJson([row({ deadline: '2027-02-30' }), row({ code: 'ZG-2027-009999', externalId: 'OA-1' })]);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([[1, 'INVALID_VALUE'], [2, 'CODE_MISMATCH']]);
  });

  test('when 编号 and 外部编号 name the same item, or 外部编号 alone names it, then the row is that item (unchanged)', async () => {
    const a = await createItem(t, campaignId, { externalId: 'OA-1' });
    const res = await importJson([row({ code: a.code, externalId: 'OA-1', taskCode: '3.1', description: a.description })]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, updated: 0, unchanged: 1, results: [{ row: 1, outcome: 'unchanged', id: a.id, code: a.code }] });
    const byExternal = await importJson([row({ externalId: 'OA-1' })]);
    expect(byExternal.json()).toMatchObject({ unchanged: 1, results: [{ id: a.id, code: a.code }] });
  });
});

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
