// GET /v1/<register>:export for every register (issue 12.7): the list's own filters (its querystring without the
// page parameters) plus format, the same authorisation as the list (the rows come from the list use case, page by
// page), streamed through write.ts. A new register adds one call with its columns.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type TObject, type TSchema } from 'typebox';
import { problemResponses } from '../errors.js';
import { stringEnum } from '../../lib/enums.js';
import { exportResponse, sendExport, type ExportColumn, type ExportValue } from './write.js';

export interface ExportColumnOf<T, C> extends ExportColumn {
  value: (row: T, ctx: C) => ExportValue;
}

export interface ExportRoute<T, C> {
  url: string;
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  /** The list's querystring schema: its filters are the export's (pageSize and pageToken are dropped). */
  listQuery: TObject;
  params?: TSchema;
  config?: Record<string, unknown>;
  /** One page of rows for a query (the list use case, with the caller's authorisation). */
  page: (request: FastifyRequest, query: Record<string, unknown>) => { items: T[]; nextPageToken?: string };
  /** Look-ups the columns need (unit names…), made once per export. */
  context: () => C;
  file: string;
  /** The sheet and file title in Chinese. */
  title: string;
  columns: ReadonlyArray<ExportColumnOf<T, C>>;
}

const PAGE = 500;

/**
 * The `format` of every export: optional, xlsx or csv, stating the default the route applies (issue 21.5: the ledger
 * export's was `required` although it had a default).
 */
export const exportFormatParam = (dflt: 'xlsx' | 'csv') =>
  Type.Optional(stringEnum(['xlsx', 'csv'], { description: `xlsx (Excel workbook) or csv (UTF-8 with BOM); default ${dflt}.`, default: dflt }));

/** The export's querystring: the list's filters and format. */
export function exportQueryOf(listQuery: TObject): TObject {
  const { pageSize: _s, pageToken: _t, ...filters } = listQuery.properties as Record<string, TSchema>;
  return Type.Object(
    { ...filters, format: exportFormatParam('xlsx') },
    { additionalProperties: false },
  );
}

export function addExportRoute<T, C>(app: FastifyInstance, def: ExportRoute<T, C>): void {
  app.get(def.url, {
    ...(def.config ? { config: def.config } : {}),
    schema: {
      operationId: def.operationId,
      tags: def.tags,
      summary: def.summary,
      description: `${def.description} Columns: ${def.columns.map((c) => c.header).join(', ')}. The same filters and visibility as the list, every matching row, streamed.`,
      ...(def.params ? { params: def.params } : {}),
      querystring: exportQueryOf(def.listQuery),
      response: { 200: exportResponse, ...problemResponses(400, 401, 403, 404) },
    },
    handler: async (request, reply) => {
      const { format = 'xlsx', ...filters } = request.query as Record<string, unknown> & { format?: 'xlsx' | 'csv' };
      // The first page is read before the response starts, so a bad filter is a problem+json answer, not a cut file.
      const first = def.page(request, { ...filters, pageSize: PAGE });
      const ctx = def.context();
      const columns = def.columns;
      function* records(): Generator<ExportValue[]> {
        let page = first;
        for (;;) {
          for (const row of page.items) yield columns.map((c) => c.value(row, ctx));
          if (!page.nextPageToken) return;
          page = def.page(request, { ...filters, pageSize: PAGE, pageToken: page.nextPageToken });
        }
      }
      return sendExport(reply, format, { file: def.file, title: def.title, columns, records, filters: { ...(request.params as object), ...filters }, now: app.deps.clock.now() });
    },
  });
}

/** Unit names by id, for the 单位 columns of exports. */
export function unitNames(app: FastifyInstance): (id: string | null | undefined) => string {
  const names = new Map((app.deps.sqlite.prepare('SELECT id, name FROM units').all() as Array<{ id: string; name: string }>).map((u) => [u.id, u.name]));
  return (id) => (id ? (names.get(id) ?? id) : '');
}
