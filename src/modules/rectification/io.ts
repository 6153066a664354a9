// Export and import of the ledger through the shared pipeline (src/http/tabular): xlsx or csv with the Chinese
// headers below, the import reads the export back (JSON rows too). Exports walk the list in keyset batches.
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { type Actor, requireRole } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import { isValidDate, todayInShanghai } from '../../lib/dates.js';
import { addSchemaErrors, addServiceError, compileRow, eachImportRow, newReport, RowErrors, type ExportColumn, type ExportSpec, type ImportBody, type SheetSpec, writeImport } from '../../http/tabular/index.js';
import { loadUnitResolver, type UnitResolver } from '../units/resolver.js';
import { ImportRowSchema, ItemStatusEnum, type ExportQuery, type ImportRow } from './schemas.js';
import { ENTITY, createItemService, toItem, type NewItem } from './service.js';
import { isOverdueOn, type ItemStatus } from './rules.js';
import type { ItemRow } from './repository.js';

/**
 * The export's columns, in order; the import reads the same headers (derived ones are ignored). 外部编号 (the item's
 * id in the agency's own system) sits beside 编号 as in every register's export, so the file imports back by either key.
 */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: '序号', kind: 'int' },
  { header: '编号' },
  { header: '外部编号' },
  { header: '整改事项' },
  { header: '任务' },
  { header: '牵头单位' },
  { header: '配合单位' },
  { header: '责任领导' },
  { header: '完成时限', kind: 'date' },
  { header: '进度', kind: 'number' },
  { header: '状态' },
  { header: '是否逾期' },
  { header: '最新进展' },
];
export const EXPORT_HEADERS = EXPORT_COLUMNS.map((c) => c.header);
/** Optional extra import columns. */
export const EXTRA_IMPORT_HEADERS = ['整改内容', '参与单位', '时限说明'] as const;
/** The ledger sheet as the import reads it. */
export const LEDGER_SHEET: SheetSpec = {
  columns: [
    ...EXPORT_COLUMNS.map((c) => ({ header: c.header, kind: c.kind === 'date' ? ('date' as const) : ('text' as const), ignored: ['序号', '进度', '状态', '是否逾期', '最新进展'].includes(c.header) })),
    ...EXTRA_IMPORT_HEADERS.map((header) => ({ header })),
  ],
  required: ['整改事项'],
};
/** Field → the column it is read from (pointers of CSV/xlsx row errors). */
const COLUMN_OF: Record<string, string> = {
  code: '编号', externalId: '外部编号', title: '整改事项', taskCode: '任务', description: '整改内容', responsibleLeader: '责任领导', deadline: '完成时限',
  deadlineText: '时限说明', leadUnitId: '牵头单位', coUnitIds: '配合单位', participantUnitIds: '参与单位',
};
const LIST_SEPARATOR = /[、,，;；]/;

export function createItemIo(deps: Deps) {
  const service = createItemService(deps);
  const { repo } = service;

  const unitDirectory = () => loadUnitResolver(deps.sqlite);

  function* records(actor: Actor, query: ExportQuery): Generator<Array<string | number>> {
    const { format: _f, orderBy, ...filter } = query;
    const dir = unitDirectory();
    let n = 0;
    for (const batch of service.iterate(actor, filter, orderBy)) {
      const today = todayInShanghai(deps.clock.now());
      for (const r of batch) {
        const co = r.coUnitIds.map(dir.name).sort();
        yield [
          ++n, r.code, r.externalId ?? '', r.title, r.taskCode ?? '', dir.name(r.leadUnitId), co.join('、'), r.responsibleLeader ?? '', r.deadline,
          r.progress, ItemStatusEnum.labels[r.status as ItemStatus] ?? r.status, isOverdueOn(r.deadline, r.status as ItemStatus, today) ? '是' : '否',
          r.latestProgressText ?? '',
        ];
      }
    }
  }

  const exportSpec = (actor: Actor, query: ExportQuery): ExportSpec => {
    const { format: _f, ...filters } = query;
    return { file: 'rectification', title: '整改台账', columns: EXPORT_COLUMNS, records: () => records(actor, query), filters, now: deps.clock.now() };
  };

  /** One sheet row → an import row; unknown agencies are row errors. */
  function fromSheet(values: Record<string, string>, row: number, errors: RowErrors, dir: UnitResolver): Record<string, unknown> {
    const value: Record<string, unknown> = {};
    for (const [field, col] of Object.entries(COLUMN_OF)) {
      if (field.endsWith('UnitId') || field.endsWith('UnitIds')) continue;
      if (values[col] !== undefined) value[field] = values[col];
    }
    const lead = values['牵头单位'];
    if (lead !== undefined) {
      const id = dir.resolveInto(errors, row, '/牵头单位', lead);
      if (id) value.leadUnitId = id;
    }
    for (const [col, field] of [['配合单位', 'coUnitIds'], ['参与单位', 'participantUnitIds']] as const) {
      if (values[col] === undefined) continue;
      const ids: string[] = [];
      for (const n of values[col].split(LIST_SEPARATOR).map((x) => x.trim()).filter(Boolean)) {
        const id = dir.resolveInto(errors, row, `/${col}`, n);
        if (id) ids.push(id);
      }
      value[field] = ids;
    }
    return value;
  }

  const check = compileRow(ImportRowSchema);

  return {
    /** The export (xlsx or csv through src/http/tabular/write.ts). */
    exportSpec,

    /** All or nothing (API.md 17): every bad row is listed; a dry run rolls the same transaction back. */
    import(actor: Actor, input: ImportBody, opts: { dryRun?: boolean; campaignId?: string }) {
      requireRole(actor);
      const errors = new RowErrors();
      const sheet = input.kind === 'sheet';
      const dir = sheet ? unitDirectory() : undefined;
      // One pass, a row at a time (issue 13.5: no arrays of mapped or checked rows): each row is mapped, checked and,
      // while no row is bad, written; a bad row stops the writes, the rest is only checked, and the 422 rolls back.
      const { count, rows } = eachImportRow(input, errors, (values, row) => fromSheet(values, row, errors, dir!));
      const columnOf = sheet ? (f: string) => COLUMN_OF[f] : undefined;
      const pointer = (f: string) => `/${columnOf?.(f) ?? f}`;
      const seen = new Map<string, number>();
      const report = newReport(Boolean(opts.dryRun), count, input.source);
      writeImport(deps.db, errors, count, opts.dryRun, (tx) => {
        for (const { row, value } of rows) {
          if (errors.has(row)) continue;
          if (!check.Check(value)) {
            addSchemaErrors(errors, row, check.Errors(value), columnOf);
            continue;
          }
          const v = value as ImportRow;
          if (v.deadline !== undefined && !isValidDate(v.deadline)) {
            errors.add(row, pointer('deadline'), 'INVALID_DATE', `${v.deadline} is not a date of the calendar`);
            continue;
          }
          let duplicate = false;
          for (const [k, field] of [[v.code && `code:${v.code}`, 'code'], [v.externalId && `ext:${v.externalId}`, 'externalId']] as const) {
            if (!k) continue;
            if (seen.has(k)) {
              errors.add(row, pointer(field), 'DUPLICATE_KEY', `the same ${field} as row ${seen.get(k)}`);
              duplicate = true;
            }
            seen.set(k, row);
          }
          if (!v.code && !v.externalId) {
            report.warnings.push({ in: 'row', row, pointer: pointer('code'), code: 'NO_NATURAL_KEY', detail: `neither ${sheet ? '编号 nor 外部编号' : 'code nor externalId'}: the row creates a new item, and importing the file again creates another` });
          }
          if (duplicate) continue;
          const found = existingOf(tx, v);
          if ('mismatch' in found) {
            const h = found.mismatch;
            errors.add(row, pointer('code'), 'CODE_MISMATCH', `${sheet ? '外部编号' : 'externalId'} ${v.externalId} is item ${h.code}'s, not ${v.code}'s: correct ${sheet ? '编号 or 外部编号' : 'code or externalId'} (the item's code does not change by import)`);
            continue;
          }
          if (errors.count) continue;
          try {
            const r = upsert(tx, actor, v, found.item, opts.campaignId);
            report.add(row, r.outcome, r.id, r.code);
          } catch (err) {
            addServiceError(errors, row, err, (p) => pointer(p.split('/')[1] ?? ''));
          }
        }
      });
      return report;
    },
  };

  /**
   * The item a row names: by 编号, else by 外部编号. A 外部编号 that is another 编号's item is a mismatch: reading the
   * row as that item would drop the row's 编号 silently (issue 21.6), and as the 编号's item would take the 外部编号
   * from its holder.
   */
  function existingOf(tx: Tx, v: ImportRow): { item: ItemRow | undefined } | { mismatch: ItemRow } {
    const byCode = v.code ? repo.findBy(tx, 'code', v.code) : undefined;
    if (!v.externalId || byCode?.externalId === v.externalId) return { item: byCode };
    const holder = repo.findBy(tx, 'externalId', v.externalId);
    if (holder && v.code && holder.code !== v.code) return { mismatch: holder };
    return { item: byCode ?? holder };
  }

  function upsert(tx: Tx, actor: Actor, v: ImportRow, existing: ItemRow | undefined, defaultCampaign: string | undefined): { outcome: 'created' | 'updated' | 'unchanged'; id: string; code: string } {
    if (!existing) {
      const campaignId = v.campaignId ?? defaultCampaign;
      if (!campaignId) throw new AppError('VALIDATION_FAILED', 'campaignId is required for a new item', { errors: [{ pointer: '/campaignId', detail: 'a new item needs campaignId (in the row or the query)' }] });
      const input: NewItem = { ...v, campaignId };
      const year = service.validateNew(tx, actor, input);
      const row = service.insertItem(tx, actor, input, year, 'import_create');
      return { outcome: 'created', id: row.id, code: row.code };
    }
    service.checkRefs(tx, actor, v, existing.campaignId);
    const current = toItem(existing, todayInShanghai(deps.clock.now()));
    const set: Partial<ItemRow> = {};
    const scalar = ['externalId', 'taskCode', 'title', 'description', 'leadUnitId', 'responsibleLeader', 'deadline', 'deadlineText', 'weight', 'expectedResult'] as const;
    for (const k of scalar) {
      if (v[k] !== undefined && v[k] !== current[k]) (set as Record<string, unknown>)[k] = v[k];
    }
    Object.assign(set, service.linkCopies(existing, { leadUnitId: set.leadUnitId, coUnitIds: v.coUnitIds, participantUnitIds: v.participantUnitIds, problemIds: v.problemIds }));
    if (!Object.keys(set).length) return { outcome: 'unchanged', id: existing.id, code: existing.code };
    if (existing.status === 'completed' || existing.status === 'cancelled') throw new AppError('CONFLICT', `item ${existing.code} is ${existing.status} and cannot change`);
    if (v.campaignId && v.campaignId !== existing.campaignId) throw new AppError('VALIDATION_FAILED', 'campaignId cannot change', { errors: [{ pointer: '/campaignId', detail: 'an item stays in its campaign' }] });
    const now = deps.clock.now().toISOString();
    const updated = repo.update(tx, existing.id, existing.version, set, now)!;
    service.writeLinks(tx, existing, updated);
    const after = toItem(updated, todayInShanghai(deps.clock.now()));
    deps.audit.record(actor, { entity: ENTITY, entityId: existing.id, action: 'import_update', before: current, after, reason: 'import', unitId: updated.leadUnitId });
    if (set.leadUnitId) service.recompute(tx, actor, existing.id, now);
    else if (set.weight !== undefined && existing.parentId) service.recompute(tx, actor, existing.parentId, now);
    return { outcome: 'updated', id: existing.id, code: existing.code };
  }
}
