// Where supervision and publicity write tables: through the shared export writer (src/http/tabular/write.ts), so these
// exports get what every register's does — CSV injection neutralised, the first batch read before the headers, errors
// ending the response and never the process, the polished xlsx. Imports read their sheets through the same pipeline.
import type { FastifyReply } from 'fastify';
import { exportResponse as fileResponse, sendExport } from '../../http/tabular/index.js';

export type Cell = string | number;

/** Sends a table as csv (UTF-8 with BOM) or xlsx, with a Content-Disposition naming it in ASCII and in Chinese. */
export function sendTable(reply: FastifyReply, format: 'csv' | 'xlsx', name: { ascii: string; zh: string }, headers: readonly string[], rows: Iterable<Cell[]>, now: Date, filters: Record<string, unknown> = {}) {
  return sendExport(reply, format, { file: name.ascii, title: name.zh, columns: headers.map((header) => ({ header })), records: () => rows, filters, now });
}

export const exportResponse = { 200: fileResponse };
