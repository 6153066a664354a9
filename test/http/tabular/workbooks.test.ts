// Excel 97-2003 (.xls) and OpenDocument (.ods) workbooks as offices make them (issue 21.6): every :import reads them
// like xlsx, through SheetJS (@e965/xlsx). The fixtures (test/fixtures/workbooks/, README there) are one workbook saved
// by LibreOffice as xlsx's source, xls (BIFF8) and ods. The bytes decide the format: a body that is not what its
// Content-Type says is a 415 naming the type to send; a damaged or crafted workbook is a 4xx, never a 500.
import { readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import JSZip from 'jszip';
import { type TestContext } from '../../helpers/app.js';
import { freshSetupEachTest, type Setup } from '../../modules/supervision/fixtures.js';
import { ODS_MAX_CELLS, ODS_MAX_INFLATED_BYTES, ODS_TYPE, readSheet, XLS_TYPE, XLSX_TYPE, type SheetSpec } from '../../../src/http/tabular/read.js';
import { sniffBody, zipEntries } from '../../../src/http/tabular/sniff.js';

const fixture = (ext: string) => readFileSync(new URL(`../../fixtures/workbooks/registers.${ext}`, import.meta.url));
const FILES = { xlsx: fixture('xlsx'), xls: fixture('xls'), ods: fixture('ods') };
const TYPES = { xlsx: XLSX_TYPE, xls: XLS_TYPE, ods: ODS_TYPE } as const;
const FORMATS = ['xlsx', 'xls', 'ods'] as const;
type Format = (typeof FORMATS)[number];

describe('the cells of a workbook read the same in xlsx, xls and ods', () => {
  const spec: SheetSpec = {
    columns: [
      { header: '编码' }, { header: '区划代码' }, { header: '统一社会信用代码' }, { header: '名称' }, { header: '日期文本' },
      { header: '完成时限', kind: 'date' }, { header: '序列号', kind: 'date' }, { header: '金额' }, { header: '合并' }, { header: '空' },
    ],
  };
  // Row 1 is the merged title, row 2 the header.
  const expected = [
    { row: 3, values: { 编码: '000101', 区划代码: '450100', 统一社会信用代码: '11450000MB1234567X', 名称: '自治区人民政府办公厅', 日期文本: '2027-06-30', 完成时限: '2027-06-30', 序列号: '2027-06-30', 金额: '0.3', 合并: '跨两列' } },
    { row: 4, values: { 编码: '0451', 区划代码: '450100', 统一社会信用代码: '91450100MA5K000001', 名称: '南宁市“放管服”改革', 日期文本: '2026-02-28', 完成时限: '2026-02-28', 序列号: '2026-02-28', 金额: '3.3' } },
  ];

  test.each(FORMATS)('when the %s fixture’s sheet 单元格 is read, then leading zeros, dates (a date cell in a text column too), numbers without float noise and the merged cell come out as the xlsx path gives them', async (format) => {
    const sheet = await readSheet(FILES[format], TYPES[format], spec, { sheet: '单元格' });
    expect(sheet.source).toEqual({ format, sheet: '单元格' });
    expect(sheet.headerRow).toBe(2);
    expect(sheet.errors.count).toBe(0);
    expect(sheet.rows.map((r) => ({ row: r.row, values: r.values }))).toEqual(expected);
  });

  test('when the same date cell is read from each format, then it is the same Date (what exceljs makes of an xlsx date cell), so ?format=xlsx writes it back as a date', async () => {
    const dates = await Promise.all(FORMATS.map(async (f) => (await readSheet(FILES[f], TYPES[f], spec, { sheet: '单元格' })).rows[0].cells[4]));
    for (const d of dates) expect(d).toEqual(new Date('2027-06-30T00:00:00Z'));
  });

  test.each(['America/New_York', 'Asia/Shanghai'])('when the process runs in %s, then the xls and ods dates are the same days', async (tz) => {
    const before = process.env.TZ;
    process.env.TZ = tz;
    try {
      for (const f of ['xls', 'ods'] as const) {
        const sheet = await readSheet(FILES[f], TYPES[f], spec, { sheet: '单元格' });
        expect([f, sheet.rows.map((r) => r.values['日期文本'])]).toEqual([f, ['2027-06-30', '2026-02-28']]);
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  test.each(FORMATS)('when the %s fixture is sniffed, then its bytes say so whatever the name or type', (format) => {
    expect(sniffBody(FILES[format])).toBe(format);
  });
});

let t: TestContext;
let s: Setup;
const count = (table: string) => (t.app.deps.sqlite.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;
let keyNo = 0;
const post = (url: string, body: Buffer | string, type: string, client = s.admin) => client.post(url, body as never, { 'content-type': type, 'idempotency-key': `wb-${++keyNo}` });
const withQuery = (url: string, query: string) => (query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url);

interface Register {
  name: string;
  url: () => Promise<string>;
  table: string;
  /** The ?sheet= that picks its sheet of the fixture ('' for the first, by number for one). */
  sheet: string;
  rows: number[];
}
const registers: Register[] = [
  { name: 'rectification ledger', url: async () => `/v1/rectification-items:import?campaignId=${s.campaign.id}`, table: 'rectification_items', sheet: '', rows: [3, 4, 5] },
  { name: 'approval catalogue', url: async () => '/v1/approval-items:import', table: 'approval_items', sheet: `sheet=${encodeURIComponent('审批事项')}`, rows: [3, 4] },
  { name: 'fee items', url: async () => '/v1/fee-items:import', table: 'fee_items', sheet: 'sheet=3', rows: [3, 4] },
  { name: 'findings', url: async () => `/v1/findings:import?inspectionId=${(await s.inspection('spot_check')).id}`, table: 'inspection_findings', sheet: `sheet=${encodeURIComponent('督查发现')}`, rows: [3, 4] },
  { name: 'opinions', url: async () => '/v1/opinions:import', table: 'opinions', sheet: `sheet=${encodeURIComponent('意见建议')}`, rows: [3, 4] },
];
const sheetName = ['整改台账', '审批事项', '收费项目', '督查发现', '意见建议'];

describe('imports', () => {
freshSetupEachTest((app, fixture) => {
  t = app;
  s = fixture;
});

describe.each(registers.map((r, i) => ({ ...r, sheetName: sheetName[i] })))('$name import of xls and ods', (reg) => {
  test('when the xlsx is imported, then the xls and the ods of the same workbook read the same rows: every row unchanged, nothing added', async () => {
    const url = withQuery(await reg.url(), reg.sheet);
    const before = count(reg.table);
    const first = await post(url, FILES.xlsx, XLSX_TYPE);
    expect([first.statusCode, first.json()]).toEqual([200, expect.objectContaining({ created: reg.rows.length, source: { format: 'xlsx', sheet: reg.sheetName } })]);
    const ids = first.json().results.map((r: { id: string }) => r.id);
    for (const format of ['xls', 'ods'] as const) {
      const again = await post(url, FILES[format], TYPES[format]);
      expect([format, again.statusCode]).toEqual([format, 200]);
      expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: reg.rows.length, source: { format, sheet: reg.sheetName } });
      expect(again.json().results.map((r: { row: number; id: string }) => [r.row, r.id])).toEqual(reg.rows.map((row, i) => [row, ids[i]]));
    }
    expect(count(reg.table)).toBe(before + reg.rows.length);
  });

  test('when the xls is sent as xlsx (or the ods), then 415 names the detected format and the type to send, and nothing is written', async () => {
    const url = withQuery(await reg.url(), reg.sheet);
    const before = count(reg.table);
    for (const [format, type] of [['xls', XLS_TYPE], ['ods', ODS_TYPE]] as const) {
      const res = await post(url, FILES[format], XLSX_TYPE);
      expect(res.statusCode).toBe(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', expected: type, errors: [{ in: 'header', pointer: '/content-type', code: 'CONTENT_TYPE_MISMATCH' }] });
      expect(res.json().detail).toContain(`an ${format} workbook`);
      expect(res.json().detail).toContain(`send it with Content-Type ${type}`);
    }
    expect(count(reg.table)).toBe(before);
  });
});

describe('a body that is not what its Content-Type says', () => {
  const ledger = () => `/v1/rectification-items:import?campaignId=${s.campaign.id}&dryRun=true`;
  const csv = '外部编号,整改事项,牵头单位,完成时限\r\nS-1,减少审批,自治区法制办,2027-06-30\r\n';
  const bodies = { xlsx: () => FILES.xlsx, xls: () => FILES.xls, ods: () => FILES.ods, CSV: () => Buffer.from(csv) };
  test.each([
    ['xlsx', XLS_TYPE, XLSX_TYPE, 'an xlsx workbook'],
    ['xlsx', ODS_TYPE, XLSX_TYPE, 'an xlsx workbook'],
    ['ods', XLS_TYPE, ODS_TYPE, 'an ods workbook'],
    ['xls', ODS_TYPE, XLS_TYPE, 'an xls workbook'],
    ['CSV', XLSX_TYPE, 'text/csv', 'text (CSV'],
    ['CSV', XLS_TYPE, 'text/csv', 'text (CSV'],
    ['xls', 'text/csv', XLS_TYPE, 'an xls workbook'],
    ['ods', 'text/plain', ODS_TYPE, 'an ods workbook'],
  ] as const)('when the %s bytes are sent as %s, then 415 says what they are and to send them as %s', async (what, sentAs, sendAs, label) => {
    const res = await post(ledger(), bodies[what](), sentAs);
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', expected: sendAs });
    expect(res.json().detail).toContain(`the body is ${label}`);
  });

  test.each([
    ['an HTML table saved as .xls', Buffer.from('\ufeff<html><body><table><tr><td>外部编号</td></tr></table></body></html>'), XLS_TYPE, 'XLS_UNREADABLE', 'an HTML or XML page'],
    ['a PDF', Buffer.from('%PDF-1.4\n\u0000\u0001binary'), ODS_TYPE, 'ODS_UNREADABLE', 'neither a workbook'],
    ['a zip that is no workbook', Buffer.from('PK\u0003\u0004 not really a zip'), XLS_TYPE, 'XLS_UNREADABLE', 'a zip archive that is not a workbook'],
    ['a password-protected xlsx (OLE2 holding EncryptedPackage)', Buffer.concat([FILES.xls.subarray(0, 512), Buffer.from('EncryptedPackage', 'utf16le')]), XLSX_TYPE, 'XLSX_UNREADABLE', 'password-protected'],
  ])('when %s is sent as a workbook, then 422 says what it is', async (_what, body, type, code, label) => {
    const res = await post(ledger(), body, type);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'IMPORT_INVALID', errors: [expect.objectContaining({ code })] });
    expect(res.json().detail).toContain(label);
  });

  test('when an empty xls or ods body is sent, then 422 EMPTY_FILE', async () => {
    for (const type of [XLS_TYPE, ODS_TYPE]) {
      const res = await post(ledger(), Buffer.alloc(0), type);
      expect([type, res.statusCode, res.json().errors[0].code]).toEqual([type, 422, 'EMPTY_FILE']);
    }
  });

  test('when ?sheet= names no sheet of an xls, then 422 SHEET_NOT_FOUND lists its sheets', async () => {
    const res = await post(`${ledger()}&sheet=Sheet9`, FILES.xls, XLS_TYPE);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ code: 'SHEET_NOT_FOUND' });
    expect(res.json().detail).toContain('整改台账, 审批事项, 收费项目, 督查发现, 意见建议, 单元格');
  });
});

describe('damaged and crafted workbooks are a 4xx, never a 500', () => {
  const ledger = () => `/v1/rectification-items:import?campaignId=${s.campaign.id}&dryRun=true`;
  const expect4xx = async (what: string, body: Buffer, type: string) => {
    const res = await post(ledger(), body, type);
    expect([what, res.statusCode >= 400 && res.statusCode < 500, res.headers['content-type']]).toEqual([what, true, expect.stringMatching(/^application\/problem\+json/)]);
    return res;
  };

  test('when an xls is cut short, or is only the OLE2 signature and garbage, then 422 XLS_UNREADABLE', async () => {
    const xls = FILES.xls;
    for (const [what, body] of [
      ['the signature only', xls.subarray(0, 8)],
      ['the header sector', xls.subarray(0, 512)],
      ['half the file', xls.subarray(0, xls.length >> 1)],
      ['the signature and garbage', Buffer.concat([xls.subarray(0, 8), Buffer.alloc(4096, 0xab)])],
    ] as const) {
      const res = await expect4xx(what, body, XLS_TYPE);
      expect([what, res.statusCode, res.json().errors?.[0]?.code]).toEqual([what, 422, 'XLS_UNREADABLE']);
    }
  });

  test('when bytes of the xls and the ods are flipped at random (60 files each), then every answer is 200 or a 4xx problem', async () => {
    let seed = 21;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const format of ['xls', 'ods'] as const) {
      for (let i = 0; i < 60; i++) {
        const body = Buffer.from(FILES[format]);
        for (let k = 0; k < 8; k++) body[Math.floor(random() * body.length)] = Math.floor(random() * 256);
        const res = await post(ledger(), body, TYPES[format]);
        expect([format, i, res.statusCode < 500]).toEqual([format, i, true]);
      }
    }
  }, 60_000);

  test('when an ods is cut short, then 422 ODS_UNREADABLE', async () => {
    const res = await expect4xx('half an ods', FILES.ods.subarray(0, FILES.ods.length >> 1), ODS_TYPE);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].code).toBe('ODS_UNREADABLE');
  });

  /** A changed ods zipped again as ODF wants it: the mimetype entry first and stored. */
  async function repacked(change: (zip: JSZip) => Promise<void> | void, compression: 'DEFLATE' | 'STORE' = 'DEFLATE'): Promise<Buffer> {
    const zip = await JSZip.loadAsync(FILES.ods);
    await change(zip);
    zip.file('mimetype', ODS_TYPE, { compression: 'STORE' });
    return zip.generateAsync({ type: 'nodebuffer', compression });
  }
  /** The ods fixture with one more entry of zero bytes just over the bound (deflated to ~100 KB); made once, copied. */
  let bomb: Promise<Buffer> | undefined;
  const overBound = async () => Buffer.from(await (bomb ??= repacked((zip) => void zip.file('Pictures/bomb.bin', Buffer.alloc(ODS_MAX_INFLATED_BYTES + 1)))));

  test('when an ods inflates beyond the bound (a zip bomb), then 422 ODS_UNREADABLE before SheetJS reads it', async () => {
    const body = await overBound();
    expect(sniffBody(body)).toBe('ods');
    const res = await expect4xx('a declared bomb', body, ODS_TYPE);
    expect([res.statusCode, res.json().errors[0].code]).toEqual([422, 'ODS_UNREADABLE']);
    expect(res.json().detail).toContain('declare more than');
  });

  test('when an ods bomb declares small sizes (the headers lie), then the inflated bytes are counted and it is refused all the same', async () => {
    const body = await overBound();
    const entry = zipEntries(body).find((e) => e.name === 'Pictures/bomb.bin')!;
    body.writeUInt32LE(1000, entry.offset + 22);
    // The central directory's record of the same entry: found by its local header offset.
    const central = Buffer.from('PK\u0001\u0002', 'latin1');
    for (let p = body.lastIndexOf(central); p >= 0; p = body.lastIndexOf(central, p - 1)) if (body.readUInt32LE(p + 42) === entry.offset) body.writeUInt32LE(1000, p + 24);
    const res = await expect4xx('a lying bomb', body, ODS_TYPE);
    expect([res.statusCode, res.json().errors[0].code]).toEqual([422, 'ODS_UNREADABLE']);
    expect(res.json().detail).toContain('inflates to more than');
  });

  test('when an ods repeats one cell over a million rows and a thousand columns (a few hundred bytes), then 422 before SheetJS makes the cells', async () => {
    const repeated = '<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="1000"><text:p>填</text:p></table:table-cell></table:table-row>';
    const body = await repacked(async (zip) => void zip.file('content.xml', (await zip.file('content.xml')!.async('string')).replace('</table:table>', `${repeated}</table:table>`)));
    const res = await expect4xx('repeated cells', body, ODS_TYPE);
    expect([res.statusCode, res.json().errors[0].code]).toEqual([422, 'ODS_UNREADABLE']);
    expect(res.json().detail).toContain(`more than ${ODS_MAX_CELLS} cells`);
  });

  test('when the deflate data of an ods entry is damaged, then 422 naming the entry (SheetJS’s own inflater does not stop where zlib does: one fuzzed file kept it busy 264 s)', async () => {
    const body = Buffer.from(FILES.ods);
    const entry = zipEntries(body).find((e) => e.name === 'content.xml')!;
    // Block type 3 (reserved) in the first block header: zlib refuses it at its first byte.
    body[entry.offset + 30 + body.readUInt16LE(entry.offset + 26) + body.readUInt16LE(entry.offset + 28)] = 0xff;
    const res = await expect4xx('damaged deflate data', body, ODS_TYPE);
    expect([res.statusCode, res.json().errors[0].code]).toEqual([422, 'ODS_UNREADABLE']);
    expect(res.json().detail).toContain('content.xml is not valid deflate data');
  });

  test('when the content.xml of an ods is garbage bytes, then 4xx, not 500', async () => {
    const odd = await repacked((zip) => void zip.file('content.xml', deflateRawSync(Buffer.from('x')), { binary: true }), 'STORE');
    await expect4xx('stored garbage content', odd, ODS_TYPE);
  });
});

describe('the contract of the two new types', () => {
  test('when a JSON-only route gets an xls or ods body, then 415 (only :import routes parse sheet bodies)', async () => {
    for (const [format, type] of [['xls', XLS_TYPE], ['ods', ODS_TYPE]] as const) {
      const res = await s.admin.post('/v1/rectification-items', FILES[format] as never, { 'content-type': type });
      expect([format, res.statusCode, res.json().code]).toEqual([format, 415, 'UNSUPPORTED_MEDIA_TYPE']);
      expect(res.json().accepted).toEqual(['application/json']);
    }
  });

  test('when the spec is read, then every :import declares the xls and ods bodies', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { contentMediaType?: string } }> } }>> };
    const imports = Object.keys(doc.paths).filter((p) => p.endsWith(':import'));
    expect(imports).toHaveLength(5);
    for (const p of imports) {
      const content = doc.paths[p].post.requestBody!.content;
      expect([p, content[XLS_TYPE]?.schema.contentMediaType, content[ODS_TYPE]?.schema.contentMediaType]).toEqual([p, XLS_TYPE, ODS_TYPE]);
    }
  });
});
});
