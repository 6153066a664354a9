// An xlsx is a zip whose entries may come in any order. exceljs's streaming reader parsed a worksheet as soon as the
// shared strings and the workbook's rels had been read, even when xl/workbook.xml (the sheet names) came later, and
// failed with "Cannot read properties of undefined (reading 'sheets')": exceljs's own writer orders its entries by
// which compression finishes first, so on a loaded machine one import in ~150 failed with 422 (the flaky imports
// test). patches/exceljs+4.4.0.patch makes the reader wait for the workbook too; this test orders the zip itself.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { makeApp, type TestContext } from '../../helpers/app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let t: TestContext;
beforeAll(async () => {
  t = await makeApp();
});
afterAll(() => t.close());

async function reordered(first: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('清单').addRows([['事项编码', '事项名称', '实施机关', '类型'], ['A-1', '建设工程规划许可', '自治区财政厅', '行政许可']]);
  const source = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  const names = Object.keys(source.files).filter((name) => !source.files[name].dir);
  const order = [...first.filter((name) => names.includes(name)), ...names.filter((name) => !first.includes(name))];
  const zip = new JSZip();
  for (const name of order) zip.file(name, await source.files[name].async('uint8array'));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

test.each([
  ['the shared strings and the rels, then the sheet, then xl/workbook.xml', ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/workbook.xml']],
  ['the sheet first of all', ['xl/worksheets/sheet1.xml', '[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml']],
  ['the usual order', ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml']],
])('when an xlsx zip holds %s, then the sheet is read under its name', async (_what, order) => {
  const body = await reordered(order);
  const res = await t.client(t.admin).post('/v1/approval-items:import', body as never, { 'content-type': XLSX, 'idempotency-key': `order-${order.join()}` });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ rows: 1, source: { format: 'xlsx', sheet: '清单' } });
});
