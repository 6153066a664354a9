// Chinese text in a large xlsx survives the streaming reader. exceljs 4.4.0 decoded every chunk of a zip entry on its own
// (lib/utils/parse-sax.js), so a character whose UTF-8 bytes were split between two chunks became U+FFFD: agency names
// failed to resolve ("自��区人民政府办公厅") and, worse, other text was stored garbled without any error
// (exceljs#2063). patches/exceljs+4.4.0.patch decodes the chunks as one stream; this test fails without it.
import ExcelJS from 'exceljs';
import { readSheet, XLSX_TYPE, type SheetSpec } from '../../../src/http/tabular/read.js';

const spec: SheetSpec = { columns: [{ header: '事项编码' }, { header: '事项名称' }, { header: '实施机关' }] };

/** Distinct names, so that the shared-strings part holds them all: well over a megabyte of three-byte characters. */
const names = Array.from({ length: 20_000 }, (_, i) => `关于进一步精简行政审批事项第${i}号的实施意见（${'简政放权'.repeat(1 + (i % 7))}）`);

test('when an xlsx holds 20,000 distinct Chinese names (shared strings and inline), then every cell reads back exactly', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('审批事项');
  ws.addRow(spec.columns.map((c) => c.header));
  names.forEach((name, i) => ws.addRow([`SP-${i}`, name, i % 2 ? '自治区人民政府办公厅' : '自治区发展和改革委员会']));
  const body = Buffer.from(await wb.xlsx.writeBuffer());

  const sheet = await readSheet(body, XLSX_TYPE, spec);
  expect(sheet.errors.count).toBe(0);
  const read = sheet.rows.map((r) => r.values['事项名称']);
  const wrong = read.flatMap((v, i) => (v === names[i] ? [] : [{ row: sheet.rows[i].row, read: v, written: names[i] }]));
  expect(wrong.slice(0, 3)).toEqual([]);
  expect(read).toHaveLength(names.length);
  expect(new Set(sheet.rows.map((r) => r.values['实施机关']))).toEqual(new Set(['自治区人民政府办公厅', '自治区发展和改革委员会']));
}, 120_000);
