// Every register exports as xlsx and csv (issue 12.7) with the same filters as its list, and the xlsx is a sheet
// officials can work with (issue 12.8): fitted widths, frozen bold header, autofilter, date cells, money in yuan,
// a Chinese sheet name and a 导出说明 sheet. CSV cells are neutralised against formula injection in every export.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { makeApp, createCampaignRow, type TestContext } from '../../helpers/app.js';
import { setUp, newItem, newReview, type Fx } from '../../modules/approval-cleanup/fixtures.js';
import { planCampaign, report } from '../../modules/campaigns/setup.js';

let t: TestContext;
let fx: Fx;
beforeEach(async () => {
  t = await makeApp();
  fx = setUp(t);
});
afterEach(() => t.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let keyNo = 0;
const idem = () => ({ 'idempotency-key': `x-${++keyNo}` });
const csvRows = (body: string) => parse(body, { bom: true }) as string[][];
async function book(res: { rawPayload: Buffer }) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}
const FEE_HEADER = ['项目编码', '项目名称', '执收单位', '收费类别', '设立级次', '政策依据', '收费标准', '资金管理方式', '涉企', '现行收费(元)', '年收费量'];
/** The export writes the optional 外部编号 (externalId) last: the import reads it back. */
const FEE_EXPORT_HEADER = [...FEE_HEADER, '外部编号'];
const feeCsv = [
  FEE_HEADER.join(','),
  'GX-1,=1+1收费,自治区民政厅,行政性,中央/国家,财综〔2004〕5号《关于公布行政事业性收费项目的通知》,10元/件,缴入地方国库,是,1234.5,30',
  'GX-2,档案查询费,自治区民政厅,事业性,自治区,桂价费〔2010〕12号,5-20元/次,,否,,',
].join('\n');

describe('fee items export', () => {
  test('when fee items are exported as xlsx, then the sheet is polished: Chinese name, frozen bold header, autofilter, fitted widths, money as yuan numbers, a 导出说明 sheet', async () => {
    expect((await t.client(t.admin).post('/v1/fee-items:import', feeCsv, idem())).statusCode).toBe(200);
    t.clock.set('2027-03-02T04:05:06Z');
    const res = await t.client(t.admin).get('/v1/fee-items:export?category=administrative');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const wb = await book(res);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('行政事业性收费项目');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBeTruthy();
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(FEE_EXPORT_HEADER);
    expect(ws.rowCount).toBe(2); // the filter: administrative only
    const charge = ws.getRow(2).getCell(10);
    expect(charge.value).toBe(1234.5);
    expect(charge.numFmt).toBe('#,##0.00');
    expect(ws.getColumn(6).width).toBeGreaterThan(20); // fitted to 政策依据
    expect(ws.getColumn(9).width).toBeLessThan(12);
    const about = wb.getWorksheet('导出说明')!;
    const lines = new Map<string, unknown>();
    about.eachRow((r) => lines.set(String(r.getCell(1).value), r.getCell(2).value));
    expect(lines.get('导出时间')).toEqual(new Date('2027-03-02T12:05:06Z')); // 12:05:06 in Asia/Shanghai, as Excel shows it
    expect(lines.get('筛选：category')).toBe('administrative');
    expect(lines.get('记录数')).toBe(1);
  });

  test('when the fee items csv is exported, edited and imported back, then nothing is duplicated and the formula-like name is restored', async () => {
    await t.client(t.admin).post('/v1/fee-items:import', feeCsv, idem());
    const res = await t.client(t.admin).get('/v1/fee-items:export?format=csv&orderBy=code');
    expect(res.statusCode).toBe(200);
    const rows = csvRows(res.body);
    expect(rows[0]).toEqual(FEE_EXPORT_HEADER);
    expect(rows[1].slice(0, 2)).toEqual(['GX-1', "'=1+1收费"]);
    expect(rows[1][9]).toBe('1234.50');
    const back = await t.client(t.admin).post('/v1/fee-items:import', res.body.replace('档案查询费', '档案查询服务费'), idem());
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect((await t.client(t.admin).get('/v1/fee-items?orderBy=code')).json().items.map((i: { name: string }) => i.name)).toEqual(['=1+1收费', '档案查询服务费']);
  });
});

describe('approval exports', () => {
  test('when the catalogue is exported with a filter, then only those items, with the import’s headers; the xlsx imports back without duplicates', async () => {
    await newItem(t, fx, { kind: 'non_licence', name: '@危险名称' });
    await newItem(t, fx);
    const csv = await t.client(t.admin).get('/v1/approval-items:export?format=csv&kind=non_licence');
    const rows = csvRows(csv.body);
    expect(rows[0]).toEqual(['事项编码', '事项名称', '实施机关', '设定依据', '实施依据', '备注', '类型', '依据层级', '状态', '外部编号']);
    expect(rows).toHaveLength(2);
    expect(rows[1].slice(1, 3)).toEqual(["'@危险名称", '自治区财政厅']);
    expect(rows[1][6]).toBe('非行政许可审批');
    const xlsx = await t.client(t.admin).get('/v1/approval-items:export');
    const before = (t.app.deps.sqlite.prepare('SELECT count(*) n FROM approval_items').get() as { n: number }).n;
    const back = await t.client(t.admin).post('/v1/approval-items:import', xlsx.rawPayload as never, { ...idem(), 'content-type': XLSX });
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ created: 0, rows: 2 });
    expect((t.app.deps.sqlite.prepare('SELECT count(*) n FROM approval_items').get() as { n: number }).n).toBe(before);
  });

  test('when reviews are exported, then each row carries the item, the stage and the rule findings', async () => {
    const item = await newItem(t, fx);
    await newReview(t, fx, item.id);
    const res = await t.client(t.admin).get('/v1/approval-reviews:export?format=csv');
    expect(res.statusCode).toBe(200);
    const rows = csvRows(res.body);
    expect(rows[0]).toContain('规则发现');
    expect(rows).toHaveLength(2);
    expect(rows[1][0]).toBe(item.code);
    const x = await t.client(t.admin).get('/v1/approval-reviews:export');
    expect((await book(x)).worksheets[0].name).toBe('审批事项清理审核');
  });
});

describe('other registers', () => {
  test('when fee reviews are exported, then 200 with their header row', async () => {
    const res = await t.client(t.admin).get('/v1/fee-reviews:export?format=csv');
    expect(res.statusCode).toBe(200);
    expect(csvRows(res.body)[0]).toEqual(expect.arrayContaining(['项目编码', '审核状态', '规则发现', '核定标准(元)']));
  });

  test('when no fee catalogue is published, then the public export is a problem+json 404, not a cut file', async () => {
    const res = await t.client().get('/v1/public/fee-catalogue:export?format=csv');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json().detail).toBe('A published fee catalogue does not exist');
  });

  test('when commitments are exported, then one row per commitment with its promises and a date cell for 公布日期', async () => {
    const campaignId = createCampaignRow(t, 2028);
    const key = t.key(['unit_editor'], t.unit['gx-fzb']);
    const made = await t.client(key).post('/v1/commitments', { campaignId, level: 'unit', items: [{ content: '=一律进驻政务服务中心', dueDate: '2027-06-30' }], channel: 'media', mediaName: '广西日报', publishedOn: '2027-03-01' });
    expect(made.statusCode).toBe(201);
    const csv = csvRows((await t.client(key).get('/v1/commitments:export?format=csv')).body);
    expect(csv[1].slice(0, 2)).toEqual(['自治区法制办', '机关承诺']);
    expect(csv[1][3]).toBe('1. =一律进驻政务服务中心（2027-06-30前）');
    const wb = await book(await t.client(key).get('/v1/commitments:export'));
    expect(wb.worksheets[0].getRow(2).getCell(8).value).toEqual(new Date('2027-03-01T00:00:00Z'));
  });

  test('when phase compliance is exported, then reported and missing agencies are rows', async () => {
    const c = await planCampaign(t, 2029, { startPhases: 1 });
    const phaseId = c.phases[0].id;
    const city = t.unit['gx-450100'];
    expect((await t.client(t.key(['unit_editor'], city)).put(`/v1/phases/${phaseId}/reports/${city}`, report)).statusCode).toBe(201);
    const res = await t.client(t.key(['inspector'], t.unit.gx)).get(`/v1/phases/${phaseId}/compliance:export?format=csv&level=city`);
    expect(res.statusCode).toBe(200);
    const rows = csvRows(res.body);
    expect(rows[0]).toEqual(['阶段', '单位', '是否报送', '报送时间', '是否逾期', '截止日期']);
    expect(rows.slice(1).filter((r) => r[2] === '已报送')).toHaveLength(1);
    expect(rows.slice(1).filter((r) => r[2] === '未报送')).toHaveLength(13);
    expect((await t.client(fx.editor).get(`/v1/phases/${phaseId}/compliance:export`)).statusCode).toBe(403);
  });
});
