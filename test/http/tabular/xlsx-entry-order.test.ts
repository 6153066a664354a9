// An xlsx is a zip whose entries may come in any order. exceljs's streaming reader parsed a worksheet as soon as the
// shared strings and the workbook's rels had been read, even when xl/workbook.xml (the sheet names) came later, and
// failed with "Cannot read properties of undefined (reading 'sheets')": exceljs's own writer orders its entries by
// which compression finishes first, so on a loaded machine one import in ~150 failed with 422 (the flaky imports
// test). patches/exceljs+4.4.0.patch makes the reader wait for the workbook too; this test orders the zip itself.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { makeApp, type TestContext } from '../../helpers/app.js';
import { metadataFirst } from '../../../src/http/tabular/zip-order.js';

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

// exceljs' own writer puts xl/workbook.xml after the sheets and the shared strings after the sheets too; with several
// sheets its streaming reader then lost the workbook (422 "reading 'sheets'"). metadataFirst (zip-order.ts) moves the
// metadata before the sheets, copying the entries' bytes as they are.
test('when a workbook of six sheets written by exceljs is imported with ?sheet=6, then the sixth sheet is read', async () => {
  const wb = new ExcelJS.Workbook();
  for (let k = 1; k <= 6; k++) wb.addWorksheet(`清单${k}`).addRows([['事项编码', '事项名称', '实施机关', '类型'], [`S-${k}`, `第${k}张表的事项`, '自治区财政厅', '行政许可']]);
  const body = Buffer.from(await wb.xlsx.writeBuffer());
  const order = Object.keys((await JSZip.loadAsync(body)).files);
  expect(order.indexOf('xl/workbook.xml')).toBeGreaterThan(order.indexOf('xl/worksheets/sheet6.xml'));
  const res = await t.client(t.admin).post('/v1/approval-items:import?sheet=6&dryRun=true', body as never, { 'content-type': XLSX, 'idempotency-key': 'six-sheets' });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ rows: 1, source: { format: 'xlsx', sheet: '清单6' } });
  expect(res.json().results[0]).toMatchObject({ code: 'S-6' });
});

describe('metadataFirst', () => {
  test('when the metadata comes after a sheet, then the entries are reordered with every byte of every entry kept', async () => {
    const body = await reordered(['xl/worksheets/sheet1.xml', '[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/workbook.xml']);
    const moved = metadataFirst(body);
    const before = await JSZip.loadAsync(body);
    const after = await JSZip.loadAsync(moved);
    const names = Object.keys(after.files);
    expect(names.slice(0, 5)).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml']);
    expect(names.indexOf('xl/worksheets/sheet1.xml')).toBeGreaterThan(4);
    expect(names.sort()).toEqual(Object.keys(before.files).sort());
    for (const name of names) expect([name, await after.files[name].async('base64')]).toEqual([name, await before.files[name].async('base64')]);
    expect(moved.length).toBe(body.length);
  });

  test('when the metadata already comes first, or the body is no zip, then the body is returned as it is', async () => {
    const ordered = await reordered(['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml']);
    expect(metadataFirst(ordered)).toBe(ordered);
    const text = Buffer.from('编号,名称\n');
    expect(metadataFirst(text)).toBe(text);
  });
});
