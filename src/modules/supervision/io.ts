// Where supervision and publicity write tables (CSV with Chinese headers, xlsx): csv-stringify with a BOM, exceljs
// loaded on first use. Imports read their sheets through the shared pipeline (src/http/tabular).
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';

export type Cell = string | number;

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
