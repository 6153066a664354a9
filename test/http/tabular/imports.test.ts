// Every :import reads the files agencies really make (issue 12.1–12.6, issue 11.10): GB18030 CSV from Excel on Chinese
// Windows, UTF-16LE "Unicode text", xlsx with title rows, merged headers, date cells, serial numbers, formulas and
// trailing empty rows; empty files are 422; row errors name Excel's row and the Chinese column.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { type TestContext, appWithCampaignEachTest } from '../../helpers/app.js';

let t: TestContext;
let campaignId: string;
appWithCampaignEachTest((app, id) => {
  t = app;
  campaignId = id;
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const count = (table: string) => (t.app.deps.sqlite.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;
let keyNo = 0;
const post = (url: string, body: Buffer | string, type: string, token = t.admin) =>
  t.client(token).post(url, typeof body === 'string' ? body : (body as never), { 'content-type': type, 'idempotency-key': `k-${++keyNo}` });

const quote = (c: string) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
const csvOf = (rows: string[][], sep = ',') => rows.map((r) => r.map(quote).join(sep)).join('\r\n') + '\r\n';

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface Register {
  name: string;
  url: () => string;
  table: string;
  header: string[];
  rows: () => string[][];
  /** A column where a text cell can hold anything. */
  textColumn: number;
}
const FEE_HEADER = ['项目编码', '项目名称', '执收单位', '收费类别', '设立级次', '政策依据', '收费标准', '资金管理方式', '涉企', '现行收费(元)', '年收费量'];
const registers: Register[] = [
  {
    name: 'rectification ledger',
    url: () => `/v1/rectification-items:import?campaignId=${campaignId}`,
    table: 'rectification_items',
    header: ['编号', '外部编号', '整改事项', '牵头单位', '完成时限'],
    rows: () => [
      ['', 'OA-1', '减少行政审批事项', '自治区法制办', '2027/6/30'],
      ['', 'OA-2', '清理行政事业性收费', '自治区财政厅', '2027年5月31日'],
    ],
    textColumn: 2,
  },
  {
    name: 'approval catalogue',
    url: () => '/v1/approval-items:import',
    table: 'approval_items',
    header: ['事项编码', '事项名称', '实施机关', '类型'],
    rows: () => [
      ['A-1', '建设工程规划许可', '自治区财政厅', '行政许可'],
      ['A-2', '采矿许可证核发', '自治区物价局', '非行政许可审批'],
    ],
    textColumn: 1,
  },
  {
    name: 'fee items',
    url: () => '/v1/fee-items:import',
    table: 'fee_items',
    header: FEE_HEADER,
    rows: () => [
      ['GX-1', '证照工本费', '自治区民政厅', '行政性', '中央/国家', '财综〔2004〕5号《关于公布行政事业性收费项目的通知》', '10元/件', '缴入地方国库', '是', '12.5', '30'],
      ['GX-2', '档案查询费', '自治区民政厅', '事业性', '自治区', '桂价费〔2010〕12号', '5-20元/次', '', '否', '', ''],
    ],
    textColumn: 1,
  },
];

describe.each(registers)('$name import', (reg) => {
  test('when Excel on Chinese Windows saves the sheet as GB18030 CSV, then every row is imported and the report says GB18030 and gives each row’s record', async () => {
    const res = await post(reg.url(), iconv.encode(csvOf([reg.header, ...reg.rows()]), 'gb18030'), 'text/csv');
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ created: 2, rows: 2, source: { format: 'csv', encoding: 'GB18030', encodingSource: 'detected' } });
    expect(report.results.map((r: { row: number; outcome: string }) => [r.row, r.outcome])).toEqual([[2, 'created'], [3, 'created']]);
    const stored = t.app.deps.sqlite.prepare(`SELECT id, code FROM ${reg.table} ORDER BY code`).all() as Array<{ id: string; code: string }>;
    expect(report.results.map((r: { id: string; code: string }) => ({ id: r.id, code: r.code })).sort((a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code))).toEqual(stored);
  });

  test('when the charset is declared (GBK), then it is honoured', async () => {
    const res = await post(reg.url(), iconv.encode(csvOf([reg.header, ...reg.rows()]), 'gbk'), 'text/csv; charset=GBK');
    expect(res.statusCode).toBe(200);
    expect(res.json().source).toEqual({ format: 'csv', encoding: 'GBK', encodingSource: 'charset' });
  });

  test('when Excel saves "Unicode text" (UTF-16LE with BOM, tab-separated), then it is read as TSV', async () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csvOf([reg.header, ...reg.rows()], '\t'), 'utf-16le')]);
    const res = await post(reg.url(), body, 'text/plain');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 2, source: { format: 'tsv', encoding: 'UTF-16LE', encodingSource: 'bom' } });
  });

  test('when an xlsx has a merged title row, the header, the rows and empty formatted rows after them, then the rows are imported', async () => {
    const body = await workbook((wb) => {
      const ws = wb.addWorksheet('清单');
      ws.addRow(['2027年广西壮族自治区清理工作台账']);
      ws.mergeCells(1, 1, 1, reg.header.length);
      ws.addRow(reg.header);
      for (const r of reg.rows()) ws.addRow(r);
      for (let i = 0; i < 5; i++) ws.addRow([' ']).getCell(2).border = { top: { style: 'thin' } };
    });
    const res = await post(reg.url(), body, XLSX);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 2, rows: 2, source: { format: 'xlsx', sheet: '清单' } });
    expect(res.json().results.map((r: { row: number }) => r.row)).toEqual([3, 4]);
    expect(count(reg.table)).toBeGreaterThanOrEqual(2);
  });

  test.each([
    ['an empty file', Buffer.alloc(0), 'EMPTY_FILE'],
    ['a BOM-only file', Buffer.from([0xef, 0xbb, 0xbf]), 'EMPTY_FILE'],
    ['a file of blank lines', Buffer.from('\r\n\r\n'), 'EMPTY_FILE'],
  ])('when %s is sent, then 422 %s and nothing is written', async (_what, body, code) => {
    const before = count(reg.table);
    const res = await post(reg.url(), body, 'text/csv');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'IMPORT_INVALID', errors: [expect.objectContaining({ code })] });
    expect(count(reg.table)).toBe(before);
  });

  test('when an empty xlsx body is sent, then 422 EMPTY_FILE at once (exceljs is never handed nothing: it would wait forever) and nothing is written', async () => {
    const before = count(reg.table);
    const res = await post(reg.url(), Buffer.alloc(0), XLSX);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'IMPORT_INVALID', errors: [expect.objectContaining({ code: 'EMPTY_FILE' })] });
    expect(count(reg.table)).toBe(before);
  });

  test('when a file has only its header row (csv or xlsx), then 422 NO_ROWS', async () => {
    const csv = await post(reg.url(), `\ufeff${reg.header.join(',')}\r\n`, 'text/csv');
    expect(csv.statusCode).toBe(422);
    expect(csv.json().errors[0]).toMatchObject({ code: 'NO_ROWS' });
    const xlsx = await post(reg.url(), await workbook((wb) => wb.addWorksheet('表').addRow(reg.header)), XLSX);
    expect(xlsx.statusCode).toBe(422);
    expect(xlsx.json().errors[0]).toMatchObject({ code: 'NO_ROWS' });
  });

  test('when the header row has only unknown columns, then 422 UNKNOWN_COLUMN naming them', async () => {
    const res = await post(reg.url(), '名目,colour\n甲,红\n', 'text/csv');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.filter((e: { code: string }) => e.code === 'UNKNOWN_COLUMN').map((e: { pointer: string; row: number }) => [e.row, e.pointer])).toEqual([[1, '/名目'], [1, '/colour']]);
  });

  test('when a CSV or xlsx cell holds NUL or another control character, then that row is a CONTROL_CHARACTER error at its column', async () => {
    const rows = reg.rows();
    rows[1][reg.textColumn] = `坏\u0000值`;
    const res = await post(reg.url(), csvOf([reg.header, ...rows]), 'text/csv');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 3, pointer: `/${reg.header[reg.textColumn]}`, code: 'CONTROL_CHARACTER' })]);
    // Excel writes a control character as _xHHHH_ (XML cannot hold it) and reads it back as the character.
    rows[1][reg.textColumn] = '坏_x0007_值';
    const x = await post(reg.url(), await workbook((wb) => wb.addWorksheet('表').addRows([reg.header, ...rows])), XLSX);
    expect(x.statusCode).toBe(422);
    expect(x.json().errors[0]).toMatchObject({ row: 3, code: 'CONTROL_CHARACTER' });
    expect(count(reg.table)).toBe(0);
  });

  test('when one row is short and another long among good rows, then each is one ROW_LENGTH error and the count is right', async () => {
    const [a, b] = reg.rows();
    const lines = [reg.header.join(','), a.slice(0, 2).join(','), b.map(quote).join(','), [...a.map(quote), 'extra'].join(',')];
    const res = await post(reg.url(), lines.join('\n'), 'text/csv');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([[2, 'ROW_LENGTH'], [4, 'ROW_LENGTH']]);
    expect(res.json()).toMatchObject({ rows: 3, badRows: 2 });
    expect(res.json().detail).toMatch(/^2 of 3 rows are not valid/);
  });

  test('when a JSON row lacks a required field, then the code is REQUIRED (one vocabulary for every import) and the pointer is the JSON field', async () => {
    const res = await t.client(t.admin).post(reg.url(), { items: [{}] }, { 'idempotency-key': `json-${reg.table}` });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ row: 1, code: 'REQUIRED' });
    expect(res.json().errors[0].pointer).toMatch(/^\/[a-zA-Z]+$/);
  });

  test('when the body is a PDF, then 415 lists the accepted types', async () => {
    const res = await post(reg.url(), Buffer.from('%PDF-1.4'), 'application/pdf');
    expect(res.statusCode).toBe(415);
    expect(res.json().accepted).toEqual(['application/json', 'text/csv', 'text/tab-separated-values', XLSX, 'application/vnd.ms-excel', 'application/vnd.oasis.opendocument.spreadsheet']);
    expect(res.json().detail).toContain(XLSX);
  });

  test('when ?format=csv is asked, then the uploaded sheet comes back with each row’s outcome, id and code', async () => {
    const u = `${reg.url()}${reg.url().includes('?') ? '&' : '?'}format=csv`;
    const send = () => t.client(t.admin).post(u, csvOf([reg.header, ...reg.rows()]), { 'content-type': 'text/csv', 'idempotency-key': `fmt-${reg.table}` });
    const res = await send();
    expect(res.statusCode).toBe(200);
    const replay = await send();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toBe(res.body);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.replace(/^\ufeff/, '').trim().split(/\r?\n/).map((l) => l.split(','));
    expect(lines[0]).toEqual([...reg.header, '导入结果', '记录ID', '记录编号']);
    const stored = new Map((t.app.deps.sqlite.prepare(`SELECT id, code FROM ${reg.table}`).all() as Array<{ id: string; code: string }>).map((r) => [r.id, r.code]));
    for (const l of lines.slice(1)) {
      expect(l.at(-3)).toBe('新建');
      expect(stored.get(l.at(-2)!)).toBe(l.at(-1));
    }
  });
});

describe.each(registers)('$name xlsx import retried with the same Idempotency-Key', (reg) => {
  const xlsxOf = (rows: string[][]) => workbook((wb) => wb.addWorksheet('清单').addRows([reg.header, ...rows]));
  const withFormat = (format?: string) => (format ? `${reg.url()}${reg.url().includes('?') ? '&' : '?'}format=${format}` : reg.url());

  test.each([undefined, 'json', 'xlsx', 'csv'])('when the same xlsx body is sent again (format=%s), then the first answer is replayed and nothing new is written', async (format) => {
    const body = await xlsxOf(reg.rows());
    const send = () => t.client(t.admin).post(withFormat(format), body as never, { 'content-type': XLSX, 'idempotency-key': `x-${reg.table}-${format}` });
    const first = await send();
    expect(first.statusCode).toBe(200);
    const events = count('events');
    const rows = count(reg.table);
    const again = await send();
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.headers['content-disposition']).toBe(first.headers['content-disposition']);
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(count('events')).toBe(events);
    expect(count(reg.table)).toBe(rows);
  });

  test('when the same key comes with another xlsx body, then 422 IDEMPOTENCY_KEY_REUSED and nothing is written', async () => {
    const key = { 'content-type': XLSX, 'idempotency-key': `x2-${reg.table}` };
    const first = await t.client(t.admin).post(withFormat('xlsx'), (await xlsxOf(reg.rows())) as never, key);
    expect(first.statusCode).toBe(200);
    const rows = count(reg.table);
    const other = await t.client(t.admin).post(withFormat('xlsx'), (await xlsxOf(reg.rows().slice(0, 1))) as never, key);
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(count(reg.table)).toBe(rows);
  });
});
