// Export (xlsx through exceljs' streaming writer, csv with a UTF-8 BOM) and import (JSON or CSV with the export's
// Chinese headers) of the ledger. Exports walk the list in keyset batches, so memory stays flat on any size.
import { PassThrough, Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import { parse } from 'csv-parse/sync';
import { Compile } from 'typebox/compile';
import type { Deps } from '../../deps.js';
import type { Tx } from '../../db/client.js';
import { type Actor, requireRole } from '../../http/auth.js';
import { AppError, type ProblemDetail } from '../../http/errors.js';
import { isValidDate, todayInShanghai } from '../../lib/dates.js';
import { primed } from '../../lib/iterables.js';
import { ImportRowSchema, ItemStatusEnum, type ExportQuery, type ImportRow } from './schemas.js';
import { ENTITY, createItemService, toItem, type NewItem } from './service.js';
import { isOverdueOn, type ItemStatus } from './rules.js';
import type { ItemRow } from './repository.js';

/** The export's columns, in order; the import reads the same headers (read-only ones are ignored). */
export const EXPORT_HEADERS = ['序号', '编号', '整改事项', '任务', '牵头单位', '配合单位', '责任领导', '完成时限', '进度', '状态', '是否逾期', '最新进展'] as const;
/** Optional extra import columns. */
export const EXTRA_IMPORT_HEADERS = ['外部编号', '整改内容', '参与单位', '时限说明'] as const;
const LIST_SEPARATOR = /[、,，;；]/;

/** A JSON pointer for a TypeBox error; a missing or unknown property is named. */
function pointerOf(e: { instancePath: string; keyword?: string; params?: Record<string, unknown> }): string {
  const p = e.params ?? {};
  const named = (p.requiredProperties as string[] | undefined)?.[0] ?? (p.additionalProperties as string[] | undefined)?.[0];
  return named ? `${e.instancePath}/${named}` : e.instancePath || '/';
}

type UnitRef = { id: string; name: string; shortName: string | null; externalId: string | null };

export function createItemIo(deps: Deps) {
  const service = createItemService(deps);
  const { repo } = service;

  function unitDirectory() {
    const all = repo.allUnits() as UnitRef[];
    const byId = new Map(all.map((u) => [u.id, u]));
    const byKey = new Map<string, string>();
    for (const u of all) {
      for (const k of [u.externalId, u.shortName, u.name]) if (k) byKey.set(k, u.id);
    }
    for (const u of all) byKey.set(u.id, u.id);
    return { name: (id: string) => byId.get(id)?.name ?? id, resolve: (k: string) => byKey.get(k.trim()) };
  }

  function* records(actor: Actor, query: ExportQuery): Generator<string[]> {
    const { format: _f, orderBy, ...filter } = query;
    const dir = unitDirectory();
    let n = 0;
    for (const batch of service.iterate(actor, filter, orderBy)) {
      const today = todayInShanghai(deps.clock.now());
      for (const r of batch) {
        const co = r.coUnitIds.map(dir.name).sort();
        yield [
          String(++n), r.code, r.title, r.taskCode ?? '', dir.name(r.leadUnitId), co.join('、'), r.responsibleLeader ?? '', r.deadline,
          String(r.progress), ItemStatusEnum.labels[r.status as ItemStatus] ?? r.status, isOverdueOn(r.deadline, r.status as ItemStatus, today) ? '是' : '否',
          r.latestProgressText ?? '',
        ];
      }
    }
  }

  return {
    /**
     * A CSV stream (UTF-8 BOM so Excel opens it as Unicode). The first batch is read before the response starts; a later
     * error reaches `out` through pipeline (never an unhandled 'error' event), and Fastify ends the response with it.
     */
    csv(actor: Actor, query: ExportQuery): Readable {
      const rows = primed(records(actor, query));
      const out = stringify({ bom: true, header: true, columns: [...EXPORT_HEADERS] });
      pipeline(Readable.from(rows), out, () => {});
      return out;
    },

    /** An xlsx stream written by exceljs' WorkbookWriter, a row at a time, yielding to the event loop between batches. */
    xlsx(actor: Actor, query: ExportQuery): Readable {
      const rows = primed(records(actor, query));
      const stream = new PassThrough();
      (async () => {
        // Loaded on first export, not at start-up: exceljs is the largest module of the service (issue 7: cold start).
        const ExcelJS = (await import('exceljs')).default;
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
        const ws = wb.addWorksheet('整改台账');
        ws.addRow([...EXPORT_HEADERS]).commit();
        let i = 0;
        for (const rec of rows) {
          // The client went away (Fastify destroyed the stream): stop reading the ledger.
          if (stream.destroyed) return;
          const values: (string | number)[] = [...rec];
          values[0] = Number(rec[0]);
          values[8] = Number(rec[8]);
          ws.addRow(values).commit();
          if (++i % 500 === 0) await new Promise((r) => setImmediate(r));
        }
        ws.commit();
        await wb.commit();
      })().catch((err) => stream.destroy(err));
      return stream;
    },

    /** Rows of a CSV (export headers) or JSON body, mapped onto the import row shape; errors name the row. */
    parse(body: unknown): { rows: Array<{ row: number; value: Record<string, unknown> }>; errors: ProblemDetail[] } {
      if (typeof body !== 'string') {
        const items = (body as { items: Record<string, unknown>[] }).items;
        return { rows: items.map((value, i) => ({ row: i + 1, value })), errors: [] };
      }
      let records: Record<string, string>[];
      try {
        records = parse(body, { bom: true, columns: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as Record<string, string>[];
      } catch (err) {
        throw new AppError('VALIDATION_FAILED', `The CSV cannot be read: ${(err as Error).message}`, { errors: [{ in: 'body', pointer: '/', detail: 'not a CSV with a header row' }] });
      }
      const header = records.length ? Object.keys(records[0]) : [];
      const known = new Set<string>([...EXPORT_HEADERS, ...EXTRA_IMPORT_HEADERS]);
      const unknown = header.filter((h) => !known.has(h));
      if (unknown.length) throw new AppError('VALIDATION_FAILED', `Unknown CSV columns: ${unknown.join(', ')}`, { errors: unknown.map((h) => ({ in: 'body' as const, pointer: `/${h}`, detail: 'not a column of the ledger export' })) });
      const dir = unitDirectory();
      const errors: ProblemDetail[] = [];
      const rows = records.map((rec, i) => {
        const row = i + 1;
        const value: Record<string, unknown> = {};
        const set = (k: string, v: string | undefined) => {
          if (v !== undefined && v !== '') value[k] = v;
        };
        set('code', rec['编号']);
        set('externalId', rec['外部编号']);
        set('title', rec['整改事项']);
        set('taskCode', rec['任务']);
        set('description', rec['整改内容']);
        set('responsibleLeader', rec['责任领导']);
        set('deadline', rec['完成时限']);
        set('deadlineText', rec['时限说明']);
        const units = (col: string, pointer: string) => {
          const names = (rec[col] ?? '').split(LIST_SEPARATOR).map((s) => s.trim()).filter(Boolean);
          const ids: string[] = [];
          for (const n of names) {
            const id = dir.resolve(n);
            if (id) ids.push(id);
            else errors.push({ in: 'row', row, pointer: `/${col}`, code: 'UNKNOWN_UNIT', detail: `no agency named ${n}` });
          }
          value[pointer] = ids;
        };
        if (rec['牵头单位'] !== undefined && rec['牵头单位'] !== '') {
          const id = dir.resolve(rec['牵头单位']);
          if (id) value.leadUnitId = id;
          else errors.push({ in: 'row', row, pointer: '/牵头单位', code: 'UNKNOWN_UNIT', detail: `no agency named ${rec['牵头单位']}` });
        }
        if ('配合单位' in rec) units('配合单位', 'coUnitIds');
        if ('参与单位' in rec) units('参与单位', 'participantUnitIds');
        return { row, value };
      });
      return { rows, errors };
    },

    /** All or nothing (API.md 17): every bad row is listed; a dry run rolls the same transaction back. */
    import(actor: Actor, body: unknown, opts: { dryRun?: boolean; campaignId?: string }) {
      requireRole(actor);
      const { rows, errors } = this.parse(body);
      const check = Compile(ImportRowSchema);
      const valid: Array<{ row: number; value: ImportRow }> = [];
      const seen = new Map<string, number>();
      const badRows = new Set(errors.map((e) => e.row));
      for (const { row, value } of rows) {
        if (badRows.has(row)) continue;
        const errs = [...check.Errors(value)];
        if (errs.length) {
          for (const e of errs.slice(0, 5)) errors.push({ in: 'row', row, pointer: pointerOf(e), code: 'INVALID', detail: e.message });
          continue;
        }
        const v = value as ImportRow;
        if (!isValidDate(v.deadline)) {
          errors.push({ in: 'row', row, pointer: '/deadline', code: 'INVALID', detail: `${v.deadline} is not a date` });
          continue;
        }
        for (const k of [v.code && `code:${v.code}`, v.externalId && `ext:${v.externalId}`]) {
          if (!k) continue;
          if (seen.has(k)) errors.push({ in: 'row', row, pointer: k.startsWith('code') ? '/code' : '/externalId', code: 'DUPLICATE', detail: `the same as row ${seen.get(k)}` });
          seen.set(k, row);
        }
        valid.push({ row, value: v });
      }
      const report = { dryRun: Boolean(opts.dryRun), created: 0, updated: 0, unchanged: 0, rows: rows.length };
      const fail = () => new AppError('IMPORT_INVALID', `${new Set(errors.map((e) => e.row)).size} of ${rows.length} rows are not valid; nothing was written`, { errors, extra: { rows: rows.length } });
      if (errors.length) throw fail();
      const ROLLBACK = Symbol('dry run');
      try {
        deps.db.transaction((tx) => {
          for (const { row, value } of valid) {
            try {
              const r = upsert(tx, actor, value, opts.campaignId);
              report[r]++;
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
  };

  function upsert(tx: Tx, actor: Actor, v: ImportRow, defaultCampaign: string | undefined): 'created' | 'updated' | 'unchanged' {
    const existing = (v.code && repo.findBy(tx, 'code', v.code)) || (v.externalId && repo.findBy(tx, 'externalId', v.externalId)) || undefined;
    if (!existing) {
      const campaignId = v.campaignId ?? defaultCampaign;
      if (!campaignId) throw new AppError('VALIDATION_FAILED', 'campaignId is required for a new item', { errors: [{ pointer: '/campaignId', detail: 'a new item needs campaignId (in the row or the query)' }] });
      const input: NewItem = { ...v, campaignId };
      const year = service.validateNew(tx, actor, input);
      service.insertItem(tx, actor, input, year, 'import_create');
      return 'created';
    }
    const current = toItem(existing, todayInShanghai(deps.clock.now()));
    const set: Partial<ItemRow> = {};
    const scalar = ['externalId', 'taskCode', 'title', 'description', 'leadUnitId', 'responsibleLeader', 'deadline', 'deadlineText', 'weight', 'expectedResult'] as const;
    for (const k of scalar) {
      if (v[k] !== undefined && v[k] !== current[k]) (set as Record<string, unknown>)[k] = v[k];
    }
    Object.assign(set, service.linkCopies(existing, { leadUnitId: set.leadUnitId, coUnitIds: v.coUnitIds, participantUnitIds: v.participantUnitIds, problemIds: v.problemIds }));
    if (!Object.keys(set).length) return 'unchanged';
    if (existing.status === 'completed' || existing.status === 'cancelled') throw new AppError('CONFLICT', `item ${existing.code} is ${existing.status} and cannot change`);
    if (v.campaignId && v.campaignId !== existing.campaignId) throw new AppError('VALIDATION_FAILED', 'campaignId cannot change', { errors: [{ pointer: '/campaignId', detail: 'an item stays in its campaign' }] });
    const now = deps.clock.now().toISOString();
    const updated = repo.update(tx, existing.id, existing.version, set, now)!;
    service.writeLinks(tx, existing, updated);
    const after = toItem(updated, todayInShanghai(deps.clock.now()));
    deps.audit.record(actor, { entity: ENTITY, entityId: existing.id, action: 'import_update', before: current, after, reason: 'import', unitId: updated.leadUnitId });
    if (set.leadUnitId) service.recompute(tx, actor, existing.id, now);
    else if (set.weight !== undefined && existing.parentId) service.recompute(tx, actor, existing.parentId, now);
    return 'updated';
  }
}
