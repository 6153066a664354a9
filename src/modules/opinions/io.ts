// Import of survey forms and hotline tickets (JSON, or CSV/TSV/xlsx with Chinese headers, read by the shared pipeline
// src/http/tabular) and the export for agencies (csv/xlsx through the same pipeline), which never carries contact details.
import type { Deps } from '../../deps.js';
import { units } from '../../db/schema/index.js';
import { type Actor, requireRole } from '../../http/auth.js';
import { isValidDate, todayInShanghai } from '../../lib/dates.js';
import { addSchemaErrors, addServiceError, compileRow, importRows, newReport, RowErrors, type ImportBody, type ImportReport, type SheetSpec, writeImport } from '../../http/tabular/index.js';
import type { ExportColumn, ExportValue } from '../../http/tabular/write.js';
import { ProblemCategoryEnum } from '../campaigns/schemas.js';
import { loadUnitResolver, type UnitResolver } from '../units/resolver.js';
import { ContactInputSchema, ImportRowSchema, OpinionChannelEnum, OpinionKindEnum, OpinionStatusEnum, SatisfactionEnum, SubmitterKindEnum, type ImportRow } from './schemas.js';
import { createOpinionService, type NewOpinion } from './service.js';
import { isOverdue } from './rules.js';

/** The import's columns (a survey form 征求意见表, or a 12345 ticket list). */
export const IMPORT_HEADERS = ['外部编号', '类型', '渠道', '涉及单位', '问题类别', '意见内容', '发生地点', '发生日期', '提出人身份', '是否匿名', '联系人', '联系电话', '电子邮箱', '联系地址'] as const;
/** The export's columns: no contact details, no submitter identity (exports go to other agencies). */
export const EXPORT_HEADERS = ['受理编号', '外部编号', '类型', '渠道', '涉及单位', '主办单位', '协办单位', '问题类别', '意见内容', '状态', '签收时限', '办理时限', '答复时间', '是否按期答复', '满意度', '是否逾期'] as const;

/** The sheet the import reads (headers as IMPORT_HEADERS; 发生日期 typed any way officials type dates). */
export const OPINION_SHEET: SheetSpec = { columns: IMPORT_HEADERS.map((header) => ({ header, ...(header === '发生日期' ? { kind: 'date' as const } : {}) })) };

/** The export's columns for the shared writer. */
export const EXPORT_COLUMNS: readonly ExportColumn[] = EXPORT_HEADERS.map((header) => ({ header, ...(['签收时限', '办理时限'].includes(header) ? { kind: 'date' as const } : {}) }));

/** An enum cell: the value itself or its zh-CN label. */
function enumCell(labels: Readonly<Record<string, string>>, cell: string): string {
  const hit = Object.entries(labels).find(([v, l]) => v === cell || l === cell);
  return hit ? hit[0] : cell;
}

/** Field → the column it is read from (pointers of CSV/xlsx row errors name the Chinese column). */
const COLUMN_OF: Record<string, string> = {
  externalId: '外部编号', kind: '类型', channel: '渠道', unitId: '涉及单位', category: '问题类别', text: '意见内容', place: '发生地点', occurredOn: '发生日期',
  submitterKind: '提出人身份', anonymous: '是否匿名', contact: '联系人',
};
const CONTACT_COLUMN: Record<string, string> = { name: '联系人', phone: '联系电话', email: '电子邮箱', address: '联系地址' };

export function createOpinionIo(deps: Deps) {
  const service = createOpinionService(deps);
  const check = compileRow(ImportRowSchema, {
    OpinionContactInput: ContactInputSchema, OpinionKind: OpinionKindEnum.schema, OpinionChannel: OpinionChannelEnum.schema,
    SubmitterKind: SubmitterKindEnum.schema, ProblemCategory: ProblemCategoryEnum.schema,
  });
  /** One sheet row → an import row; an agency that is not known is a row error. */
  function fromSheet(rec: Record<string, string>, row: number, errors: RowErrors, dir: UnitResolver): Record<string, unknown> {
    const v: Record<string, unknown> = {};
    const set = (k: string, cell: string | undefined, map: (s: string) => unknown = (s) => s) => {
      if (cell !== undefined && cell !== '') v[k] = map(cell);
    };
    set('externalId', rec['外部编号']);
    set('kind', rec['类型'], (s) => enumCell(OpinionKindEnum.labels, s));
    set('channel', rec['渠道'], (s) => enumCell(OpinionChannelEnum.labels, s));
    set('category', rec['问题类别'], (s) => enumCell(ProblemCategoryEnum.labels, s));
    set('text', rec['意见内容']);
    set('place', rec['发生地点']);
    set('occurredOn', rec['发生日期']);
    set('submitterKind', rec['提出人身份'], (s) => enumCell(SubmitterKindEnum.labels, s));
    const contact: Record<string, string> = {};
    for (const [k, h] of Object.entries(CONTACT_COLUMN)) if (rec[h]) contact[k] = rec[h];
    if (Object.keys(contact).length) v.contact = contact;
    const anon = rec['是否匿名'];
    v.anonymous = anon ? ['是', 'true', '1', 'yes'].includes(anon.toLowerCase()) : !v.contact;
    const unit = rec['涉及单位'];
    if (unit) {
      const id = dir.resolveInto(errors, row, '/涉及单位', unit);
      if (id) v.unitId = id;
    }
    return v;
  }

  return {
    /** All or nothing (API.md 17): every bad row listed; upsert by externalId (a hotline ticket imported twice updates). */
    import(actor: Actor, input: ImportBody, opts: { dryRun?: boolean }): ImportReport {
      requireRole(actor, 'unit_editor');
      const errors = new RowErrors();
      const sheet = input.kind === 'sheet';
      const dir = sheet ? loadUnitResolver(deps.sqlite) : undefined;
      const rows = importRows(input, errors, (values, row) => fromSheet(values, row, errors, dir!));
      const colOf = sheet ? (f: string) => COLUMN_OF[f] : undefined;
      const pointer = (path: string) => {
        if (!sheet) return path;
        const [, field, sub] = path.split('/');
        return `/${(field === 'contact' && sub ? CONTACT_COLUMN[sub] : COLUMN_OF[field]) ?? field}`;
      };
      const valid: Array<{ row: number; value: ImportRow }> = [];
      const seen = new Map<string, number>();
      for (const { row, value } of rows) {
        if (errors.has(row)) continue;
        if (!check.Check(value)) {
          addSchemaErrors(errors, row, check.Errors(value), colOf);
          continue;
        }
        const v = value as ImportRow;
        if (v.occurredOn && !isValidDate(v.occurredOn)) {
          errors.add(row, pointer('/occurredOn'), 'INVALID_DATE', `${v.occurredOn} is not a date`);
          continue;
        }
        if (v.externalId) {
          if (seen.has(v.externalId)) errors.add(row, pointer('/externalId'), 'DUPLICATE_KEY', `the same ticket as row ${seen.get(v.externalId)}`);
          seen.set(v.externalId, row);
        }
        valid.push({ row, value: v });
      }
      errors.throwIfAny(rows.length);
      const report = newReport(Boolean(opts.dryRun), rows.length, input.source);
      writeImport(deps.db, errors, rows.length, opts.dryRun, (tx) => {
        // Read once for the whole import (the office's calendar edits are transactions of their own).
        const cal = service.calendar.calendar();
        for (const { row, value } of valid) {
          try {
            const r = service.upsert(tx, actor, { ...value, channel: value.channel ?? (value.externalId ? 'hotline_12345' : 'survey') } satisfies NewOpinion, cal);
            report.add(row, r.outcome, r.id, r.code);
          } catch (err) {
            addServiceError(errors, row, err, pointer);
          }
        }
      });
      return report;
    },

    /** The export's records (csv or xlsx by the shared writer) of the opinions the key sees: no contact details, no submitter identity. */
    records(actor: Actor, status: string | undefined): () => Iterable<ExportValue[]> {
      const names = new Map(deps.db.select({ id: units.id, name: units.name }).from(units).all().map((u) => [u.id, u.name]));
      const name = (id: string | null) => (id ? (names.get(id) ?? id) : '');
      const t = todayInShanghai(deps.clock.now());
      return function* records() {
        for (const batch of service.iterate(actor, status)) {
          for (const r of batch) {
            yield [
              r.number, r.externalId ?? '', OpinionKindEnum.labels[r.kind as 'complaint'] ?? r.kind, OpinionChannelEnum.labels[r.channel as 'online'] ?? r.channel, name(r.unitId),
              name(r.leadUnitId), r.coUnitIds.map(name).join('、'), r.category ? (ProblemCategoryEnum.labels[r.category as 'ws_1'] ?? r.category) : '', r.text,
              OpinionStatusEnum.labels[r.status as 'received'] ?? r.status, r.acceptDueOn ?? '', r.deadline ?? '', r.answeredAt ?? '',
              r.answeredOnTime === null ? '' : r.answeredOnTime ? '是' : '否', r.rating ? (SatisfactionEnum.labels[r.rating as 'satisfied'] ?? r.rating) : '', isOverdue(r, t) || r.everOverdue ? '是' : '否',
            ];
          }
        }
      };
    },
  };
}
