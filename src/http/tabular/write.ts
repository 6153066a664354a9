// Exports of every register (issue 12.7, 12.8): one writer for csv and xlsx. CSV is UTF-8 with a BOM, text cells
// neutralised against formula injection (OWASP); xlsx is written by exceljs' streaming writer with fitted column widths,
// a frozen bold header with an autofilter, real date cells, money as yuan numbers with two decimals, a Chinese sheet
// name, and a second sheet 导出说明 with the filters used and the export time. Rows come from a generator that walks
// the list in keyset batches, so memory stays flat on any size.
import { PassThrough, Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import { neutraliseFormula, parseOfficialDate } from './cells.js';
import { primed } from '../../lib/iterables.js';

export type ColumnKind = 'text' | 'int' | 'number' | 'date' | 'money';
export interface ExportColumn {
  header: string;
  /** text (default); int/number; date: a YYYY-MM-DD string; money: integer fen, written as yuan. */
  kind?: ColumnKind;
}
/** A value as the record generator yields it: strings, numbers (money in fen), null for empty. */
export type ExportValue = string | number | boolean | null | undefined;

export interface ExportSpec {
  /** The file name stem (ASCII) and its Chinese title (sheet name, filename*). */
  file: string;
  title: string;
  columns: readonly ExportColumn[];
  records: () => Iterable<ExportValue[]>;
  /** The filters used (query without format), for the 导出说明 sheet. */
  filters: Record<string, unknown>;
  now: Date;
}

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The 200 response of an export in the contract. */
export const exportResponse = {
  description: 'The file.',
  content: {
    [XLSX]: { schema: { type: 'string', format: 'binary', maxLength: 1073741824, description: 'An xlsx workbook: the register on the first sheet (frozen bold header, autofilter, date cells, money in yuan), the filters and export time on 导出说明.' } },
    'text/csv': { schema: { type: 'string', maxLength: 1073741824, description: 'CSV, UTF-8 with BOM; cells starting with = + - @ TAB or CR are prefixed with \' (the import removes it).' } },
  },
} as const;

const yuan = (fen: number) => Math.round(fen) / 100;

function csvText(col: ExportColumn, v: ExportValue): string {
  if (v === null || v === undefined) return '';
  switch (col.kind) {
    case 'money':
      return yuan(Number(v)).toFixed(2);
    case 'int':
    case 'number':
    case 'date':
      return String(v);
    default:
      return neutraliseFormula(typeof v === 'boolean' ? (v ? '是' : '否') : String(v));
  }
}

function xlsxValue(col: ExportColumn, v: ExportValue): string | number | Date | null {
  if (v === null || v === undefined || v === '') return null;
  switch (col.kind) {
    case 'money':
      return yuan(Number(v));
    case 'int':
    case 'number':
      return Number(v);
    case 'date': {
      const d = parseOfficialDate(String(v));
      return d ? new Date(`${d}T00:00:00Z`) : String(v);
    }
    default:
      return typeof v === 'boolean' ? (v ? '是' : '否') : String(v);
  }
}

/** Display width of a text in Excel's character units (CJK characters count double). */
function displayWidth(s: string): number {
  let w = 0;
  for (const line of s.split('\n')) {
    let lw = 0;
    for (const ch of line) lw += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
    w = Math.max(w, lw);
  }
  return w;
}

export function csvStream(spec: ExportSpec): Readable {
  const out = stringify({ bom: true, header: true, columns: spec.columns.map((c) => c.header) });
  const cols = spec.columns;
  // pipeline, not pipe: an error of the record generator reaches `out` (never an unhandled 'error' event that would take
  // the process down), and Fastify ends that response with it.
  pipeline(
    Readable.from(
      (function* () {
        for (const rec of spec.records()) yield rec.map((v, i) => csvText(cols[i], v));
      })(),
    ),
    out,
    () => {},
  );
  return out;
}

const FIT_SAMPLE = 200;

export function xlsxStream(spec: ExportSpec): Readable {
  const stream = new PassThrough();
  (async () => {
    // Loaded on first export, not at start-up: exceljs is the largest module of the service.
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    wb.created = spec.now;
    const ws = wb.addWorksheet(spec.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    const it = spec.records()[Symbol.iterator]();
    // The widths are fitted to the header and the first rows (the writer needs them before the first row).
    const head: ExportValue[][] = [];
    let more = true;
    while (head.length < FIT_SAMPLE) {
      const r = it.next();
      if (r.done) {
        more = false;
        break;
      }
      head.push(r.value);
    }
    ws.columns = spec.columns.map((c, i) => {
      let w = displayWidth(c.header) + 4; // room for the autofilter button
      for (const rec of head) w = Math.max(w, displayWidth(c.kind === 'money' ? yuan(Number(rec[i] ?? 0)).toFixed(2) : String(rec[i] ?? '')) + 2);
      return {
        key: `c${i}`,
        width: Math.min(Math.max(w, c.kind === 'date' ? 12 : 6), 60),
        style: c.kind === 'money' ? { numFmt: '#,##0.00' } : c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : c.kind === 'text' || !c.kind ? { alignment: { wrapText: false } } : {},
      };
    });
    const header = ws.addRow(spec.columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: spec.columns.length } };
    let n = 0;
    const write = async (rec: ExportValue[]) => {
      ws.addRow(rec.map((v, i) => xlsxValue(spec.columns[i], v))).commit();
      if (++n % 500 === 0) await new Promise((r) => setImmediate(r));
    };
    for (const rec of head) await write(rec);
    // The client went away (Fastify destroyed the stream): stop reading the register.
    if (more) for (let r = it.next(); !r.done && !stream.destroyed; r = it.next()) await write(r.value);
    ws.commit();
    const about = wb.addWorksheet('导出说明');
    about.columns = [{ key: 'k', width: 16 }, { key: 'v', width: 60 }];
    about.addRow(['项目', '内容']).font = { bold: true };
    // Excel dates have no zone: the time is written as the clock in Asia/Shanghai shows it.
    const when = about.addRow(['导出时间', new Date(spec.now.getTime() + 8 * 3600_000)]);
    when.getCell(2).numFmt = 'yyyy-mm-dd hh:mm:ss';
    when.commit();
    about.addRow(['时区', 'Asia/Shanghai (UTC+8)']).commit();
    about.addRow(['记录数', n]).commit();
    const filters = Object.entries(spec.filters).filter(([, v]) => v !== undefined);
    if (!filters.length) about.addRow(['筛选条件', '（无）']).commit();
    for (const [k, v] of filters) about.addRow([`筛选：${k}`, Array.isArray(v) ? v.join(', ') : String(v)]).commit();
    about.commit();
    await wb.commit();
  })().catch((err) => stream.destroy(err));
  return stream;
}

/** Sends an export: content type, attachment name (ASCII and the Chinese title), the stream. */
export function sendExport(reply: FastifyReply, format: 'xlsx' | 'csv', spec: ExportSpec) {
  // The first batch is read before the response starts: an early failure (a bad filter, a failing query) is an ordinary
  // problem+json answer; a later one ends this response and is logged with the request id, never the process.
  const rows = primed(spec.records());
  spec = { ...spec, records: () => rows };
  const stamp = new Date(spec.now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  reply.header('content-disposition', `attachment; filename="${spec.file}-${stamp}.${format}"; filename*=UTF-8''${encodeURIComponent(spec.title)}-${stamp}.${format}`);
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(csvStream(spec));
  return reply.type(XLSX).send(xlsxStream(spec));
}
