// A cell exceljs could not resolve is never imported as "[object Object]" (the flaky ledger import: one xlsx in ~5,000
// on a loaded machine came back with every text cell as `{ sharedString: n }`, and its rows failed or, worse, were
// stored with that text). The reader reads the body once more; a workbook that fails twice is 422 XLSX_UNREADABLE.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { makeApp, type TestContext } from '../../helpers/app.js';
import { readXlsxGrid, UnresolvedCell, type Grid } from '../../../src/http/tabular/read.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let t: TestContext;
beforeAll(async () => {
  t = await makeApp();
});
afterAll(() => t.close());
const count = () => (t.app.deps.sqlite.prepare('SELECT count(*) n FROM approval_items').get() as { n: number }).n;

/** The workbook exceljs writes, without its shared strings: every text cell then refers to a string nobody read. */
async function withoutSharedStrings(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('清单').addRows([['事项编码', '事项名称', '实施机关', '类型'], ['A-1', '建设工程规划许可', '自治区财政厅', '行政许可']]);
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  zip.remove('xl/sharedStrings.xml');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

test('when the sheet’s text cells refer to shared strings that were not read, then 422 XLSX_UNREADABLE naming the string and nothing is stored', async () => {
  const before = count();
  const res = await t.client(t.admin).post('/v1/approval-items:import', (await withoutSharedStrings()) as never, { 'content-type': XLSX, 'idempotency-key': 'no-shared-strings' });
  expect(res.statusCode).toBe(422);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json().errors[0]).toMatchObject({ code: 'XLSX_UNREADABLE' });
  expect(res.json().detail).toMatch(/shared string \d+/);
  expect(count()).toBe(before);
});

describe('readXlsxGrid', () => {
  const grid: Grid = { source: { format: 'xlsx', sheet: '清单' }, rows: [{ row: 1, cells: ['事项编码'] }] };

  test('when the first read meets an unresolved cell, then the body is read once more and the second grid is used', async () => {
    let reads = 0;
    const got = await readXlsxGrid(async () => {
      if (++reads === 1) throw new UnresolvedCell('a cell refers to shared string 7, which was not read');
      return grid;
    });
    expect(got).toBe(grid);
    expect(reads).toBe(2);
  });

  test('when both reads meet an unresolved cell, then the workbook is refused after two reads', async () => {
    let reads = 0;
    await expect(readXlsxGrid(async () => {
      reads++;
      throw new UnresolvedCell('a cell refers to shared string 7, which was not read');
    })).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/shared string 7/) });
    expect(reads).toBe(2);
  });

  test('when the first read fails for another reason, then it is not read again', async () => {
    let reads = 0;
    await expect(readXlsxGrid(async () => {
      reads++;
      throw new Error('bad zip');
    })).rejects.toThrow('bad zip');
    expect(reads).toBe(1);
  });
});
