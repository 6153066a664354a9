// The catalogue import (API.md 17): JSON {items} or CSV with the Chinese headers of published lists, all or nothing.
// Kept lean for 100,000 rows: a compiled TypeBox check per row, the agencies indexed once per import, raw prepared
// statements for the select/insert/update and for the audit events, one transaction; a dry run is rolled back.
import type { Deps } from '../../deps.js';
import type { Actor } from '../../http/auth.js';
import { requireRole } from '../../http/auth.js';
import { addSchemaErrors, compileRow, eachImportRow, enumError, newReport, RowErrors, type ImportBody, type ImportErrorCode, type ImportReport, type SheetSpec } from '../../http/tabular/index.js';
import { newId } from '../../lib/ids.js';
import { loadUnitResolver } from '../units/resolver.js';
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
import { lazy } from '../../db/lazy.js';

/** The sheet: the published lists' Chinese headers (the JSON field names are read too). */
const COLUMNS: Array<[string, string]> = [
  ['事项编码', 'code'],
  ['外部编号', 'externalId'],
  ['事项名称', 'name'],
  ['实施机关', 'implementingUnit'],
  ['设定依据', 'settingBasis'],
  ['实施依据', 'implementingBasis'],
  ['备注', 'remarks'],
  ['类型', 'kind'],
  ['依据层级', 'basisLevel'],
];
export const APPROVAL_SHEET: SheetSpec = {
  // 状态 is written by the export and read-only here.
  columns: [...COLUMNS.map(([header, field]) => ({ header, aliases: [field] })), { header: '状态', ignored: true }],
  required: ['事项编码', '事项名称', '实施机关'],
};
const COLUMN_OF: Record<string, string> = { ...Object.fromEntries(COLUMNS.map(([h, f]) => [f, h])), bases: '设定依据', implementingUnitId: '实施机关' };

const KIND_WORDS: Record<string, string> = { 非行政许可: 'non_licence', ...Object.fromEntries(ApprovalKindEnum.values.flatMap((v) => [[v, v], [ApprovalKindEnum.labels[v], v]])) };
const LEVEL_WORDS: Record<string, string> = Object.fromEntries([
  ...BasisLevelEnum.values.map((v) => [v, v]),
  ...Object.entries(BasisLevelEnum.labels).map(([v, l]) => [l, v]),
  ['地方性法规', 'regional_regulation'],
  ['政府规章', 'regional_government_rule'],
]);


interface Row {
  row: number;
  data: ImportApprovalItemRow;
}

class DryRun extends Error {}

type Existing = { id: string; externalId: string | null; name: string; unitId: string; kind: string; bases: string; sibling: string; statutory: string | null; mainly: string | null; remarks: string | null; version: number };

const basesOf = (d: ImportApprovalItemRow): string =>
  JSON.stringify(((d.bases ?? []) as Basis[]).map((b) => ({ level: b.level, title: b.title, article: b.article ?? null, role: b.role ?? 'setting' })));


export function createApprovalImporter(deps: Deps) {
  const { sqlite, clock } = deps;
  const check = compileRow(ImportApprovalItemRowSchema, {
    ApprovalBasis: BasisSchema,
    ApprovalKind: ApprovalKindEnum.schema,
    BasisLevel: BasisLevelEnum.schema,
    BasisRole: BasisRoleEnum.schema,
    SiblingProvinces: SiblingProvincesEnum.schema,
    StatutoryLevel: StatutoryLevelEnum.schema,
    ImplementationLevel: ImplementationLevelEnum.schema,
    DelegateTo: DelegateToEnum.schema,
  });
  const byCode = lazy(() => sqlite.prepare(
    'SELECT id, external_id AS externalId, name, implementing_unit_id AS unitId, kind, bases, sibling_provinces AS sibling, statutory_level AS statutory, mainly_implemented_at AS mainly, remarks, version FROM approval_items WHERE code = ?',
  ));
  // Insert first: a new code costs one statement; `changes === 0` means the code exists and the row is compared.
  const insertItem = lazy(() => sqlite.prepare(
    `INSERT INTO approval_items (id, code, external_id, name, implementing_unit_id, kind, bases, sibling_provinces, statutory_level, mainly_implemented_at, remarks, status, version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 1, ?, ?) ON CONFLICT (code) DO NOTHING`,
  ));
  const updateItem = lazy(() => sqlite.prepare(
    `UPDATE approval_items SET external_id = ?, name = ?, implementing_unit_id = ?, kind = ?, bases = ?, sibling_provinces = ?, statutory_level = ?, mainly_implemented_at = ?, remarks = ?, version = version + 1, updated_at = ?
     WHERE id = ?`,
  ));
  const insertEvent = lazy(() => sqlite.prepare(
    `INSERT INTO events (occurred_at, api_key_id, unit_id, request_id, entity, entity_id, action, before, after, reason) VALUES (?, ?, ?, ?, 'approval_item', ?, ?, ?, ?, NULL)`,
  ));
  const holderOf = lazy(() => sqlite.prepare('SELECT id, code FROM approval_items WHERE external_id = ?'));
  const cancelledOf = lazy(() => sqlite.prepare(
    `SELECT id, name FROM approval_items WHERE implementing_unit_id = ? AND status = 'cancelled'
     UNION SELECT i.id, i.name FROM approval_reviews r JOIN approval_items i ON i.id = r.item_id WHERE r.unit_id = ? AND r.stage = 'decided' AND r.decided_disposition = 'cancel'`,
  ));

  /** One sheet row → a JSON-shaped row; words of 类型 and 依据层级 that are not known are row errors. */
  function fromSheet(values: Record<string, string>, row: number, errors: RowErrors): Row {
    const v = values;
    let level = 'unknown';
    if (v['依据层级'] !== undefined) {
      const l = LEVEL_WORDS[v['依据层级']];
      if (l) level = l;
      else errors.add(row, '/依据层级', 'INVALID_ENUM', enumError(BasisLevelEnum, v['依据层级']));
    }
    const bases: unknown[] = [];
    if (v['设定依据']) bases.push({ level, title: v['设定依据'], role: 'setting' });
    if (v['实施依据']) bases.push({ level: 'unknown', title: v['实施依据'], role: 'implementing' });
    const data: Record<string, unknown> = { bases };
    if (v['事项编码'] !== undefined) data.code = v['事项编码'];
    if (v['外部编号'] !== undefined) data.externalId = v['外部编号'];
    if (v['事项名称'] !== undefined) data.name = v['事项名称'];
    if (v['实施机关'] !== undefined) data.implementingUnit = v['实施机关'];
    if (v['类型'] !== undefined) {
      const k = KIND_WORDS[v['类型']];
      if (k) data.kind = k;
      else errors.add(row, '/类型', 'INVALID_ENUM', enumError(ApprovalKindEnum, v['类型']));
    }
    if (v['备注'] !== undefined) data.remarks = v['备注'];
    return { row, data: data as ImportApprovalItemRow };
  }

  return {
    run(actor: Actor, input: ImportBody, dryRun: boolean): ImportReport {
      requireRole(actor);
      const errors = new RowErrors();
      // Each row is mapped when its turn comes (not all rows first), so its JSON-shaped copy dies with it (issue 13.5).
      const { count: rowCount, rows } = eachImportRow(input, errors, (values, row) => fromSheet(values, row, errors).data as unknown as Record<string, unknown>);
      const columnOf = input.kind === 'sheet' ? (f: string) => COLUMN_OF[f] : undefined;
      const at = (field: string) => `/${columnOf?.(field) ?? field}`;
      const fail = (r: Row, field: string, code: ImportErrorCode, detail: string) => errors.add(r.row, at(field), code, detail);
      const units = loadUnitResolver(sqlite);
      // Per agency: A6's matcher over its cancelled items (built once per import).
      const recreations = new Map<string, (name: string) => { id: string; name: string } | null>();
      const seenCodes = new Map<string, number>();
      const seenExternal = new Map<string, number>();
      const ts = clock.now().toISOString();
      const report = newReport(dryRun, rowCount, input.source);

      const work = () => {
        for (const { row, value } of rows) {
          if (errors.has(row)) continue;
          const r: Row = { row, data: value as unknown as ImportApprovalItemRow };
          const d = r.data;
          if (!check.Check(d)) {
            addSchemaErrors(errors, r.row, check.Errors(d), columnOf, 3);
            continue;
          }
          const prior = seenCodes.get(d.code);
          if (prior !== undefined) {
            fail(r, 'code', 'DUPLICATE_KEY', `code ${d.code} also appears in row ${prior}`);
            continue;
          }
          seenCodes.set(d.code, r.row);
          if (d.externalId !== undefined) {
            const before = seenExternal.get(d.externalId);
            if (before !== undefined) {
              fail(r, 'externalId', 'DUPLICATE_KEY', `externalId ${d.externalId} also appears in row ${before}`);
              continue;
            }
            seenExternal.set(d.externalId, r.row);
            // Unique in the register: held by an item of another code is a conflict (the same code keeps its own).
            const holder = holderOf.get(d.externalId) as { id: string; code: string } | undefined;
            if (holder && holder.code !== d.code) {
              fail(r, 'externalId', 'CONFLICT', `externalId ${d.externalId} belongs to item ${holder.code}`);
              continue;
            }
          }
          const ref = (d.implementingUnitId ?? d.implementingUnit ?? '').trim();
          if (!ref) {
            fail(r, 'implementingUnit', 'REQUIRED', 'the implementing agency (实施机关) is required');
            continue;
          }
          const unitId = units.resolveInto(errors, r.row, at(d.implementingUnitId ? 'implementingUnitId' : 'implementingUnit'), ref);
          if (!unitId) continue;
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
            if (errors.count) {
              // Nothing will be written: only validate the rest.
              existing = byCode.get(d.code) as Existing | undefined;
              if (!existing) continue;
            } else {
              const id = newId();
              if (insertItem.run(id, d.code, d.externalId ?? null, d.name, unitId, kind, basesJson, sibling, statutory, mainly, remarks, ts, ts).changes === 1) {
                const after = `{"id":"${id}","code":${JSON.stringify(d.code)},"externalId":${JSON.stringify(d.externalId ?? null)},"name":${JSON.stringify(d.name)},"implementingUnitId":"${unitId}","kind":"${kind}","bases":${basesJson},"siblingProvinces":"${sibling}","statutoryLevel":${JSON.stringify(statutory)},"mainlyImplementedAt":${JSON.stringify(mainly)},"remarks":${JSON.stringify(remarks)},"status":"active","version":1}`;
                insertEvent.run(ts, actor.apiKeyId, unitId, actor.requestId, id, 'import_create', null, after);
                report.add(r.row, 'created', id, d.code);
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
          const externalId = d.externalId ?? existing.externalId;
          if (
            existing.externalId === externalId &&
            existing.name === d.name && existing.unitId === unitId && existing.kind === kind && existing.bases === basesJson && existing.sibling === sibling &&
            existing.statutory === statutory && existing.mainly === mainly && existing.remarks === remarks
          ) {
            report.add(r.row, 'unchanged', existing.id, d.code);
            continue;
          }
          if (errors.count) continue;
          updateItem.run(externalId, d.name, unitId, kind, basesJson, sibling, statutory, mainly, remarks, ts, existing.id);
          const before = JSON.stringify({ externalId: existing.externalId, name: existing.name, implementingUnitId: existing.unitId, kind: existing.kind, bases: JSON.parse(existing.bases), siblingProvinces: existing.sibling, statutoryLevel: existing.statutory, mainlyImplementedAt: existing.mainly, remarks: existing.remarks, version: existing.version });
          const after = JSON.stringify({ externalId, name: d.name, implementingUnitId: unitId, kind, bases: JSON.parse(basesJson), siblingProvinces: sibling, statutoryLevel: statutory, mainlyImplementedAt: mainly, remarks, version: existing.version + 1 });
          insertEvent.run(ts, actor.apiKeyId, unitId, actor.requestId, existing.id, 'import_update', before, after);
          report.add(r.row, 'updated', existing.id, d.code);
        }
        errors.throwIfAny(rowCount);
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
