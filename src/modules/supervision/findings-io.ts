// Findings from paper forms (JSON, or a CSV/TSV/xlsx sheet with Chinese headers read by the shared import pipeline,
// src/http/tabular) and the exports of findings and orders.
import type { Deps } from '../../deps.js';
import { type Actor, requireRole } from '../../http/auth.js';
import { addSchemaErrors, addServiceError, compileRow, importRows, newReport, RowErrors, type ImportBody, type SheetSpec, writeImport } from '../../http/tabular/index.js';
import { isValidDate, todayInShanghai } from '../../lib/dates.js';
import { loadUnitResolver } from '../units/resolver.js';
import type { Cell } from './io.js';
import { FindingImportRowSchema, FindingStatusEnum, OrderStatusEnum, RatingEnum, SubjectKindEnum, type FindingImportRow, type FindingQuery, type OrderQuery } from './schemas.js';
import { createSupervisionService, toFinding, toOrder } from './service.js';

/** CSV header → field of a finding import row (the export's headers; 状态, 是否逾期 and the answer columns are ignored on import). */
export const FINDING_IMPORT_COLUMNS = {
  外部编号: 'externalId', 检查编号: 'inspectionId', 被检查单位: 'unitId', 检查对象类型: 'subjectKind', 检查对象编号: 'subjectId',
  评定: 'rating', 发现问题: 'description', 整改要求: 'requirement', 整改时限: 'dueOn',
} as const;
const READ_ONLY = { 序号: '', 状态: '', 是否逾期: '', 反馈时间: '' } as const;
/** The sheet of a findings import: the export's columns (序号, 状态, 是否逾期, 反馈时间 are read and ignored). */
export const FINDING_SHEET: SheetSpec = {
  columns: [
    ...Object.entries(FINDING_IMPORT_COLUMNS).map(([header, field]) => ({ header, aliases: [field], kind: field === 'dueOn' ? ('date' as const) : ('text' as const) })),
    ...Object.keys(READ_ONLY).map((header) => ({ header, ignored: true })),
  ],
};
const FIELD_OF = new Map<string, string>(Object.entries(FINDING_IMPORT_COLUMNS));
/** field → its Chinese header: a sheet's row errors name the column as the official sees it (/评定, not /rating). */
const COLUMN_OF = new Map<string, string>(Object.entries(FINDING_IMPORT_COLUMNS).map(([header, field]) => [field, header]));

/** A sheet row keyed by header → the row keyed by field (the shared pipeline collected its cell errors already). */
function fromSheet(values: Record<string, string>): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [header, text] of Object.entries(values)) {
    const field = FIELD_OF.get(header);
    if (field) value[field] = text;
  }
  return value;
}

export const FINDING_EXPORT_HEADERS = ['序号', ...Object.keys(FINDING_IMPORT_COLUMNS), '状态', '是否逾期', '反馈时间'] as const;
export const ORDER_EXPORT_HEADERS = ['序号', '督办单位', '督办事项', '督办要求', '反馈时限', '状态', '是否逾期', '签收时间', '首次反馈时间', '是否逾期反馈', '反馈次数', '催办次数', '上报上级单位'] as const;

const byLabel = <V extends string>(labels: Readonly<Record<V, string>>) => {
  const m = new Map<string, V>();
  for (const [v, l] of Object.entries(labels) as Array<[V, string]>) {
    m.set(v, v);
    m.set(l, v);
  }
  return m;
};
const ratings = byLabel(RatingEnum.labels);
const subjectKinds = byLabel(SubjectKindEnum.labels);

/** Every row of a list in creation order, read in keyset batches of 500 (exports stream any size in flat memory). */
function* byCreation<R extends { createdAt: string; id: string }>(page: (order: { field: string; desc: boolean }, cursor: [string, string] | undefined, size: number) => R[]): Generator<R> {
  const order = { field: 'createdAt', desc: false };
  let cursor: [string, string] | undefined;
  for (;;) {
    const batch = page(order, cursor, 500);
    yield* batch;
    if (batch.length < 500) return;
    cursor = [batch[batch.length - 1].createdAt, batch[batch.length - 1].id];
  }
}

export function createFindingsIo(deps: Deps) {
  const service = createSupervisionService(deps);
  // The row refers to the enum components by $ref: the context resolves them.
  const check = compileRow(FindingImportRowSchema, { FindingRating: RatingEnum.schema, InspectionSubjectKind: SubjectKindEnum.schema });

  const unitDirectory = () => loadUnitResolver(deps.sqlite);

  return {
    /** All or nothing: every bad row listed; rows whose externalId is already recorded are unchanged; dryRun rolls back. */
    import(actor: Actor, input: ImportBody, opts: { dryRun?: boolean; inspectionId?: string }) {
      requireRole(actor, 'inspector');
      const errors = new RowErrors();
      const rows = importRows(input, errors, fromSheet);
      const sheet = input.kind === 'sheet';
      const colOf = sheet ? (field: string) => COLUMN_OF.get(field) : undefined;
      /** A row error's pointer: the JSON pointer of a JSON row, the Chinese column of a sheet's. */
      const at = (pointer: string) => {
        if (!sheet) return pointer;
        const field = pointer.split('/')[1] ?? '';
        const column = COLUMN_OF.get(field);
        return column ? `/${column}${pointer.slice(field.length + 1)}` : pointer;
      };
      const dir = unitDirectory();
      const valid: Array<{ row: number; value: FindingImportRow }> = [];
      const seen = new Map<string, number>();
      for (const { row, value } of rows) {
        if (errors.has(row)) continue; // a refused cell is the row's error; its gap is not reported again
        const v = { ...value };
        if (typeof v.unitId === 'string') {
          const id = dir.resolveInto(errors, row, at('/unitId'), v.unitId);
          if (!id) continue;
          v.unitId = id;
        }
        if (typeof v.rating === 'string') v.rating = ratings.get(v.rating) ?? v.rating;
        if (typeof v.subjectKind === 'string') v.subjectKind = subjectKinds.get(v.subjectKind) ?? v.subjectKind;
        if (!check.Check(v)) {
          addSchemaErrors(errors, row, check.Errors(v), colOf);
          continue;
        }
        const r = v as FindingImportRow;
        if (r.dueOn && !isValidDate(r.dueOn)) {
          errors.add(row, at('/dueOn'), 'INVALID_DATE', `${r.dueOn} is not a date`);
          continue;
        }
        if (!r.inspectionId && !opts.inspectionId) {
          errors.add(row, at('/inspectionId'), 'REQUIRED', 'name the inspection in the row or the query');
          continue;
        }
        if (r.externalId) {
          if (seen.has(r.externalId)) errors.add(row, at('/externalId'), 'DUPLICATE_KEY', `the same as row ${seen.get(r.externalId)}`);
          seen.set(r.externalId, row);
        }
        valid.push({ row, value: r });
      }
      errors.throwIfAny(rows.length);
      const report = newReport(Boolean(opts.dryRun), rows.length, input.source);
      writeImport(deps.db, errors, rows.length, opts.dryRun, (tx) => {
        // An import's rows name few inspections: each is loaded (and its visibility checked) once, not once per row.
        // Recording findings never changes the inspection, so the row read first holds for the whole import.
        const inspectionsById = new Map<string, ReturnType<typeof service.loadInspection>>();
        const inspectionOf = (id: string) => {
          let i = inspectionsById.get(id);
          if (!i) inspectionsById.set(id, (i = service.loadInspection(actor, id)));
          return i;
        };
        for (const { row, value } of valid) {
          try {
            const known = value.externalId && service.findingIdByExternalId(value.externalId);
            if (known) {
              report.add(row, 'unchanged', known, null);
              continue;
            }
            const { inspectionId, ...finding } = value;
            const inspection = inspectionOf(inspectionId ?? opts.inspectionId!);
            report.add(row, 'created', service.insertFinding(tx, actor, inspection, finding, 'import_create').id, null);
          } catch (err) {
            addServiceError(errors, row, err, at);
          }
        }
      });
      return report;
    },

    *findingRecords(actor: Actor, filter: Omit<FindingQuery, 'orderBy' | 'pageSize' | 'pageToken'>): Generator<Cell[]> {
      const dir = unitDirectory();
      const t = todayInShanghai(deps.clock.now());
      let n = 0;
      for (const r of byCreation((order, cursor, size) => service.findingRows(actor, filter, order, cursor, size))) {
        const f = toFinding(r, t);
        yield [
          ++n, f.externalId ?? '', f.inspectionId, dir.name(f.unitId), f.subjectKind ? SubjectKindEnum.labels[f.subjectKind] : '', f.subjectId ?? '',
          RatingEnum.labels[f.rating], f.description, f.requirement ?? '', f.dueOn ?? '', FindingStatusEnum.labels[f.status], f.overdue ? '是' : '否', f.respondedAt ?? '',
        ];
      }
    },

    *orderRecords(actor: Actor, filter: Pick<OrderQuery, 'unitId' | 'status' | 'overdue'>): Generator<Cell[]> {
      const dir = unitDirectory();
      const t = todayInShanghai(deps.clock.now());
      let n = 0;
      for (const r of byCreation((order, cursor, size) => service.orderRows(actor, filter, order, cursor, size))) {
        const o = toOrder(r, t);
        yield [
          ++n, dir.name(o.unitId), o.title, o.requirement, o.replyDueOn, OrderStatusEnum.labels[o.status], o.overdue ? '是' : '否', o.acknowledgedAt ?? '',
          o.firstRepliedAt ?? '', o.answeredLate === null ? '' : o.answeredLate ? '是' : '否', o.replyCount, o.reminderCount, o.escalatedToUnitId ? dir.name(o.escalatedToUnitId) : '',
        ];
      }
    },
  };
}
