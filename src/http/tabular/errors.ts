// The one vocabulary of import row errors, their collector, and the report every import returns (issue 12.4, 12.5).
import { AppError, type ProblemDetail } from '../errors.js';
import { UnknownReferenceError } from '../references.js';
import { allEnums } from '../../lib/enums.js';

/** Every `code` an import error can carry, across all imports (documented in the contract). */
export const IMPORT_ERROR_CODES = {
  // the file
  EMPTY_FILE: 'the body is empty, or only a byte order mark',
  NO_ROWS: 'a header row without data rows',
  UNKNOWN_COLUMN: 'a header that is not a column of this import',
  MISSING_COLUMN: 'a required column is missing',
  DUPLICATE_COLUMN: 'a column appears twice',
  ENCODING: 'the bytes are not text in the declared or a detected encoding',
  CSV_SYNTAX: 'the CSV cannot be parsed (e.g. an unclosed quote)',
  XLSX_UNREADABLE: 'the body is not an xlsx workbook',
  XLS_UNREADABLE: 'the body is not an xls workbook (Excel 97-2003), or a damaged one',
  ODS_UNREADABLE: 'the body is not an ods workbook, a damaged one, or one that inflates beyond the bound',
  CONTENT_TYPE_MISMATCH: 'the bytes are another format than the Content-Type says (415; the detail names the format and the type to send)',
  SHEET_NOT_FOUND: 'no sheet of that name or number',
  // a row
  ROW_LENGTH: 'a row with fewer or more cells than the header',
  CONTROL_CHARACTER: 'a cell contains NUL or another control character',
  REQUIRED: 'a required value is missing',
  INVALID_VALUE: 'a value of the wrong type, format or range',
  INVALID_DATE: 'not a date in any accepted form',
  INVALID_ENUM: 'not one of the accepted values (listed with their zh-CN labels)',
  // The order of the kinds is UNIT_REF_KINDS of src/modules/units/resolver.ts (a test holds the two together).
  UNKNOWN_UNIT: 'no agency has that id, externalId, division code (GB/T 2260), credit code, name or short name (tried in this order; the first kind that matches decides)',
  AMBIGUOUS_UNIT: 'the reference fits more than one agency under the first kind it matches (e.g. a short name two agencies share); the detail names the candidates',
  FORBIDDEN_UNIT: 'the row belongs to an agency the key may not import for',
  UNKNOWN_REFERENCE: 'another referenced record does not exist',
  DUPLICATE_KEY: 'the same code or externalId appears in an earlier row',
  CODE_MISMATCH: 'the externalId (外部编号) belongs to a record of another code (编号) than the row gives',
  CONFLICT: 'the record cannot change in its current state',
  RULE_VIOLATION: 'a rule of the plan forbids the row (ruleId in the detail)',
  RECREATED_AS_FILING: 'a cancelled approval item comes back under another name (A6)',
} as const;
export type ImportErrorCode = keyof typeof IMPORT_ERROR_CODES;

/** Warnings (the import still runs). */
export const IMPORT_WARNING_CODES = { NO_NATURAL_KEY: 'a row without code or externalId: importing the file again creates it again' } as const;

const MAX_REPORTED = 1000;

/** Row errors of one import: every bad row is counted, the first 1000 errors are listed, sorted by row. */
export class RowErrors {
  readonly list: ProblemDetail[] = [];
  private readonly bad = new Set<number>();
  add(row: number, pointer: string, code: ImportErrorCode, detail: string): void {
    this.bad.add(row);
    if (this.list.length < MAX_REPORTED) this.list.push({ in: 'row', row, pointer, code, detail });
  }
  has(row: number): boolean {
    return this.bad.has(row);
  }
  get count(): number {
    return this.bad.size;
  }
  merge(other: RowErrors): void {
    for (const e of other.list) this.add(e.row!, e.pointer, e.code as ImportErrorCode, e.detail);
    for (const r of other.bad) this.bad.add(r);
  }
  /** The 422 when any row is bad: "<bad> of <rows> rows are not valid". */
  throwIfAny(rows: number): void {
    if (!this.bad.size) return;
    const errors = [...this.list].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const first = errors[0];
    throw new AppError('IMPORT_INVALID', `${this.bad.size} of ${rows} rows are not valid (first: row ${first.row} ${first.pointer}: ${first.detail}); nothing was written`, {
      errors,
      extra: { rows, badRows: this.bad.size },
    });
  }
}

/** "a 行政许可, b 非行政许可审批": the accepted values of an enum with their zh-CN labels. */
export function acceptedValues(values: readonly string[]): string {
  const def = allEnums().find((e) => e.values.length === values.length && e.values.every((v, i) => v === values[i]));
  return values.map((v) => (def ? `${v} (${def.labels[v]})` : v)).join(', ');
}

/** An enum cell given as its value or its zh-CN label → the value, or undefined. */
export function enumFromCell<V extends string>(def: { values: readonly V[]; labels: Readonly<Record<V, string>> }, cell: string): V | undefined {
  return def.values.find((v) => v === cell || def.labels[v] === cell);
}

/** The enum error of a cell: accepted labels and values. */
export function enumError(def: { values: readonly string[]; labels: Readonly<Record<string, string>> }, cell: string): string {
  return `"${cell}" is not one of ${def.values.map((v) => `${def.labels[v]} (${v})`).join(', ')}`;
}

type SchemaError = { instancePath: string; keyword?: string; params?: Record<string, unknown>; message: string };

/**
 * TypeBox errors of a row → row errors: the pointer names the field (JSON) or its column (`columnOf`, CSV/xlsx),
 * a missing field is REQUIRED, an enum lists its accepted values with labels, at most `max` per row.
 */
export function addSchemaErrors(errors: RowErrors, row: number, found: Iterable<SchemaError>, columnOf?: (field: string) => string | undefined, max = 5): void {
  let n = 0;
  for (const e of found) {
    if (e.keyword === 'boolean') continue;
    const p = e.params ?? {};
    const named = (p.requiredProperties as string[] | undefined)?.[0] ?? (p.additionalProperties as string[] | undefined)?.[0];
    const path = named ? `${e.instancePath}/${named}` : e.instancePath || '/';
    const field = path.split('/')[1] ?? '';
    const column = columnOf?.(field);
    const pointer = column ? `/${column}${path.slice(field.length + 1)}` : path;
    const code: ImportErrorCode = e.keyword === 'required' ? 'REQUIRED' : e.keyword === 'enum' ? 'INVALID_ENUM' : 'INVALID_VALUE';
    const detail =
      e.keyword === 'enum' ? `must be one of ${acceptedValues((p.allowedValues as string[]) ?? [])}` : e.keyword === 'required' ? 'is required' : e.keyword === 'additionalProperties' ? 'is not a field of this import' : e.message;
    errors.add(row, pointer, code, detail);
    if (++n >= max) break;
  }
}

/** An AppError raised for one row by a service → the row error's code. */
export function rowCodeOf(err: AppError): ImportErrorCode {
  // A named id that does not exist or is not the caller's: the same code either way (src/http/references.ts).
  if (err instanceof UnknownReferenceError) return err.noun === 'unit' ? 'UNKNOWN_UNIT' : 'UNKNOWN_REFERENCE';
  switch (err.code) {
    case 'NOT_FOUND':
      return 'UNKNOWN_REFERENCE';
    case 'FORBIDDEN':
      return 'FORBIDDEN_UNIT';
    case 'CONFLICT':
    case 'ALREADY_EXISTS':
    case 'INVALID_STATE_TRANSITION':
      return 'CONFLICT';
    case 'RULE_VIOLATION':
      return 'RULE_VIOLATION';
    default:
      return 'INVALID_VALUE';
  }
}

export type Outcome = 'created' | 'updated' | 'unchanged';
export interface RowResult {
  row: number;
  outcome: Outcome;
  id: string;
  code: string | null;
}
export interface ImportSource {
  format: 'json' | 'csv' | 'tsv' | 'xlsx' | 'xls' | 'ods';
  encoding?: string;
  encodingSource?: string;
  sheet?: string;
}
export interface ImportReport {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  rows: number;
  source: ImportSource;
  results: RowResult[];
  warnings: ProblemDetail[];
}

/** The report of one import, filled row by row. */
export function newReport(dryRun: boolean, rows: number, source: ImportSource): ImportReport & { add(row: number, outcome: Outcome, id: string, code: string | null): void } {
  const report = {
    dryRun,
    created: 0,
    updated: 0,
    unchanged: 0,
    rows,
    source,
    results: [] as RowResult[],
    warnings: [] as ProblemDetail[],
    add(row: number, outcome: Outcome, id: string, code: string | null) {
      report[outcome]++;
      report.results.push({ row, outcome, id, code });
    },
  };
  Object.defineProperty(report, 'add', { enumerable: false });
  return report;
}

const DRY_RUN = Symbol('dry run');

/**
 * One import's writes, all or nothing: `write` runs in one transaction of `db`; if any row failed the whole import is
 * refused (422 with every row error) and nothing stays written; a dry run rolls back after a complete pass.
 */
export function writeImport<Tx>(db: { transaction<R>(fn: (tx: Tx) => R): R }, errors: RowErrors, rows: number, dryRun: boolean | undefined, write: (tx: Tx) => void): void {
  try {
    db.transaction((tx) => {
      write(tx);
      errors.throwIfAny(rows);
      if (dryRun) throw DRY_RUN;
    });
  } catch (err) {
    if (err !== DRY_RUN) throw err;
  }
}

/** A service's refusal of one row → that row's error, its first pointer named by `at` (a sheet's column); anything else is rethrown. */
export function addServiceError(errors: RowErrors, row: number, err: unknown, at: (pointer: string) => string = (p) => p): void {
  if (!(err instanceof AppError)) throw err;
  const first = err.errors?.[0];
  errors.add(row, first?.pointer ? at(first.pointer) : '/', rowCodeOf(err), first?.detail ?? err.message);
}
