// The one place supervision and publicity read and write tables (CSV with Chinese headers, xlsx), on the same libraries
// and conventions as the ledger's io (src/modules/rectification/io.ts): csv-parse / csv-stringify with a BOM, exceljs
// loaded on first use. When the shared import/export pipeline lands, only this file switches to it.
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { parse } from 'csv-parse/sync';
import type { FastifyReply } from 'fastify';
import { AppError, type ProblemDetail } from '../../http/errors.js';

export type Cell = string | number;

/** Rows of a JSON `{items}` body or of a CSV whose headers are the keys of `columns` (header → field; '' = read-only, ignored). */
export function readRows(body: unknown, columns: Readonly<Record<string, string>>): Array<{ row: number; value: Record<string, unknown> }> {
  if (typeof body !== 'string') return (body as { items: Record<string, unknown>[] }).items.map((value, i) => ({ row: i + 1, value }));
  let records: Record<string, string>[];
  try {
    records = parse(body, { bom: true, columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', `The CSV cannot be read: ${(err as Error).message}`, { errors: [{ in: 'body', pointer: '/', detail: 'not a CSV with a header row' }] });
  }
  const header = records.length ? Object.keys(records[0]) : [];
  const unknown = header.filter((h) => !(h in columns));
  if (unknown.length) {
    throw new AppError('VALIDATION_FAILED', `Unknown CSV columns: ${unknown.join(', ')}`, { errors: unknown.map((h) => ({ in: 'body' as const, pointer: `/${h}`, detail: `not one of ${Object.keys(columns).join(', ')}` })) });
  }
  return records.map((rec, i) => {
    const value: Record<string, unknown> = {};
    for (const [h, field] of Object.entries(columns)) if (field && rec[h] !== undefined && rec[h] !== '') value[field] = rec[h];
    return { row: i + 1, value };
  });
}

/** The 422 of an all-or-nothing import (API.md 17). */
export const importInvalid = (errors: ProblemDetail[], rows: number) =>
  new AppError('IMPORT_INVALID', `${new Set(errors.map((e) => e.row)).size} of ${rows} rows are not valid; nothing was written`, { errors, extra: { rows } });

/** Sends a table as csv (UTF-8 with BOM) or xlsx (exceljs' streaming writer), with a Content-Disposition. */
export function sendTable(reply: FastifyReply, format: 'csv' | 'xlsx', name: { ascii: string; zh: string; sheet: string }, headers: readonly string[], rows: Iterable<Cell[]>, stamp: string) {
  reply.header('content-disposition', `attachment; filename="${name.ascii}-${stamp}.${format}"; filename*=UTF-8''${encodeURIComponent(name.zh)}-${stamp}.${format}`);
  if (format === 'csv') {
    const out = stringify({ bom: true, header: true, columns: [...headers] });
    Readable.from((function* () {
      for (const r of rows) yield r.map(String);
    })()).pipe(out);
    return reply.type('text/csv; charset=utf-8').send(out as never);
  }
  const stream = new PassThrough();
  (async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
    const ws = wb.addWorksheet(name.sheet);
    ws.addRow([...headers]).commit();
    for (const r of rows) ws.addRow(r).commit();
    ws.commit();
    await wb.commit();
  })().catch((err) => stream.destroy(err));
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(stream as never);
}

export const exportResponse = {
  200: {
    description: 'The file.',
    content: {
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary', maxLength: 1073741824, description: 'An xlsx workbook.' } },
      'text/csv': { schema: { type: 'string', maxLength: 1073741824, description: 'CSV, UTF-8 with BOM.' } },
    },
  },
};
