// The catalogue import (API.md 17): JSON {items} or CSV with the Chinese headers of published lists, all or nothing.
// Kept lean for 100,000 rows: a compiled TypeBox check per row, cached agency look-ups, raw prepared statements for
// the select/insert/update and for the audit events, one transaction; a dry run is the same transaction rolled back.
import { parse } from 'csv-parse/sync';
import { Compile } from 'typebox/compile';
import type { Deps } from '../../deps.js';
import type { Actor } from '../../http/auth.js';
import { requireRole } from '../../http/auth.js';
import { AppError, type ProblemDetail } from '../../http/errors.js';
import { newId, isUuid } from '../../lib/ids.js';
import { USCC_PATTERN } from '../../lib/uscc.js';
import { filingMatcher } from './rules.js';
import {
  ApprovalKindEnum,
  BasisLevelEnum,
  BasisRoleEnum,
  BasisSchema,
  DelegateToEnum,
  ImplementationLevelEnum,
  ImportApprovalItemRowSchema,
  SiblingProvincesEnum,
  StatutoryLevelEnum,
  type Basis,
  type ImportApprovalItemRow,
} from './schemas.js';

/** CSV headers: the published lists' Chinese ones, or the JSON field names. */
const CSV_HEADERS: Record<string, string> = {
  事项编码: 'code',
  事项名称: 'name',
  实施机关: 'implementingUnit',
  设定依据: 'settingBasis',
  实施依据: 'implementingBasis',
  备注: 'remarks',
  类型: 'kind',
  依据层级: 'basisLevel',
  code: 'code',
  name: 'name',
  implementingUnit: 'implementingUnit',
  settingBasis: 'settingBasis',
  implementingBasis: 'implementingBasis',
  remarks: 'remarks',
  kind: 'kind',
  basisLevel: 'basisLevel',
};
const REQUIRED_CSV = ['code', 'name', 'implementingUnit'];

const KIND_WORDS: Record<string, string> = { 行政许可: 'licence', 非行政许可审批: 'non_licence', 非行政许可: 'non_licence', licence: 'licence', non_licence: 'non_licence' };
const LEVEL_WORDS: Record<string, string> = Object.fromEntries([
  ...BasisLevelEnum.values.map((v) => [v, v]),
  ...Object.entries(BasisLevelEnum.labels).map(([v, l]) => [l, v]),
  ['地方性法规', 'regional_regulation'],
  ['政府规章', 'regional_government_rule'],
]);

export interface ImportReport {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  rows: number;
}

interface Row {
  row: number;
  data: ImportApprovalItemRow;
  /** CSV: maps a field to the header it came from, for pointers. */
  csv?: Record<string, string>;
}

class DryRun extends Error {}

type Existing = { id: string; name: string; unitId: string; kind: string; bases: string; sibling: string; statutory: string | null; mainly: string | null; remarks: string | null; version: number };

const basesOf = (d: ImportApprovalItemRow): string =>
  JSON.stringify(((d.bases ?? []) as Basis[]).map((b) => ({ level: b.level, title: b.title, article: b.article ?? null, role: b.role ?? 'setting' })));

const MAX_REPORTED_ERRORS = 1000;

export function createApprovalImporter(deps: Deps) {
  const { sqlite, clock } = deps;
  const check = Compile(
    {
      ApprovalBasis: BasisSchema,
      ApprovalKind: ApprovalKindEnum.schema,
      BasisLevel: BasisLevelEnum.schema,
      BasisRole: BasisRoleEnum.schema,
      SiblingProvinces: SiblingProvincesEnum.schema,
      StatutoryLevel: StatutoryLevelEnum.schema,
      ImplementationLevel: ImplementationLevelEnum.schema,
      DelegateTo: DelegateToEnum.schema,
    },
    ImportApprovalItemRowSchema,
  );
  const byCode = sqlite.prepare(
    'SELECT id, name, implementing_unit_id AS unitId, kind, bases, sibling_provinces AS sibling, statutory_level AS statutory, mainly_implemented_at AS mainly, remarks, version FROM approval_items WHERE code = ?',
  );
  // Insert first: a new code costs one statement; `changes === 0` means the code exists and the row is compared.
  const insertItem = sqlite.prepare(
    `INSERT INTO approval_items (id, code, name, implementing_unit_id, kind, bases, sibling_provinces, statutory_level, mainly_implemented_at, remarks, status, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 1, ?, ?) ON CONFLICT (code) DO NOTHING`,
  );
  const updateItem = sqlite.prepare(
    `UPDATE approval_items SET name = ?, implementing_unit_id = ?, kind = ?, bases = ?, sibling_provinces = ?, statutory_level = ?, mainly_implemented_at = ?, remarks = ?, version = version + 1, updated_at = ?
     WHERE id = ?`,
  );
  const insertEvent = sqlite.prepare(
    `INSERT INTO events (occurred_at, api_key_id, unit_id, request_id, entity, entity_id, action, before, after, reason) VALUES (?, ?, ?, ?, 'approval_item', ?, ?, ?, ?, NULL)`,
  );
  const unitById = sqlite.prepare('SELECT id FROM units WHERE id = ?').pluck();
  const unitByCredit = sqlite.prepare('SELECT id FROM units WHERE credit_code = ?').pluck();
  const unitsByName = sqlite.prepare('SELECT id FROM units WHERE name = ? OR short_name = ? LIMIT 2').pluck();
  const cancelledOf = sqlite.prepare(
    `SELECT id, name FROM approval_items WHERE implementing_unit_id = ? AND status = 'cancelled'
     UNION SELECT i.id, i.name FROM approval_reviews r JOIN approval_items i ON i.id = r.item_id WHERE r.unit_id = ? AND r.stage = 'decided' AND r.decided_disposition = 'cancel'`,
  );
  const usccRe = new RegExp(USCC_PATTERN);

  function fromCsv(text: string): Row[] {
    let records: string[][];
    try {
      records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_quotes: false }) as string[][];
    } catch (e) {
      throw new AppError('IMPORT_INVALID', `The CSV cannot be read: ${(e as Error).message}`, { errors: [{ in: 'row', row: 1, pointer: '/', code: 'CSV_SYNTAX', detail: (e as Error).message }] });
    }
    if (!records.length) return [];
    const header = records[0];
    const fields = header.map((h) => CSV_HEADERS[h]);
    const unknown = header.filter((h, i) => !fields[i]);
    const missing = REQUIRED_CSV.filter((f) => !fields.includes(f));
    if (unknown.length || missing.length) {
      throw new AppError('VALIDATION_FAILED', `CSV headers: ${unknown.length ? `unknown ${unknown.join(', ')}` : ''}${unknown.length && missing.length ? '; ' : ''}${missing.length ? `missing ${missing.join(', ')}` : ''}. Use 事项编码, 事项名称, 实施机关, 设定依据, 实施依据, 备注, 类型, 依据层级`, {
        errors: [...unknown.map((h) => ({ in: 'body' as const, pointer: `/${h}`, detail: 'not a known column' })), ...missing.map((f) => ({ in: 'body' as const, pointer: `/${f}`, detail: 'a required column is missing' }))],
      });
    }
    const headerOf: Record<string, string> = {};
    fields.forEach((f, i) => (headerOf[f] = header[i]));
    const out: Row[] = new Array(records.length - 1);
    for (let r = 1; r < records.length; r++) {
      const rec = records[r];
      const v: Record<string, string> = {};
      for (let i = 0; i < fields.length; i++) if (rec[i] !== undefined && rec[i] !== '') v[fields[i]] = rec[i];
      const level = v.basisLevel === undefined ? 'unknown' : (LEVEL_WORDS[v.basisLevel] ?? v.basisLevel);
      const bases: unknown[] = [];
      if (v.settingBasis) bases.push({ level, title: v.settingBasis, role: 'setting' });
      if (v.implementingBasis) bases.push({ level: 'unknown', title: v.implementingBasis, role: 'implementing' });
      const data: Record<string, unknown> = { code: v.code, name: v.name, implementingUnit: v.implementingUnit, bases };
      if (v.kind !== undefined) data.kind = KIND_WORDS[v.kind] ?? v.kind;
      if (v.remarks !== undefined) data.remarks = v.remarks;
      for (const k of ['code', 'name', 'implementingUnit']) if (data[k] === undefined) delete data[k];
      out[r - 1] = { row: r, data: data as ImportApprovalItemRow, csv: headerOf };
    }
    return out;
  }

  return {
    fromCsv,
    run(actor: Actor, input: { items?: unknown[] } | string, dryRun: boolean): ImportReport {
      requireRole(actor);
      const rows: Row[] = typeof input === 'string' ? fromCsv(input) : (input.items ?? []).map((data, i) => ({ row: i + 1, data: data as ImportApprovalItemRow }));
      const errors: ProblemDetail[] = [];
      let bad = 0;
      const fail = (r: Row, field: string, code: string, detail: string) => {
        bad++;
        if (errors.length >= MAX_REPORTED_ERRORS) return;
        const col = r.csv ? (field === 'bases' ? (r.csv.settingBasis ?? r.csv.implementingBasis ?? field) : (r.csv[field] ?? field)) : field;
        errors.push({ in: 'row', row: r.row, pointer: `/${col}`, code, detail });
      };
      const unitCache = new Map<string, string | null | 'ambiguous'>();
      const resolveUnit = (ref: string): string | null | 'ambiguous' => {
        let id = unitCache.get(ref);
        if (id !== undefined) return id;
        if (isUuid(ref)) id = (unitById.get(ref) as string | undefined) ?? null;
        else if (usccRe.test(ref)) id = (unitByCredit.get(ref) as string | undefined) ?? null;
        else {
          const ids = unitsByName.all(ref, ref) as string[];
          id = ids.length === 1 ? ids[0] : ids.length > 1 ? 'ambiguous' : null;
        }
        unitCache.set(ref, id);
        return id;
      };
      // Per agency: A6's matcher over its cancelled items (built once per import).
      const recreations = new Map<string, (name: string) => { id: string; name: string } | null>();
      const seenCodes = new Map<string, number>();
      const ts = clock.now().toISOString();
      const report: ImportReport = { dryRun, created: 0, updated: 0, unchanged: 0, rows: rows.length };

      const work = () => {
        for (const r of rows) {
          const d = r.data;
          if (!check.Check(d)) {
            let n = 0;
            for (const e of check.Errors(d)) {
              if (e.keyword === 'boolean') continue;
              const field = e.keyword === 'additionalProperties' ? String((e.params as { additionalProperties?: string[] }).additionalProperties?.[0] ?? '') : e.keyword === 'required' ? String((e.params as { requiredProperties?: string[] }).requiredProperties?.[0] ?? '') : e.instancePath.split('/')[1] ?? '';
              fail(r, field || e.instancePath.slice(1), 'INVALID_FIELD', `${e.instancePath || field || '/'}: ${e.message}`);
              if (++n >= 3) break;
            }
            continue;
          }
          const prior = seenCodes.get(d.code);
          if (prior !== undefined) {
            fail(r, 'code', 'DUPLICATE_CODE', `code ${d.code} also appears in row ${prior}`);
            continue;
          }
          seenCodes.set(d.code, r.row);
          const ref = d.implementingUnitId ?? d.implementingUnit;
          if (!ref) {
            fail(r, 'implementingUnit', 'UNIT_REQUIRED', 'the implementing agency (实施机关) is required');
            continue;
          }
          const unitId = resolveUnit(ref);
          if (!unitId || unitId === 'ambiguous') {
            fail(r, d.implementingUnitId ? 'implementingUnitId' : 'implementingUnit', 'UNKNOWN_UNIT', unitId ? `${ref} names more than one agency; use its id or credit code` : `no agency ${ref} (by id, credit code or name)`);
            continue;
          }
          let recreation = recreations.get(unitId);
          if (!recreation) recreations.set(unitId, (recreation = filingMatcher(cancelledOf.all(unitId, unitId) as Array<{ id: string; name: string }>)));
          // Insert first unless the name matches a cancelled item of the agency (A6 applies to new items only): a new
          // code then costs one statement, and `changes === 0` means the code exists.
          let existing: Existing | undefined;
          const match = recreation(d.name);
          if (match) {
            existing = byCode.get(d.code) as Existing | undefined;
            if (!existing) {
              fail(r, 'name', 'RECREATED_AS_FILING', `matches the cancelled item “${match.name}” (${match.id}) of the same agency (A6, 变相审批); create it with POST /v1/approval-items and an admin override`);
              continue;
            }
          }
          if (!existing) {
            const basesJson = d.bases === undefined ? '[]' : basesOf(d);
            const kind = d.kind ?? 'licence';
            const sibling = d.siblingProvinces ?? 'unknown';
            const statutory = d.statutoryLevel ?? null;
            const mainly = d.mainlyImplementedAt ?? null;
            const remarks = d.remarks ?? null;
            if (bad) {
              // Nothing will be written: only validate the rest.
              existing = byCode.get(d.code) as Existing | undefined;
              if (!existing) continue;
            } else {
              const id = newId();
              if (insertItem.run(id, d.code, d.name, unitId, kind, basesJson, sibling, statutory, mainly, remarks, ts, ts).changes === 1) {
                const after = `{"id":"${id}","code":${JSON.stringify(d.code)},"name":${JSON.stringify(d.name)},"implementingUnitId":"${unitId}","kind":"${kind}","bases":${basesJson},"siblingProvinces":"${sibling}","statutoryLevel":${JSON.stringify(statutory)},"mainlyImplementedAt":${JSON.stringify(mainly)},"remarks":${JSON.stringify(remarks)},"status":"active","version":1}`;
                insertEvent.run(ts, actor.apiKeyId, unitId, actor.requestId, id, 'import_create', null, after);
                report.created++;
                continue;
              }
              existing = byCode.get(d.code) as Existing;
            }
          }
          // An existing code: absent optional fields keep the stored values.
          const basesJson = d.bases === undefined ? existing.bases : basesOf(d);
          const kind = d.kind ?? existing.kind;
          const sibling = d.siblingProvinces ?? existing.sibling;
          const statutory = d.statutoryLevel !== undefined ? d.statutoryLevel : existing.statutory;
          const mainly = d.mainlyImplementedAt !== undefined ? d.mainlyImplementedAt : existing.mainly;
          const remarks = d.remarks !== undefined ? d.remarks : existing.remarks;
          if (
            existing.name === d.name && existing.unitId === unitId && existing.kind === kind && existing.bases === basesJson && existing.sibling === sibling &&
            existing.statutory === statutory && existing.mainly === mainly && existing.remarks === remarks
          ) {
            report.unchanged++;
            continue;
          }
          if (bad) continue;
          updateItem.run(d.name, unitId, kind, basesJson, sibling, statutory, mainly, remarks, ts, existing.id);
          const before = JSON.stringify({ name: existing.name, implementingUnitId: existing.unitId, kind: existing.kind, bases: JSON.parse(existing.bases), siblingProvinces: existing.sibling, statutoryLevel: existing.statutory, mainlyImplementedAt: existing.mainly, remarks: existing.remarks, version: existing.version });
          const after = JSON.stringify({ name: d.name, implementingUnitId: unitId, kind, bases: JSON.parse(basesJson), siblingProvinces: sibling, statutoryLevel: statutory, mainlyImplementedAt: mainly, remarks, version: existing.version + 1 });
          insertEvent.run(ts, actor.apiKeyId, unitId, actor.requestId, existing.id, 'import_update', before, after);
          report.updated++;
        }
        if (bad) {
          throw new AppError('IMPORT_INVALID', `${bad} of ${rows.length} rows are not valid (first: row ${errors[0]?.row}); nothing was written`, { errors, extra: { rows: rows.length } });
        }
        if (dryRun) throw new DryRun();
      };
      try {
        deps.db.transaction(() => work());
      } catch (e) {
        if (!(e instanceof DryRun)) throw e;
      }
      return report;
    },
  };
}
