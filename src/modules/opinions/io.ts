// Import of survey forms and hotline tickets (JSON or CSV with Chinese headers) and the CSV export for agencies, which
// never carries contact details. CSV reading is in readCsv alone (csv-parse, as the ledger's import), so a shared
// CSV/xlsx pipeline can replace it in one place.
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { parse } from 'csv-parse/sync';
import { Compile } from 'typebox/compile';
import type { Deps } from '../../deps.js';
import { units } from '../../db/schema/index.js';
import { type Actor, requireRole } from '../../http/auth.js';
import { AppError, type ProblemDetail } from '../../http/errors.js';
import { isValidDate, todayInShanghai } from '../../lib/dates.js';
import { ProblemCategoryEnum } from '../campaigns/schemas.js';
import { ContactInputSchema, ImportRowSchema, OpinionChannelEnum, OpinionKindEnum, OpinionStatusEnum, SatisfactionEnum, SubmitterKindEnum, type ImportRow } from './schemas.js';
import { createOpinionService, type NewOpinion } from './service.js';
import { isOverdue } from './rules.js';

/** The import's columns (a survey form 征求意见表, or a 12345 ticket list). */
export const IMPORT_HEADERS = ['外部编号', '类型', '渠道', '涉及单位', '问题类别', '意见内容', '发生地点', '发生日期', '提出人身份', '是否匿名', '联系人', '联系电话', '电子邮箱', '联系地址'] as const;
/** The export's columns: no contact details, no submitter identity (exports go to other agencies). */
export const EXPORT_HEADERS = ['受理编号', '外部编号', '类型', '渠道', '涉及单位', '主办单位', '协办单位', '问题类别', '意见内容', '状态', '签收时限', '办理时限', '答复时间', '是否按期答复', '满意度', '是否逾期'] as const;

/** Reads a CSV with a header row (UTF-8, BOM allowed) into records keyed by header. */
export function readCsv(body: string): Record<string, string>[] {
  try {
    return parse(body, { bom: true, columns: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as Record<string, string>[];
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', `The CSV cannot be read: ${(err as Error).message}`, { errors: [{ in: 'body', pointer: '/', detail: 'not a CSV with a header row' }] });
  }
}

/** An enum cell: the value itself or its zh-CN label. */
function enumCell(labels: Readonly<Record<string, string>>, cell: string): string {
  const hit = Object.entries(labels).find(([v, l]) => v === cell || l === cell);
  return hit ? hit[0] : cell;
}

function pointerOf(e: { instancePath: string; params?: Record<string, unknown> }): string {
  const p = e.params ?? {};
  const named = (p.requiredProperties as string[] | undefined)?.[0] ?? (p.additionalProperties as string[] | undefined)?.[0];
  return named ? `${e.instancePath}/${named}` : e.instancePath || '/';
}

export function createOpinionIo(deps: Deps) {
  const service = createOpinionService(deps);
  const check = Compile(
    {
      OpinionContactInput: ContactInputSchema, OpinionKind: OpinionKindEnum.schema, OpinionChannel: OpinionChannelEnum.schema,
      SubmitterKind: SubmitterKindEnum.schema, ProblemCategory: ProblemCategoryEnum.schema,
    },
    ImportRowSchema,
  );

  function unitDirectory() {
    const all = deps.db.select({ id: units.id, name: units.name, shortName: units.shortName, externalId: units.externalId }).from(units).all();
    const byKey = new Map<string, string>();
    for (const u of all) for (const k of [u.externalId, u.shortName, u.name, u.id]) if (k) byKey.set(k, u.id);
    return { resolve: (k: string) => byKey.get(k.trim()) };
  }

  function fromCsv(body: string) {
    const records = readCsv(body);
    const header = records.length ? Object.keys(records[0]) : [];
    const known = new Set<string>(IMPORT_HEADERS);
    const unknown = header.filter((h) => !known.has(h));
    if (unknown.length) throw new AppError('VALIDATION_FAILED', `Unknown CSV columns: ${unknown.join(', ')}`, { errors: unknown.map((h) => ({ in: 'body' as const, pointer: `/${h}`, detail: `not one of ${IMPORT_HEADERS.join(', ')}` })) });
    const dir = unitDirectory();
    const errors: ProblemDetail[] = [];
    const rows = records.map((rec, i) => {
      const row = i + 1;
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
      for (const [h, k] of [['联系人', 'name'], ['联系电话', 'phone'], ['电子邮箱', 'email'], ['联系地址', 'address']] as const) if (rec[h]) contact[k] = rec[h];
      if (Object.keys(contact).length) v.contact = contact;
      const anon = rec['是否匿名'];
      v.anonymous = anon ? ['是', 'true', '1', 'yes'].includes(anon.toLowerCase()) : !v.contact;
      const unit = rec['涉及单位'];
      if (unit) {
        const id = dir.resolve(unit);
        if (id) v.unitId = id;
        else errors.push({ in: 'row', row, pointer: '/涉及单位', code: 'UNKNOWN_UNIT', detail: `no agency named ${unit}` });
      }
      return { row, value: v };
    });
    return { rows, errors };
  }

  return {
    /** All or nothing (API.md 17): every bad row listed; upsert by externalId (a hotline ticket imported twice updates). */
    import(actor: Actor, body: unknown, opts: { dryRun?: boolean }) {
      requireRole(actor, 'unit_editor');
      const { rows, errors } = typeof body === 'string' ? fromCsv(body) : { rows: (body as { items: Record<string, unknown>[] }).items.map((value, i) => ({ row: i + 1, value })), errors: [] as ProblemDetail[] };
      const bad = new Set(errors.map((e) => e.row));
      const valid: Array<{ row: number; value: ImportRow }> = [];
      const seen = new Map<string, number>();
      for (const { row, value } of rows) {
        if (bad.has(row)) continue;
        const errs = [...check.Errors(value)];
        if (errs.length) {
          for (const e of errs.slice(0, 5)) errors.push({ in: 'row', row, pointer: pointerOf(e), code: 'INVALID', detail: e.message });
          continue;
        }
        const v = value as ImportRow;
        if (v.occurredOn && !isValidDate(v.occurredOn)) {
          errors.push({ in: 'row', row, pointer: '/occurredOn', code: 'INVALID', detail: `${v.occurredOn} is not a date` });
          continue;
        }
        if (v.externalId) {
          if (seen.has(v.externalId)) errors.push({ in: 'row', row, pointer: '/externalId', code: 'DUPLICATE', detail: `the same ticket as row ${seen.get(v.externalId)}` });
          seen.set(v.externalId, row);
        }
        valid.push({ row, value: v });
      }
      const report = { dryRun: Boolean(opts.dryRun), rows: rows.length, created: 0, updated: 0, unchanged: 0 };
      const fail = () => new AppError('IMPORT_INVALID', `${new Set(errors.map((e) => e.row)).size} of ${rows.length} rows are not valid; nothing was written`, { errors, extra: { rows: rows.length } });
      if (errors.length) throw fail();
      const ROLLBACK = Symbol('dry run');
      try {
        deps.db.transaction((tx) => {
          for (const { row, value } of valid) {
            try {
              const input: NewOpinion = { ...value, channel: value.channel ?? (value.externalId ? 'hotline_12345' : 'survey') };
              report[service.upsert(tx, actor, input)]++;
            } catch (err) {
              if (!(err instanceof AppError)) throw err;
              const first = err.errors?.[0];
              errors.push({ in: 'row', row, pointer: first?.pointer ?? '/', code: err.code, detail: first?.detail ?? err.message });
            }
          }
          if (errors.length) throw fail();
          if (opts.dryRun) throw ROLLBACK;
        });
      } catch (err) {
        if (err !== ROLLBACK) throw err;
      }
      return report;
    },

    /** CSV export (UTF-8 with BOM) of the opinions the key sees: no contact details, no submitter identity. */
    csv(actor: Actor, status: string | undefined): Readable {
      const names = new Map(deps.db.select({ id: units.id, name: units.name }).from(units).all().map((u) => [u.id, u.name]));
      const name = (id: string | null) => (id ? (names.get(id) ?? id) : '');
      const t = todayInShanghai(deps.clock.now());
      function* records() {
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
      }
      const out = stringify({ bom: true, header: true, columns: [...EXPORT_HEADERS] });
      Readable.from(records()).pipe(out);
      return out;
    },
  };
}
