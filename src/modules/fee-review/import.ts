// POST /v1/fee-items:import (API.md 17): JSON rows or CSV with the Chinese headers of the published fee lists; every row
// is checked first and any bad row fails the whole import (422 listing them all); then one transaction upserts by code.
import type { TSchema } from 'typebox';
import type { Deps } from '../../deps.js';
import type { Actor } from '../../http/auth.js';
import { isAdmin } from '../../http/auth.js';
import { AppError } from '../../http/errors.js';
import { addSchemaErrors, compileRow, eachImportRow, enumError, enumFromCell, newReport, RowErrors, type ImportBody, type RowCheck, type ImportErrorCode, type SheetSpec } from '../../http/tabular/index.js';
import { allEnums } from '../../lib/enums.js';
import { newId } from '../../lib/ids.js';
import { loadUnitResolver, type UnitResolver } from '../units/resolver.js';
import { MoneyError, parseStandard, yuanToFen } from '../../lib/money.js';
import type { FeeBasis } from '../../db/schema/fees.js';
import type { FeeItemRow, FeeRepository } from './repository.js';
import { CreateFeeItemSchema, FEE_CSV_HEADERS, FeeBasisLevelEnum, FeeBasisSchema, FeeStandardSchema, FundManagementEnum, type CreateFeeItem } from './schemas.js';
import { checkStandard, standardColumns, toFeeItem } from './rows.js';


let rowCheck: RowCheck | undefined;
function checker() {
  if (!rowCheck) {
    const context: Record<string, TSchema> = { FeeBasis: FeeBasisSchema, FeeStandard: FeeStandardSchema };
    for (const e of allEnums()) context[e.schema.$id] = e.schema;
    rowCheck = compileRow(CreateFeeItemSchema as TSchema, context);
  }
  return rowCheck!;
}

/** The sheet: the published fee lists' headers (the last four optional). */
export const FEE_SHEET: SheetSpec = { columns: FEE_CSV_HEADERS.map((header) => ({ header })), required: FEE_CSV_HEADERS.slice(0, 7) };
const COLUMN_OF: Record<string, string> = {
  code: '项目编码', name: '项目名称', collectingUnitId: '执收单位', category: '收费类别', basisLevel: '设立级次', bases: '政策依据', standard: '收费标准',
  fundManagement: '资金管理方式', affectsEnterprises: '涉企', currentChargeFen: '现行收费(元)', annualVolume: '年收费量', externalId: '外部编号',
};
const CATEGORY: Record<string, 'administrative' | 'institutional'> = { 行政性: 'administrative', 行政性收费: 'administrative', 事业性: 'institutional', 事业性收费: 'institutional', administrative: 'administrative', institutional: 'institutional' };
const LEVEL: Record<string, 'national' | 'regional'> = { 中央: 'national', 国家: 'national', '中央/国家': 'national', '国家(中央)规定': 'national', national: 'national', 省: 'regional', 自治区: 'regional', '省/自治区': 'regional', 省级: 'regional', 自治区规定: 'regional', regional: 'regional' };
const YES: Record<string, boolean> = { 是: true, 否: false, Y: true, N: false, y: true, n: false, true: true, false: false, '1': true, '0': false };

/** "财综〔2004〕5号《关于…的通知》；桂价费〔2010〕12号" → [{documentNumber, title}]. */
export function parseBases(text: string): FeeBasis[] {
  return text
    .split(/[;；\n]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const m = /^(.*?)《(.+?)》(.*)$/.exec(p);
      if (!m) return { documentNumber: p };
      const documentNumber = `${m[1]}${m[3]}`.replace(/[()()]/g, '').trim();
      return documentNumber ? { documentNumber, title: m[2] } : { documentNumber: m[2] };
    });
}

/** One sheet row → a CreateFeeItem candidate, or the row's errors (pointers name the Chinese column). */
function fromSheet(rec: Record<string, string>, units: UnitResolver, row: number, errors: RowErrors): Record<string, unknown> {
  const err = (column: string, detail: string, code: ImportErrorCode = 'INVALID_VALUE') => errors.add(row, `/${column}`, code, detail);
  const out: Record<string, unknown> = { code: rec['项目编码'], name: rec['项目名称'] };
  if (rec['外部编号']) out.externalId = rec['外部编号'];
  const unitId = units.resolveInto(errors, row, '/执收单位', rec['执收单位'] ?? '');
  if (unitId) out.collectingUnitId = unitId;
  const category = CATEGORY[rec['收费类别'] ?? ''];
  if (!category) err('收费类别', `"${rec['收费类别'] ?? ''}" is not one of 行政性 (行政性收费, administrative), 事业性 (事业性收费, institutional)`, 'INVALID_ENUM');
  else out.category = category;
  const level = LEVEL[(rec['设立级次'] ?? '').replace(/\s/g, '').replace(/（/g, '(').replace(/）/g, ')')];
  if (!level) err('设立级次', `"${rec['设立级次'] ?? ''}" is not one of 中央/国家 (${FeeBasisLevelEnum.labels.national}, national), 省/自治区 (${FeeBasisLevelEnum.labels.regional}, regional)`, 'INVALID_ENUM');
  else out.basisLevel = level;
  const bases = parseBases(rec['政策依据'] ?? '');
  if (!bases.length) err('政策依据', 'at least one policy document is required');
  else out.bases = bases;
  try {
    out.standard = parseStandard(rec['收费标准'] ?? '');
  } catch (e) {
    if (!(e instanceof MoneyError)) throw e;
    err('收费标准', e.message);
  }
  const fund = rec['资金管理方式'];
  if (fund) {
    const value = enumFromCell(FundManagementEnum, fund);
    if (!value) err('资金管理方式', enumError(FundManagementEnum, fund), 'INVALID_ENUM');
    else out.fundManagement = value;
  }
  const affects = rec['涉企'];
  if (affects) {
    if (!(affects in YES)) err('涉企', `"${affects}" is not one of 是 (true), 否 (false)`, 'INVALID_ENUM');
    else out.affectsEnterprises = YES[affects];
  }
  const charge = rec['现行收费(元)'];
  if (charge) {
    try {
      out.currentChargeFen = yuanToFen(charge);
    } catch (e) {
      if (!(e instanceof MoneyError)) throw e;
      err('现行收费(元)', e.message);
    }
  }
  const volume = rec['年收费量'];
  if (volume) {
    if (!/^\d{1,10}$/.test(volume.replace(/,/g, ''))) err('年收费量', `"${volume}" is not a whole number`);
    else out.annualVolume = Number(volume.replace(/,/g, ''));
  }
  return out;
}

type Plan = { at: number } & ({ kind: 'create'; row: FeeItemRow } | { kind: 'update'; before: FeeItemRow; set: Partial<FeeItemRow> } | { kind: 'same'; existing: FeeItemRow });

const comparable = (r: Partial<FeeItemRow>) =>
  JSON.stringify([r.externalId, r.name, r.collectingUnitId, r.category, r.basisLevel, r.bases, r.fundManagement, r.affectsEnterprises, r.standardKind, r.amountFen, r.minFen, r.maxFen, r.per, r.currentChargeFen, r.annualVolume]);

export function importFeeItems(deps: Deps, repo: FeeRepository, actor: Actor, input: ImportBody, dryRun: boolean) {
  const { db, audit, clock } = deps;
  const units = loadUnitResolver(deps.sqlite);
  const errors = new RowErrors();
  // Rows are mapped and checked one at a time (no array of all mapped rows first; issue 13.5).
  const { count: rows, rows: candidates } = eachImportRow(input, errors, (values, row) => fromSheet(values, units, row, errors));
  const columnOf = input.kind === 'sheet' ? (f: string) => COLUMN_OF[f] : undefined;
  const at = (f: string) => `/${columnOf?.(f) ?? f}`;

  const check = checker();
  const codes = new Map<string, number>();
  const externalIds = new Map<string, number>();
  // Checked when the write loop reaches the row (inside the transaction; no array of checked rows).
  function* valid(): Generator<{ row: number; item: CreateFeeItem }> {
    for (const { row, value } of candidates) {
      if (errors.has(row)) continue;
      if (!check.Check(value)) {
        addSchemaErrors(errors, row, check.Errors(value), columnOf);
        continue;
      }
      const item = value as unknown as CreateFeeItem;
      try {
        checkStandard(item.standard);
      } catch (e) {
        const d = (e as AppError).errors?.[0];
        errors.add(row, at('standard'), 'INVALID_VALUE', d?.detail ?? (e as Error).message);
        continue;
      }
      if (!units.has(item.collectingUnitId)) {
        errors.add(row, at('collectingUnitId'), 'UNKNOWN_UNIT', `unit ${item.collectingUnitId} does not exist`);
        continue;
      }
      if (!isAdmin(actor) && item.collectingUnitId !== actor.unitId) {
        errors.add(row, at('collectingUnitId'), 'FORBIDDEN_UNIT', 'a unit editor imports only the fees its own agency collects');
        continue;
      }
      const dup = codes.get(item.code);
      if (dup !== undefined) {
        errors.add(row, at('code'), 'DUPLICATE_KEY', `code ${item.code} is already in row ${dup}`);
        continue;
      }
      codes.set(item.code, row);
      if (item.externalId !== undefined) {
        const dupExt = externalIds.get(item.externalId);
        if (dupExt !== undefined) {
          errors.add(row, at('externalId'), 'DUPLICATE_KEY', `externalId ${item.externalId} is already in row ${dupExt}`);
          continue;
        }
        externalIds.set(item.externalId, row);
        // Unique in the register: held by a fee of another code is a conflict (the same code keeps its own).
        const holder = repo.itemByExternalId(item.externalId);
        if (holder && holder.code !== item.code) {
          errors.add(row, at('externalId'), 'CONFLICT', `externalId ${item.externalId} belongs to fee ${holder.code}`);
          continue;
        }
      }
      yield { row, item };
    }
  }

  // One pass: each row is planned and written in turn (no array of planned rows); a row error stops the writes and
  // the 422 rolls back what was written (all or nothing).
  return db.transaction(() => {
    const now = clock.now().toISOString();
    const report = newReport(dryRun, rows, input.source);
    for (const { row, item } of valid()) {
      const existing = repo.itemByCode(item.code);
      const fields = {
        // Absent: an existing fee keeps its externalId.
        externalId: item.externalId ?? existing?.externalId ?? null,
        name: item.name,
        collectingUnitId: item.collectingUnitId,
        category: item.category,
        basisLevel: item.basisLevel,
        bases: item.bases,
        fundManagement: item.fundManagement ?? null,
        affectsEnterprises: item.affectsEnterprises ?? false,
        ...standardColumns(checkStandard(item.standard)),
        currentChargeFen: item.currentChargeFen ?? null,
        annualVolume: item.annualVolume ?? null,
      };
      if (existing && !isAdmin(actor) && existing.collectingUnitId !== actor.unitId) {
        errors.add(row, at('code'), 'FORBIDDEN_UNIT', `code ${item.code} belongs to another agency's fee`);
        continue;
      }
      const p: Plan = !existing
        ? { at: row, kind: 'create', row: { id: newId(), code: item.code, ...fields, version: 1, createdAt: now, updatedAt: now } }
        : comparable(existing) === comparable(fields)
          ? { at: row, kind: 'same', existing }
          : { at: row, kind: 'update', before: existing, set: fields };
      if (p.kind === 'same') report.add(p.at, 'unchanged', p.existing.id, p.existing.code);
      else if (p.kind === 'create') report.add(p.at, 'created', p.row.id, p.row.code);
      else report.add(p.at, 'updated', p.before.id, p.before.code);
      if (dryRun || p.kind === 'same' || errors.count) continue;
      if (p.kind === 'create') {
        repo.insertItem(p.row);
        audit.record(actor, { entity: 'fee_item', entityId: p.row.id, action: 'create', after: toFeeItem(p.row), reason: 'import', unitId: p.row.collectingUnitId });
      } else {
        const after = repo.updateItem(db, p.before.id, p.before.version, p.set, now);
        if (!after) throw new AppError('CONFLICT', `fee item ${p.before.code} changed during the import; retry`);
        audit.record(actor, { entity: 'fee_item', entityId: after.id, action: 'update', before: toFeeItem(p.before), after: toFeeItem(after), reason: 'import', unitId: after.collectingUnitId });
      }
    }
    errors.throwIfAny(rows);
    return report;
  });
}
