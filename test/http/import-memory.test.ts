// Memory back after a large import (issue 13.5): once an import of at least COLLECT_AFTER_ROWS rows has answered,
// accepted or refused, in JSON or as a sheet, one full collection runs; smaller imports and other requests run none.
// While an import runs, one more every `everyRows` rows (here 2,000; COLLECT_EVERY_ROWS in the service) in every
// register's import, while exceljs reads a workbook, and once after a large sheet has been read.
import { runInNewContext } from 'node:vm';
import ExcelJS from 'exceljs';
import { makeApp, createCampaignRow, type TestContext } from '../helpers/app.js';
import { COLLECT_AFTER_ROWS, COLLECT_EVERY_ROWS } from '../../src/http/import-memory.js';
import { fullCollection } from '../../src/lib/gc.js';

let t: TestContext;
let campaignId: string;
let collections = 0;
beforeAll(async () => {
  t = await makeApp({ importMemory: { collect: () => collections++, everyRows: 2_000 } });
  campaignId = createCampaignRow(t);
});
afterAll(() => t.close());
beforeEach(() => (collections = 0));

/** Turns of the event loop until the hook's setImmediate has run (no clock involved). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

let n = 0;
const rows = (count: number, bad = -1) =>
  Array.from({ length: count }, (_, i) => ({ title: `整改事项${++n}`, leadUnitId: i === bad ? 'not-a-unit' : t.unit['gx-fzb'], deadline: '2027-06-30', externalId: `mem-${n}` }));
const importJson = (items: unknown[], query = '') =>
  t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}${query}`, { items }, { 'idempotency-key': `mem-${++n}` });

describe('a full collection after a large import', () => {
  test(`when ${COLLECT_AFTER_ROWS} JSON rows are imported, then two collections while writing and one after the answer`, async () => {
    const res = await importJson(rows(COLLECT_AFTER_ROWS));
    expect(res.statusCode).toBe(200);
    expect(res.json().created).toBe(COLLECT_AFTER_ROWS);
    expect(collections).toBe(2); // after rows 2,000 and 4,000, inside the import
    await settle();
    expect(collections).toBe(3);
  });

  const sheetRows = () => [['外部编号', '整改事项', '牵头单位', '完成时限'], ...rows(COLLECT_AFTER_ROWS).map((r) => [r.externalId, r.title, '自治区法制办', '2027/6/30'])];
  const postSheet = (body: string | Buffer, type: string) =>
    t.client(t.admin).post(`/v1/rectification-items:import?campaignId=${campaignId}`, body as never, { 'content-type': type, 'idempotency-key': `mem-${++n}` });

  test(`when ${COLLECT_AFTER_ROWS} CSV rows are imported, then one collection after reading the sheet, two while writing, one after the answer`, async () => {
    const res = await postSheet(sheetRows().map((r) => r.join(',')).join('\r\n'), 'text/csv');
    expect(res.statusCode).toBe(200);
    expect(collections).toBe(3);
    await settle();
    expect(collections).toBe(4);
  });

  test(`when ${COLLECT_AFTER_ROWS} xlsx rows are imported, then also two while exceljs reads the ${COLLECT_AFTER_ROWS + 1} rows of the sheet`, async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    for (const r of sheetRows()) ws.addRow(r);
    const res = await postSheet(Buffer.from(await wb.xlsx.writeBuffer()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.statusCode).toBe(200);
    expect(res.json().created).toBe(COLLECT_AFTER_ROWS);
    expect(collections).toBe(5);
    await settle();
    expect(collections).toBe(6);
  });

  test('when a large import is refused for one bad row, or is a dry run, then its memory is collected too', async () => {
    const refused = await importJson(rows(COLLECT_AFTER_ROWS, 17));
    expect(refused.statusCode).toBe(422);
    await settle();
    expect(collections).toBe(3);
    const dry = await importJson(rows(COLLECT_AFTER_ROWS), '&dryRun=true');
    expect(dry.statusCode).toBe(200);
    await settle();
    expect(collections).toBe(6);
  });

  test(`when ${COLLECT_AFTER_ROWS - 1} rows are imported, or a plain request is answered, then none runs after the answer`, async () => {
    expect((await importJson(rows(COLLECT_AFTER_ROWS - 1))).statusCode).toBe(200);
    expect(collections).toBe(2);
    collections = 0;
    expect((await t.client(t.admin).get('/v1/rectification-items?pageSize=5')).statusCode).toBe(200);
    await settle();
    expect(collections).toBe(0);
  });
});

describe('collections while an import runs, in every register', () => {
  const approval = (count: number) =>
    Array.from({ length: count }, () => ({ code: `MEM-A-${++n}`, name: `审批事项${n}`, implementingUnitId: t.unit['gx-fzb'], kind: 'licence', bases: [{ level: 'regional_regulation', title: '条例', role: 'setting' }] }));
  const fees = (count: number) =>
    Array.from({ length: count }, () => ({
      code: `MEM-F-${++n}`, name: `收费项目${n}`, collectingUnitId: t.unit['gx-fzb'], category: 'administrative', basisLevel: 'regional',
      bases: [{ documentNumber: '桂价费〔2020〕1号', title: '通知' }], standard: { kind: 'fixed', amountFen: 100, per: '件' },
    }));
  test.each([
    ['approval items', '/v1/approval-items:import', approval],
    ['fee items', '/v1/fee-items:import', fees],
  ])('when 4,000 %s are imported, then two collections run inside the import (none after: below the threshold)', async (_name, url, make) => {
    const res = await t.client(t.admin).post(url as string, { items: (make as (n: number) => unknown[])(4_000) }, { 'idempotency-key': `mem-${++n}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().created).toBe(4_000);
    expect(collections).toBe(2);
    await settle();
    expect(collections).toBe(2);
  });

  test('the service collects every COLLECT_EVERY_ROWS rows, bounded so a 100,000-row import runs a handful', () => {
    expect(COLLECT_EVERY_ROWS).toBeGreaterThanOrEqual(10_000);
    expect(100_000 / COLLECT_EVERY_ROWS).toBeLessThanOrEqual(10);
  });
});

describe('fullCollection', () => {
  test('when garbage is left in the old space, then one call frees it, and the same function serves every call', () => {
    const collect = fullCollection();
    expect(fullCollection()).toBe(collect);
    // The flag is cleared again: a context made afterwards has no gc of its own.
    expect(runInNewContext('typeof gc')).toBe('undefined');
    collect();
    let garbage: number[][] | null = Array.from({ length: 400 }, () => Array.from({ length: 20_000 }, (_, i) => i + 0.5));
    const held = process.memoryUsage().heapUsed;
    expect(garbage.length).toBe(400);
    garbage = null;
    collect();
    // 400 × 20,000 doubles ≈ 64 MB, all of it unreachable after the call.
    expect(held - process.memoryUsage().heapUsed).toBeGreaterThan(40 * 1048576);
  });
});
