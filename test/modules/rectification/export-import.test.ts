import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { eventsOf, type TestContext, appWithCampaignEachTest } from '../../helpers/app.js';
import { createItem } from './helpers.js';

let t: TestContext;
let campaignId: string;
appWithCampaignEachTest((app, id) => {
  t = app;
  campaignId = id;
});

// 外部编号 beside 编号, as in every register's export (issue 21.6).
const HEADERS = ['序号', '编号', '外部编号', '整改事项', '任务', '牵头单位', '配合单位', '责任领导', '完成时限', '进度', '状态', '是否逾期', '最新进展'];
const idem = (k: string) => ({ 'idempotency-key': k });
const count = () => (t.app.deps.sqlite.prepare('SELECT count(*) n FROM rectification_items').get() as { n: number }).n;

async function seedItems() {
  const a = await createItem(t, campaignId, { title: '减少行政审批事项', coUnitIds: [t.unit['gx-bb'], t.unit['gx-czt']], responsibleLeader: '李四', deadline: '2027-06-30' });
  const b = await createItem(t, campaignId, { title: '清理行政事业性收费', leadUnitId: t.unit['gx-czt'], taskCode: '5.1', deadline: '2027-05-31', coUnitIds: [t.unit['gx-wjj']] });
  const c = await createItem(t, campaignId, { title: '理顺职能关系，"三定"规定', leadUnitId: t.unit['gx-bb'], taskCode: '4.1', deadline: '2027-07-31' });
  await t.client(t.admin).post(`/v1/rectification-items/${b.id}/progress`, { percent: 40, completedWork: '已梳理收费项目，\n待审核' });
  return [a, b, c];
}

describe('export', () => {
  test('when exporting csv, then a UTF-8 BOM, the Chinese headers and one row per item', async () => {
    await seedItems();
    const res = await t.client(t.admin).get('/v1/rectification-items:export?format=csv&orderBy=code');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(res.body, { bom: true }) as string[][];
    expect(rows[0]).toEqual(HEADERS);
    expect(rows).toHaveLength(4);
    expect(rows[1]).toEqual(['1', 'ZG-2027-000001', '', '减少行政审批事项', '3.1', '自治区法制办', '自治区编办、自治区财政厅', '李四', '2027-06-30', '0', '未开始', '否', '']);
    expect(rows[2][12]).toBe('已梳理收费项目，\n待审核');
  });

  test('when exporting xlsx, then exceljs reads back the same rows as the csv', async () => {
    await seedItems();
    t.clock.set('2027-06-10T00:00:00Z');
    const csv = parse((await t.client(t.admin).get('/v1/rectification-items:export?format=csv')).body, { bom: true }) as string[][];
    const res = await t.client(t.admin).get('/v1/rectification-items:export?format=xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    // Dates are date cells (UTC midnight of the day), the rest text or numbers.
    ws.eachRow((row) => rows.push(Array.from({ length: HEADERS.length }, (_, i) => (row.values as unknown[])[i + 1]).map((v) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v)))));
    expect(rows).toEqual(csv);
    expect(csv[1][HEADERS.indexOf('是否逾期')]).toBe('是');
  });

  test('when an agency key exports, then only its items; an unknown format is a 400', async () => {
    await seedItems();
    const key = t.key(['unit_editor'], t.unit['gx-wjj']);
    const rows = parse((await t.client(key).get('/v1/rectification-items:export?format=csv')).body, { bom: true }) as string[][];
    expect(rows.slice(1).map((r) => r[HEADERS.indexOf('整改事项')])).toEqual(['清理行政事业性收费']);
    expect((await t.client(t.admin).get('/v1/rectification-items:export?format=pdf')).statusCode).toBe(400);
  });
});

describe('import', () => {
  test('when an exported csv is imported back, then the same items: nothing created or changed', async () => {
    const made = await seedItems();
    const before = (await t.client(t.admin).get('/v1/rectification-items?orderBy=code')).json().items;
    const csv = (await t.client(t.admin).get('/v1/rectification-items:export?format=csv')).body;
    const res = await t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}`, csv, idem('imp-1'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, created: 0, updated: 0, unchanged: 3, rows: 3, source: { format: 'csv', encoding: 'UTF-8', encodingSource: 'bom' } });
    expect((await t.client(t.admin).get('/v1/rectification-items?orderBy=code')).json().items).toEqual(before);
    expect(eventsOf(t.app, made[0].id).map((e) => e.action)).toEqual(['create']);
  });

  test('when an exported csv is edited (a title changed, a row added), then one update and one create', async () => {
    await seedItems();
    const csv = (await t.client(t.admin).get('/v1/rectification-items:export?format=csv&orderBy=code')).body;
    const edited = csv.replace('减少行政审批事项', '大幅减少行政审批事项') + ',,,推行行政执法责任制,5.2,法制办,监察厅,,2027-05-31,,,,\n';
    const res = await t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}`, edited, idem('imp-2'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, updated: 1, unchanged: 2, rows: 4 });
    const items = (await t.client(t.admin).get('/v1/rectification-items?orderBy=code')).json().items;
    expect(items[0].title).toBe('大幅减少行政审批事项');
    expect(items[3]).toMatchObject({ code: 'ZG-2027-000004', title: '推行行政执法责任制', leadUnitId: t.unit['gx-fzb'], coUnitIds: [t.unit['gx-jct']] });
    expect(eventsOf(t.app, items[0].id).pop()).toMatchObject({ action: 'import_update', reason: 'import' });
  });

  test('when a csv has bad rows, then 422 IMPORT_INVALID names every bad row and nothing is written', async () => {
    const csv = [HEADERS.join(','), ',,,事项一,1,法制办,,,2027-06-30,,,,', ',,,事项二,1,不存在的单位,,,2027-06-30,,,,', ',,,事项三,1,法制办,,,2027-02-30,,,,'].join('\n');
    const res = await t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}`, csv, idem('imp-3'));
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('IMPORT_INVALID');
    expect(res.json().errors.map((e: { row: number; pointer: string }) => [e.row, e.pointer])).toEqual([[3, '/牵头单位'], [4, '/完成时限']]);
    expect(count()).toBe(0);
  });

  test('when JSON rows upsert by externalId, and a dry run is asked, then the report counts and nothing is written on the dry run', async () => {
    const body = { items: [{ externalId: 'OA-1', campaignId, title: '事项A', leadUnitId: t.unit['gx-fzb'], deadline: '2027-06-30' }] };
    const dry = await t.client(t.admin).post('/v1/rectification-items:import?dryRun=true', body, idem('imp-4'));
    expect(dry.json()).toMatchObject({ dryRun: true, created: 1 });
    expect(count()).toBe(0);
    expect((await t.client(t.admin).post('/v1/rectification-items:import', body, idem('imp-5'))).json()).toMatchObject({ created: 1 });
    const again = await t.client(t.admin).post('/v1/rectification-items:import', { items: [{ ...body.items[0], title: '事项A（修订）' }] }, idem('imp-6'));
    expect(again.json()).toMatchObject({ created: 0, updated: 1 });
    expect(count()).toBe(1);
  });

  test('when a new row has no campaign, or the Idempotency-Key is missing, or the key is not admin, then 422, 400, 403', async () => {
    const body = { items: [{ title: '事项', leadUnitId: t.unit['gx-fzb'], deadline: '2027-06-30' }] };
    const res = await t.client(t.admin).post('/v1/rectification-items:import', body, idem('imp-7'));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ row: 1, pointer: '/campaignId' });
    expect((await t.client(t.admin).post('/v1/rectification-items:import', body)).statusCode).toBe(400);
    expect((await t.client(t.key(['unit_editor'], t.unit['gx-fzb'])).post('/v1/rectification-items:import', body, idem('imp-8'))).statusCode).toBe(403);
  });
});
