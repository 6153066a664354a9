// The one import/export pipeline of every register (issue 12): content-type parsers for sheet bodies, the query
// parameters every :import shares, reading a body (JSON rows or a sheet), and the result sheet of ?format=.
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { Type } from 'typebox';
import { AppError } from '../errors.js';
import { importPace, markImport, type ImportPace } from '../import-memory.js';
import { cellText, ODS_MAX_CELLS, ODS_MAX_INFLATED_BYTES, ODS_TYPE, readSheet, RESULT_HEADERS, SHEET_TYPES, XLS_TYPE, XLSX_TYPE, type Cell, type Sheet, type SheetSpec } from './read.js';
import { neutraliseFormula } from './cells.js';
import { Text } from '../text-schema.js';
import type { ImportReport, ImportSource, Outcome, RowErrors } from './errors.js';

export * from './cells.js';
export * from './decode.js';
export * from './errors.js';
export * from './read.js';
export * from './write.js';
export * from './rows.js';
export { BODY_KINDS, sniffBody, type BodyKind } from './sniff.js';

/** Sheet bodies reach the handlers as raw Buffers (the encoding is decided by the pipeline), within the route's body limit. */
export function registerSheetParsers(app: FastifyInstance): void {
  for (const type of SHEET_TYPES) {
    if (app.hasContentTypeParser(type)) app.removeContentTypeParser(type);
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (request, body, done) => {
      // Only an :import reads sheets; anywhere else a sheet body is the 415 of an unknown type (issue 21.5), not a
      // Buffer handed to JSON validation.
      if (!request.routeOptions.url?.endsWith(':import')) {
        return done(Object.assign(new Error(`Unsupported Media Type: ${type}`), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), undefined);
      }
      done(null, body);
    });
  }
}

/** The documented bound of a sheet body: the default IMPORT_BODY_LIMIT_BYTES (src/config.ts). */
export const IMPORT_BODY_MAX_BYTES = 52_428_800;

/** How a typed client sends a sheet: the file's bytes as they are, with their Content-Type. */
const SEND_AS_IS = 'With openapi-fetch: `body: bytes, bodySerializer: (b) => b, headers: {"content-type": "<this type>"}`.';

/** How every workbook format is read (the bytes decide the format: another one than the Content-Type is a 415). */
const WORKBOOK_READING =
  'the first sheet, or ?sheet=. Title rows above the header and two-row (merged) headers are read; formulas by their saved values; dates as date cells, serial numbers or text; text cells as they are (leading zeros kept). The bytes must be this format: another workbook format or text sent as this type is a 415 naming the type to send.';

/**
 * The contract of the sheet bodies of an :import (request body content entries), the one place that documents them:
 * each is the file's bytes (the pipeline decides the encoding), bounded, with the way a typed client sends it.
 */
export function sheetBodies(csvDescription: string) {
  const binary = (type: string, description: string) => ({
    schema: { type: 'string', format: 'binary', contentMediaType: type, maxLength: IMPORT_BODY_MAX_BYTES, description: `${description} ${SEND_AS_IS}` },
  });
  return {
    'text/csv': binary('text/csv', `${csvDescription} Encoding: the charset= of Content-Type, else UTF-8 (BOM optional) or GB18030 detected, UTF-16LE/BE by BOM; comma- or tab-separated.`),
    'text/tab-separated-values': binary('text/tab-separated-values', 'The same columns, tab-separated (Excel "Unicode text", UTF-16LE with BOM).'),
    [XLSX_TYPE]: binary(XLSX_TYPE, `An xlsx workbook with the same header row: ${WORKBOOK_READING}`),
    [XLS_TYPE]: binary(XLS_TYPE, `An xls workbook (Excel 97-2003, BIFF8; what WPS and old Excel save by default) with the same header row, read like xlsx: ${WORKBOOK_READING}`),
    [ODS_TYPE]: binary(ODS_TYPE, `An ods workbook (OpenDocument, LibreOffice) with the same header row, read like xlsx: ${WORKBOOK_READING} At most ${ODS_MAX_INFLATED_BYTES / 1_048_576} MiB inflated and ${ODS_MAX_CELLS} cells.`),
  };
}

/** Query parameters every :import takes besides its own. */
export const ImportSheetQuery = {
  sheet: Type.Optional(Text({ minLength: 1, maxLength: 31, description: 'Workbook bodies only (xlsx, xls, ods): the sheet to read, by name or 1-based number (default: the first).' })),
  // A plain string enum (API.md 26), not an anyOf of constants: generators make one union type of it.
  format: Type.Optional(
    Type.Unsafe<'json' | 'csv' | 'xlsx'>({
      type: 'string',
      enum: ['json', 'csv', 'xlsx'],
      description: 'The response: json (default) the report; csv or xlsx the uploaded sheet with 导入结果, 记录ID and 记录编号 added per row (sheet bodies only).',
    }),
  ),
};

export type ImportBody = ({ kind: 'json'; items: unknown[]; source: ImportSource } | { kind: 'sheet'; sheet: Sheet; source: ImportSource }) & {
  /** Memory while a long import runs (src/http/import-memory.ts): a full collection every `everyRows` rows. */
  pace?: ImportPace;
};

/** A request body of an :import: JSON {items} (parsed and schema-checked by the route) or a sheet (read here). */
export async function readImportBody(request: FastifyRequest, spec: SheetSpec): Promise<ImportBody> {
  const body = request.body;
  const query = (request.query ?? {}) as { sheet?: string };
  if (Buffer.isBuffer(body)) {
    const pace = importPace(request);
    const sheet = await readSheet(body, request.headers['content-type'], spec, { sheet: query.sheet, pace });
    // The file's bytes are not needed past this point (the Idempotency-Key hash was taken before the handler): let
    // them go before the rows are validated and written (issue 13.5).
    (request as { body: unknown }).body = undefined;
    markImport(request, sheet.rows.length);
    // Reading a large workbook leaves its parser's garbage behind (exceljs' cells and events): collected before the
    // rows are written, so it does not add to what the import itself promotes.
    if (pace && sheet.rows.length >= pace.everyRows) pace.collect();
    return { kind: 'sheet', sheet, source: sheet.source, pace };
  }
  if (query.sheet !== undefined) throw new AppError('VALIDATION_FAILED', 'sheet= applies to workbook bodies (xlsx, xls, ods) only', { errors: [{ in: 'query', pointer: '/sheet', detail: 'only for workbook bodies' }] });
  const items = (body as { items?: unknown[] } | null)?.items;
  if (!Array.isArray(items)) throw new AppError('VALIDATION_FAILED', 'Send {"items": [...]} as JSON, or a CSV, xlsx, xls or ods body', { errors: [{ in: 'body', pointer: '/items', detail: 'send {"items": [...]} or a sheet' }] });
  if (!items.length) throw new AppError('IMPORT_INVALID', 'The import has no rows', { errors: [{ in: 'body', pointer: '/items', code: 'NO_ROWS', detail: 'no rows' }] });
  markImport(request, items.length);
  return { kind: 'json', items, source: { format: 'json' }, pace: importPace(request) };
}

const RELEASED: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * The rows of an import body, each as an object of fields with its row number: JSON items as they are (the 1-based
 * item index), sheet rows through the module's `fromSheet` (Excel's row number; a row with a refused cell stays empty
 * and is not mapped). The sheet's cell errors join `errors` first. Each row is mapped when the loop reaches it, so a
 * module that handles one row at a time never holds all the mapped rows (issue 13.5); `count` is the number of rows.
 *
 * Once the loop has moved past a row, the body lets go of it: the JSON item's slot is emptied and the sheet row's
 * values dropped (its cells stay, for the result sheet of ?format=). With `input.pace`, a full collection runs every
 * `everyRows` rows, so what a long import promoted and no longer needs is freed while it runs, not after.
 */
export function eachImportRow(input: ImportBody, errors: RowErrors, fromSheet: (values: Record<string, string>, row: number) => Record<string, unknown>): { count: number; rows: Iterable<{ row: number; value: Record<string, unknown> }> } {
  const pace = input.pace;
  const paced = (n: number) => {
    if (pace && n % pace.everyRows === 0) pace.collect();
  };
  if (input.kind === 'json') {
    const { items } = input;
    return {
      count: items.length,
      rows: (function* () {
        for (let i = 0; i < items.length; i++) {
          yield { row: i + 1, value: items[i] as Record<string, unknown> };
          items[i] = undefined;
          paced(i + 1);
        }
      })(),
    };
  }
  const { sheet } = input;
  errors.merge(sheet.errors);
  return {
    count: sheet.rows.length,
    rows: (function* () {
      let n = 0;
      for (const r of sheet.rows) {
        yield { row: r.row, value: sheet.errors.has(r.row) ? {} : fromSheet(r.values, r.row) };
        r.values = RELEASED;
        paced(++n);
      }
    })(),
  };
}

/** eachImportRow's rows as an array (for a module that keeps them all anyway). */
export function importRows(input: ImportBody, errors: RowErrors, fromSheet: (values: Record<string, string>, row: number) => Record<string, unknown>): Array<{ row: number; value: Record<string, unknown> }> {
  return [...eachImportRow(input, errors, fromSheet).rows];
}

const OUTCOME_LABEL: Record<Outcome, string> = { created: '新建', updated: '更新', unchanged: '未变' };

/**
 * Sends the report: as JSON, or (?format=csv|xlsx, sheet bodies) the uploaded sheet with the outcome, id and code of
 * each row's record added, so an agency can keep the generated codes in its own file.
 */
export function sendImportReport(reply: FastifyReply, input: ImportBody, report: ImportReport, format: 'json' | 'csv' | 'xlsx' | undefined) {
  if (!format || format === 'json') return report;
  if (input.kind !== 'sheet') throw new AppError('VALIDATION_FAILED', 'format=csv or xlsx returns an uploaded sheet; a JSON import answers JSON', { errors: [{ in: 'query', pointer: '/format', detail: 'only for csv or xlsx bodies' }] });
  const { sheet } = input;
  const byRow = new Map(report.results.map((r) => [r.row, r]));
  // Result columns of an earlier round are replaced, not repeated.
  const keep = sheet.header.map((h, i) => ((RESULT_HEADERS as readonly string[]).includes(h) ? -1 : i)).filter((i) => i >= 0);
  const header = [...keep.map((i) => sheet.header[i]), ...RESULT_HEADERS];
  const rows = sheet.rows.map((r) => {
    const res = byRow.get(r.row);
    return [...keep.map((i) => r.cells[i] ?? null), res ? OUTCOME_LABEL[res.outcome] : '', res?.id ?? '', res?.code ?? ''] as Cell[];
  });
  if (format === 'csv') {
    // A string (not a stream), so an Idempotency-Key replay returns this same file.
    const out = stringifySync([header, ...rows.map((r) => r.map((c) => (typeof c === 'string' ? neutraliseFormula(c) : cellText(c))))], { bom: true });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="import-result.csv"').send(out);
  }
  // A Buffer (not a stream), so an Idempotency-Key replay returns this same workbook.
  return resultWorkbook(sheet.source.sheet, header, rows).then((file) => reply.type(XLSX_TYPE).header('content-disposition', 'attachment; filename="import-result.xlsx"').send(file));
}

async function resultWorkbook(sheetName: string | undefined, header: string[], rows: Cell[][]): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet((sheetName ?? '导入结果').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  const h = ws.addRow(header);
  h.font = { bold: true };
  h.commit();
  for (const r of rows) {
    const row = ws.addRow(r.map((c) => (c instanceof Date || typeof c === 'number' || typeof c === 'string' ? c : c === null || c === undefined ? null : cellText(c))));
    r.forEach((c, i) => {
      if (c instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    });
    row.commit();
  }
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}
export * from './export-route.js';
