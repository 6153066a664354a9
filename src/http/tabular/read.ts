// Reading an uploaded sheet (CSV/TSV in any of the encodings of decode.ts, xlsx through exceljs' streaming
// WorkbookReader, xls and ods through SheetJS) into rows keyed by the sheet's Chinese headers, for every import. The
// bytes decide the format (sniff.ts): a body that is not what its Content-Type says is a 415 naming the type to send.
// Row numbers are the ones Excel shows (the header is row 1 of a plain file); pointers name the Chinese column
// (`/完成时限`). Problems of the whole file (empty, header only, unknown or missing columns, unreadable) are a 422
// IMPORT_INVALID; problems of a cell are row errors collected with the module's own.
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse/sync';
import { AppError } from '../errors.js';
import { ACCEPTED_DATE_FORMATS, parseOfficialDate, restoreFormula } from './cells.js';
import { firstDisallowedCharacter } from '../../lib/text.js';
import { decodeToUtf8, type EncodingSource } from './decode.js';
import { RowErrors } from './errors.js';
import { metadataFirst } from './zip-order.js';
import type { ImportPace } from '../import-memory.js';
import { BODY_KINDS, odsOverBound, ODS_TYPE, sniffBody, XLS_TYPE, XLSX_TYPE, type BodyKind } from './sniff.js';

export { ODS_TYPE, XLS_TYPE, XLSX_TYPE } from './sniff.js';
/** Media types of the sheet bodies every :import accepts (besides application/json). */
export const SHEET_TYPES = ['text/csv', 'text/tab-separated-values', 'text/plain', XLSX_TYPE, XLS_TYPE, ODS_TYPE] as const;
/** Columns the result sheet (`?format=`) adds; an import reads them back and ignores them. */
export const RESULT_HEADERS = ['导入结果', '记录ID', '记录编号'] as const;

export interface ColumnSpec {
  /** The Chinese header, as exports write it. */
  header: string;
  /** Other spellings read as the same column (e.g. the JSON field name, full-width brackets are folded anyway). */
  aliases?: readonly string[];
  /** date: normalised to YYYY-MM-DD from any of ACCEPTED_DATE_FORMATS or an Excel date/serial. */
  kind?: 'text' | 'date';
  /** Read but not used (e.g. derived export columns such as 状态). */
  ignored?: boolean;
}
export interface SheetSpec {
  columns: readonly ColumnSpec[];
  /** Headers that must be present. */
  required?: readonly string[];
}

export type Cell = string | number | Date | boolean | null;
export interface SheetRow {
  /** The row number Excel shows. */
  row: number;
  /**
   * Non-empty cells by canonical header: trimmed, formula neutralisation undone, dates as YYYY-MM-DD. Emptied once an
   * import's loop has passed the row (eachImportRow).
   */
  values: Record<string, string>;
  /** The row's cells as read (for the result sheet). */
  cells: Cell[];
}
export interface SheetSource {
  format: 'csv' | 'tsv' | 'xlsx' | 'xls' | 'ods';
  encoding?: string;
  encodingSource?: EncodingSource;
  sheet?: string;
}
export interface Sheet {
  source: SheetSource;
  /** The header row as read, and its row number. */
  header: string[];
  headerRow: number;
  rows: SheetRow[];
  errors: RowErrors;
}

/** Folds the spellings of one header: whitespace and line breaks inside, full-width brackets, a required-marker star. */
export function normaliseHeader(h: string): string {
  return h.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').replace(/^[*＊]+|[*＊]+$/g, '');
}

function fileError(code: string, detail: string, pointer = '/'): AppError {
  return new AppError('IMPORT_INVALID', detail, { errors: [{ in: 'body', row: code === 'EMPTY_FILE' ? undefined : 1, pointer, code, detail }] });
}

export function essenceOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** The workbook format each workbook Content-Type declares (the others are text: CSV, TSV, plain). */
const WORKBOOK_TYPES: Record<string, 'xlsx' | 'xls' | 'ods'> = { [XLSX_TYPE]: 'xlsx', [XLS_TYPE]: 'xls', [ODS_TYPE]: 'ods' };

/** Reads a sheet body (a Buffer from the sheet content-type parser). */
export async function readSheet(body: Buffer, contentType: string | undefined, spec: SheetSpec, opts: { sheet?: string; pace?: ImportPace } = {}): Promise<Sheet> {
  const type = essenceOf(contentType);
  const workbook = WORKBOOK_TYPES[type];
  // An empty workbook never reaches a reader: exceljs' zip reader waits forever for an end of archive that never comes.
  if (workbook && !body.length) throw fileError('EMPTY_FILE', `The file is empty: send an ${workbook} workbook with a header row and at least one data row`);
  if (body.length) expectKind(workbook ?? 'text', sniffBody(body), type);
  if (workbook === 'xlsx') return fromGrid(await xlsxGrid(body, opts.sheet, opts.pace), spec);
  if (workbook) return fromGrid(await sheetjsGrid(body, workbook, opts.sheet), spec);
  if (opts.sheet !== undefined) throw new AppError('VALIDATION_FAILED', 'sheet= applies to workbook bodies (xlsx, xls, ods) only', { errors: [{ in: 'query', pointer: '/sheet', detail: 'only for workbook bodies' }] });
  // The text stays UTF-8 bytes (never one string of the whole file) and csv-parse reads them as they are.
  const decoded = decodeToUtf8(body, contentType);
  const bytes = decoded.bytes;
  if (isBlankText(bytes)) throw fileError('EMPTY_FILE', 'The file is empty: send a header row and at least one data row');
  const delimiter = type === 'text/tab-separated-values' ? '\t' : sniffDelimiter(bytes);
  let records: string[][];
  try {
    records = parse(bytes, { delimiter, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new AppError('IMPORT_INVALID', `The file cannot be read as ${delimiter === '\t' ? 'tab-separated text' : 'CSV'}: ${err.message}`, {
      errors: [{ in: 'body', row: err.lines, pointer: '/', code: 'CSV_SYNTAX', detail: err.message }],
    });
  }
  return fromGrid(
    { source: { format: delimiter === '\t' ? 'tsv' : 'csv', encoding: decoded.encoding, encodingSource: decoded.encodingSource }, rows: records.map((cells, i) => ({ row: i + 1, cells })) },
    spec,
  );
}

/**
 * The bytes must be what the Content-Type says. A workbook or text sent as another format is a 415 naming what the bytes
 * are and the type to send them as (`expected`); bytes sent as a workbook that no import reads are that workbook's
 * 422 unreadable. Zip, markup and other bytes sent as text are left to the CSV reader (an encoding or column error).
 */
function expectKind(declared: 'xlsx' | 'xls' | 'ods' | 'text', kind: BodyKind, type: string): void {
  if (kind === declared) return;
  const sendAs = BODY_KINDS[kind].type;
  if (sendAs) {
    const detail = `the body is ${BODY_KINDS[kind].label}, not ${BODY_KINDS[declared].label}: send it with Content-Type ${sendAs}`;
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Type ${type} does not fit the body: ${detail}`, {
      errors: [{ in: 'header', pointer: '/content-type', code: 'CONTENT_TYPE_MISMATCH', detail }],
      extra: { expected: sendAs },
    });
  }
  if (declared !== 'text') throw fileError(`${declared.toUpperCase()}_UNREADABLE`, `The body is not ${BODY_KINDS[declared].label}: it is ${BODY_KINDS[kind].label}`);
}

/** Whether UTF-8 text is only white space (JavaScript's, byte order marks included), read a chunk at a time. */
function isBlankText(bytes: Buffer): boolean {
  const decoder = new StringDecoder('utf8');
  for (let i = 0; i < bytes.length; i += 65536) if (decoder.write(bytes.subarray(i, i + 65536)).trim()) return false;
  return !decoder.end().trim();
}

/** Comma, or tab when the first line has more tabs than commas (Excel's "Unicode text" is tab-separated UTF-16LE). */
function sniffDelimiter(bytes: Buffer): string {
  const nl = bytes.indexOf(0x0a);
  const end = nl < 0 ? bytes.length : nl;
  let tabs = 0;
  let commas = 0;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 0x09) tabs++;
    else if (bytes[i] === 0x2c) commas++;
  }
  return tabs > commas ? '\t' : ',';
}

export interface Grid {
  source: SheetSource;
  rows: Array<{ row: number; cells: Cell[] }>;
}

/**
 * A cell the reader could not resolve: a shared-string index when the workbook's shared strings were not read, or a
 * value of no known kind. Never imported as "[object Object]".
 */
export class UnresolvedCell extends Error {}

/**
 * The cells of one xlsx sheet, read once more when a cell came back unresolved. exceljs' streaming reader was seen to
 * parse a sheet without the workbook's shared strings, so every text cell came back as `{ sharedString: n }`: about
 * one import in 5,000 on a loaded machine, and always for the LibreOffice xlsx fixture until zip-order.ts put the
 * metadata first. The body is in memory, so a second read costs little; a workbook that fails twice is refused
 * (XLSX_UNREADABLE), never imported with wrong text.
 */
export async function readXlsxGrid(read: () => Promise<Grid>): Promise<Grid> {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof UnresolvedCell)) throw e;
    try {
      return await read();
    } catch (again) {
      if (again instanceof UnresolvedCell) throw fileError('XLSX_UNREADABLE', `The body is not a readable xlsx workbook: ${again.message}`);
      throw again;
    }
  }
}

/**
 * The cells of one xlsx sheet (first, or ?sheet= by name or 1-based number), read as a stream. exceljs leaves ~2 KB of
 * garbage per row read (its parser's events and row objects), which V8 lets pile up while the reader keeps allocating
 * (a 100,000-row fee sheet: RSS 144 → 393 MB while reading): `pace` collects it as it goes.
 */
const xlsxGrid = (body: Buffer, wanted: string | undefined, pace?: ImportPace) => readXlsxGrid(() => xlsxGridOnce(body, wanted, pace));

async function xlsxGridOnce(body: Buffer, wanted: string | undefined, pace?: ImportPace): Promise<Grid> {
  // Loaded on first use, not at start-up: exceljs is the largest module of the service.
  const ExcelJS = (await import('exceljs')).default;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([metadataFirst(body)]), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  const names: string[] = [];
  let grid: Grid | undefined;
  let read = 0;
  let unresolved: UnresolvedCell | undefined;
  try {
    let n = 0;
    for await (const ws of reader) {
      n++;
      const name = (ws as unknown as { name: string }).name;
      names.push(name);
      const take = !grid && (wanted === undefined || wanted === name || wanted === String(n));
      const rows: Grid['rows'] = [];
      // Every sheet is read to its end: the reader's temporary files are removed only then.
      for await (const row of ws as unknown as AsyncIterable<{ number: number; values: unknown[] }>) {
        if (take && !unresolved) {
          try {
            rows.push({ row: row.number, cells: (row.values as unknown[]).slice(1).map(xlsxCell) });
          } catch (e) {
            if (!(e instanceof UnresolvedCell)) throw e;
            unresolved = e;
          }
        }
        if (pace && ++read % pace.everyRows === 0) pace.collect();
      }
      if (take) grid = { source: { format: 'xlsx', sheet: name }, rows };
    }
  } catch (e) {
    throw fileError('XLSX_UNREADABLE', `The body is not a readable xlsx workbook: ${(e as Error).message}`);
  }
  // Thrown once the whole workbook has been read (its temporary files are gone by then).
  if (unresolved) throw unresolved;
  if (!grid) throw noSheet(wanted, names);
  return grid;
}

/** The 422 of a workbook without the sheet asked for (or without any). */
function noSheet(wanted: string | undefined, names: string[]): AppError {
  if (!names.length) return fileError('EMPTY_FILE', 'The workbook has no sheet');
  return new AppError('IMPORT_INVALID', `The workbook has no sheet ${wanted}; its sheets: ${names.join(', ')}`, { errors: [{ in: 'query', pointer: '/sheet', code: 'SHEET_NOT_FOUND', detail: `sheets: ${names.join(', ')}` }] });
}

/**
 * What an ods may inflate to, all its entries together, and the cells its sheets may make. SheetJS reads a workbook
 * whole, in memory (content.xml as one string, one object per cell, a repeated cell once per repetition): without the
 * bounds a few KB of crafted ods would take the process down. An ods of 65,536 rows of a register is far below both.
 */
export const ODS_MAX_INFLATED_BYTES = 100 * 1024 * 1024;
export const ODS_MAX_CELLS = 2_000_000;

/**
 * The cells of one xls or ods sheet (first, or ?sheet= by name or 1-based number, as for xlsx), read by SheetJS
 * (@e965/xlsx, the maintained build; never xlsx@0.18.5, whose advisories crafted files trigger). Only values are read:
 * no formulas, styles, HTML or macros. An xls is bounded by the body limit and its format (65,536 rows of 256
 * columns a sheet, no compression); an ods by ODS_MAX_INFLATED_BYTES.
 */
async function sheetjsGrid(body: Buffer, format: 'xls' | 'ods', wanted: string | undefined): Promise<Grid> {
  const refused = format === 'ods' ? await odsOverBound(body, ODS_MAX_INFLATED_BYTES, ODS_MAX_CELLS) : null;
  if (refused) throw fileError('ODS_UNREADABLE', `The ods workbook cannot be read: ${refused} (the bounds: ${ODS_MAX_INFLATED_BYTES / 1_048_576} MiB inflated, ${ODS_MAX_CELLS} cells; split a larger file or save it as xlsx)`);
  // Loaded on first use, like exceljs: most imports never need it.
  const XLSX = await import('@e965/xlsx');
  let wb: import('@e965/xlsx').WorkBook;
  try {
    wb = XLSX.read(body, { type: 'buffer', dense: true, cellNF: true, cellText: false, cellFormula: false, cellHTML: false, cellStyles: false, bookVBA: false, WTF: false });
  } catch (e) {
    throw fileError(`${format.toUpperCase()}_UNREADABLE`, `The body is not a readable ${format} workbook: ${(e as Error).message}`);
  }
  const names = wb.SheetNames;
  const index = names.findIndex((name, i) => wanted === undefined || wanted === name || wanted === String(i + 1));
  if (index < 0) throw noSheet(wanted, names);
  const data = ((wb.Sheets[names[index]] ?? {}) as unknown as { '!data'?: Array<Array<import('@e965/xlsx').CellObject | undefined> | undefined> })['!data'] ?? [];
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const rows: Grid['rows'] = [];
  // Dense rows are indexed from A1, as Excel numbers them; a row or cell never written is a hole.
  data.forEach((cells, r) => {
    if (cells) rows.push({ row: r + 1, cells: Array.from(cells, (c) => sheetjsCell(c, date1904, XLSX.SSF.is_date)) });
  });
  return { source: { format, sheet: names[index] }, rows };
}

/** Excel's error values by their BIFF code (SheetJS gives an error cell its code). */
const EXCEL_ERRORS: Record<number, string> = { 0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA' };

/**
 * A SheetJS cell → a plain cell, as xlsxCell gives the same cell of an xlsx: text as it is (leading zeros kept), numbers
 * as stored, formulas by their saved value, and a number shown as a date as the Date exceljs makes of it (the serial's
 * instant read as UTC, exceljs' excelToDate), so a date reads the same in xlsx, xls and ods.
 */
function sheetjsCell(c: import('@e965/xlsx').CellObject | undefined, date1904: boolean, isDate: (format: string | number) => boolean): Cell {
  if (!c || c.v === undefined || c.v === null) return null;
  switch (c.t) {
    case 's':
      return String(c.v);
    case 'b':
      return Boolean(c.v);
    case 'e':
      return { error: EXCEL_ERRORS[c.v as number] ?? '#ERROR' } as unknown as Cell;
    case 'd':
      return c.v instanceof Date ? c.v : new Date(String(c.v));
    case 'n':
      if (c.z !== undefined && isDate(c.z)) return new Date(Math.round(((c.v as number) - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
      return c.v as number;
    default:
      return null;
  }
}

/** An exceljs cell value → a plain cell: formulas by their cached result, rich text and hyperlinks by their text. */
function xlsxCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return unescapeXstring(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  const o = v as { result?: unknown; formula?: string; sharedFormula?: string; richText?: Array<{ text: string }>; text?: unknown; error?: string };
  if (o.richText) return unescapeXstring(o.richText.map((t) => t.text).join(''));
  if ('formula' in o || 'sharedFormula' in o) {
    if (o.result === undefined) return { error: '#NO_CACHED_VALUE' } as unknown as Cell;
    return xlsxCell(o.result);
  }
  if (o.error !== undefined) return { error: o.error } as unknown as Cell;
  if (o.text !== undefined) return xlsxCell(o.text);
  if ('sharedString' in o) throw new UnresolvedCell(`a cell refers to shared string ${String((o as { sharedString: unknown }).sharedString)}, which was not read`);
  throw new UnresolvedCell(`a cell holds a value of no known kind (${Object.keys(o).join(', ') || 'empty'})`);
}

/** OOXML writes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x); Excel reads them back. */
function unescapeXstring(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s;
}

const isBlank = (c: Cell) => c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

function fromGrid(grid: Grid, spec: SheetSpec): Sheet {
  const byHeader = new Map<string, ColumnSpec>();
  for (const c of spec.columns) for (const h of [c.header, ...(c.aliases ?? [])]) byHeader.set(normaliseHeader(h), c);
  for (const h of RESULT_HEADERS) byHeader.set(h, { header: h, ignored: true });
  const known = (c: Cell) => typeof c === 'string' && byHeader.has(normaliseHeader(c));

  const nonEmpty = grid.rows.filter((r) => r.cells.some((c) => !isBlank(c)));
  if (!nonEmpty.length) throw fileError('EMPTY_FILE', 'The file is empty: send a header row and at least one data row');
  // The header is the first row naming a known column (title rows above it, often merged across, are skipped).
  const hi = nonEmpty.slice(0, 10).findIndex((r) => r.cells.some(known));
  if (hi < 0) {
    const cells = nonEmpty[0].cells.filter((c) => !isBlank(c)).map(String);
    throw new AppError('IMPORT_INVALID', `No known column in the header row (${cells.join(', ')}); the columns are ${spec.columns.filter((c) => !c.ignored).map((c) => c.header).join(', ')}`, {
      errors: cells.map((h) => ({ in: 'body' as const, row: nonEmpty[0].row, pointer: `/${h}`, code: 'UNKNOWN_COLUMN', detail: 'not a column of this import' })),
    });
  }
  let headerCells = nonEmpty[hi].cells.map((c) => (isBlank(c) ? '' : String(c).trim()));
  let headerRow = nonEmpty[hi].row;
  let dataFrom = hi + 1;
  // A two-row header (a group title merged over sub-headers): the next row's known headers fill the gaps.
  const next = nonEmpty[hi + 1];
  if (next && next.row === headerRow + 1 && next.cells.some(known) && next.cells.every((c, i) => isBlank(c) || (known(c) && !known(headerCells[i] ?? '')))) {
    headerCells = Array.from({ length: Math.max(headerCells.length, next.cells.length) }, (_, i) => (known(next.cells[i] ?? null) ? String(next.cells[i]).trim() : (headerCells[i] ?? '')));
    headerRow = next.row;
    dataFrom = hi + 2;
  }
  const columns: Array<ColumnSpec | null> = headerCells.map((h) => (h ? (byHeader.get(normaliseHeader(h)) ?? null) : null));
  const unknown = headerCells.filter((h, i) => h && !columns[i]);
  const present = new Set(columns.filter(Boolean).map((c) => c!.header));
  const missing = (spec.required ?? []).filter((h) => !present.has(h));
  const seen = new Set<string>();
  const repeated = columns.filter((c) => c && !c.ignored && (seen.has(c.header) || !seen.add(c.header))).map((c) => c!.header);
  if (unknown.length || missing.length || repeated.length) {
    const parts = [unknown.length && `unknown columns ${unknown.join(', ')}`, missing.length && `missing columns ${missing.join(', ')}`, repeated.length && `columns given twice ${repeated.join(', ')}`].filter(Boolean);
    throw new AppError('IMPORT_INVALID', `The header row does not fit this import: ${parts.join('; ')}. The columns are ${spec.columns.filter((c) => !c.ignored).map((c) => c.header).join(', ')}`, {
      errors: [
        ...unknown.map((h) => ({ in: 'body' as const, row: headerRow, pointer: `/${h}`, code: 'UNKNOWN_COLUMN', detail: 'not a column of this import' })),
        ...missing.map((h) => ({ in: 'body' as const, row: headerRow, pointer: `/${h}`, code: 'MISSING_COLUMN', detail: 'a required column is missing' })),
        ...repeated.map((h) => ({ in: 'body' as const, row: headerRow, pointer: `/${h}`, code: 'DUPLICATE_COLUMN', detail: 'the column appears twice' })),
      ],
    });
  }
  let width = headerCells.length;
  while (width > 0 && !headerCells[width - 1]) width--;

  const errors = new RowErrors();
  const rows: SheetRow[] = [];
  // A CSV row has as many cells as it has separators; a workbook row ends at its last non-empty cell.
  const plain = grid.source.format === 'csv' || grid.source.format === 'tsv';
  for (const r of nonEmpty.slice(dataFrom)) {
    const { row, cells } = r;
    if ((plain && cells.length < width) || cells.slice(width).some((c) => !isBlank(c))) {
      const last = cells.length - 1 - [...cells].reverse().findIndex((c) => !isBlank(c));
      errors.add(row, '/', 'ROW_LENGTH', `the row has ${plain ? cells.length : last + 1} cells but the header has ${width}`);
      rows.push({ row, values: {}, cells });
      continue;
    }
    const values: Record<string, string> = {};
    for (let i = 0; i < width; i++) {
      const col = columns[i];
      const c = cells[i];
      if (!col || col.ignored || isBlank(c)) continue;
      const pointer = `/${col.header}`;
      if (typeof c === 'object' && c !== null && !(c instanceof Date)) {
        const e = (c as { error: string }).error;
        errors.add(row, pointer, 'INVALID_VALUE', e === '#NO_CACHED_VALUE' ? 'a formula without a saved value: open and save the file in Excel first' : `the cell holds the Excel error ${e}`);
        continue;
      }
      if (col.kind === 'date') {
        const d = parseOfficialDate(typeof c === 'boolean' ? String(c) : typeof c === 'string' ? restoreFormula(c.trim()) : (c as number | Date));
        if (!d) errors.add(row, pointer, 'INVALID_DATE', `"${cellText(c)}" is not a date; accepted: ${ACCEPTED_DATE_FORMATS}`);
        else values[col.header] = d;
        continue;
      }
      const text = restoreFormula(cellText(c).trim());
      // The same rule as JSON bodies, query strings and path parameters (src/lib/text.ts).
      const bad = firstDisallowedCharacter(text);
      if (bad) errors.add(row, pointer, 'CONTROL_CHARACTER', `the cell contains ${bad.kind} ${bad.name} at position ${bad.position}`);
      else values[col.header] = text;
    }
    rows.push({ row, values, cells });
  }
  if (!rows.length) throw fileError('NO_ROWS', 'The file has a header row but no data rows', '/');
  return { source: grid.source, header: headerCells.slice(0, width), headerRow, rows, errors };
}

/** A cell as text: dates as YYYY-MM-DD, numbers without binary noise (Excel keeps 15 significant digits). */
export function cellText(c: Cell): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return parseOfficialDate(c) ?? '';
  if (typeof c === 'number') return String(Number(c.toPrecision(15)));
  if (typeof c === 'boolean') return c ? 'true' : 'false';
  return String(c);
}
