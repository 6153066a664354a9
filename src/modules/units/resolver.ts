// The one way every import names an agency (issue 21.6): a cell or a row field → a unit id, or a row error.
import type Database from 'better-sqlite3';
import { isUuid, unitRefKey } from '../../lib/ids.js';
import type { ImportErrorCode, RowErrors } from '../../http/tabular/errors.js';

/** What the resolver knows of a unit. */
export interface UnitKeys {
  id: string;
  externalId: string | null;
  divisionCode: string;
  creditCode: string | null;
  name: string;
  shortName: string | null;
  parentId: string | null;
}

/**
 * The kinds of reference, in the order they are tried: the first kind under which the reference names any unit
 * decides, so a unit's externalId is never shadowed by another unit's name. Within that kind, one unit is the answer
 * and more than one is AMBIGUOUS_UNIT. A division code (GB/T 2260) names the unit that heads that division — whose
 * parent is in another division or which has none (自治区 for 450000, not its departments, which share the code).
 */
export const UNIT_REF_KINDS = ['id', 'externalId', 'divisionCode', 'creditCode', 'name', 'shortName'] as const;
export type UnitRefKind = (typeof UNIT_REF_KINDS)[number];
const KIND_WORDS: Record<UnitRefKind, string> = { id: 'id', externalId: 'externalId', divisionCode: 'division code', creditCode: 'credit code', name: 'name', shortName: 'short name' };
/** The kinds in words and in order, for row errors: "id, externalId, …, name or short name". */
export const UNIT_REF_ORDER = `${UNIT_REF_KINDS.slice(0, -1).map((k) => KIND_WORDS[k]).join(', ')} or ${KIND_WORDS[UNIT_REF_KINDS[UNIT_REF_KINDS.length - 1]]}`;

/**
 * The form in which a reference and a unit's keys are compared: NFKC (full-width letters, digits, brackets and the
 * ideographic space as typed on a Chinese IME fold to their ASCII forms), every whitespace removed, an id lower-cased.
 */
export function unitMatchKey(ref: string): string {
  return unitRefKey(ref.normalize('NFKC').replace(/\s+/g, ''));
}

export type UnitMatch = { id: string } | { code: Extract<ImportErrorCode, 'UNKNOWN_UNIT' | 'AMBIGUOUS_UNIT'>; detail: string };

export interface UnitResolver {
  /** The unit a reference names (see UNIT_REF_KINDS), or why none. */
  resolve(ref: string): UnitMatch;
  /** `resolve`, the refusal added as the row's error at `pointer`; the id, or undefined. */
  resolveInto(errors: RowErrors, row: number, pointer: string, ref: string): string | undefined;
  /** Whether a unit has this id (as stored: lower-case). */
  has(id: string): boolean;
  /** The full name of a unit (exports), or the id when it is not known. */
  name(id: string): string;
}

/** The index of `all` under every kind of reference, built once per import (a few hundred units: a map each). */
export function unitResolver(all: readonly UnitKeys[]): UnitResolver {
  const byId = new Map(all.map((u) => [u.id, u]));
  const index = new Map<UnitRefKind, Map<string, UnitKeys[]>>(UNIT_REF_KINDS.map((k) => [k, new Map()]));
  const put = (kind: UnitRefKind, key: string | null, u: UnitKeys) => {
    if (!key) return;
    const k = unitMatchKey(key);
    const map = index.get(kind)!;
    const list = map.get(k);
    if (!list) map.set(k, [u]);
    else if (!list.includes(u)) list.push(u);
  };
  for (const u of all) {
    put('id', u.id, u);
    put('externalId', u.externalId, u);
    const parent = u.parentId ? byId.get(u.parentId) : undefined;
    if (!parent || parent.divisionCode !== u.divisionCode) put('divisionCode', u.divisionCode, u);
    put('creditCode', u.creditCode, u);
    put('name', u.name, u);
    put('shortName', u.shortName, u);
  }
  // Imports repeat a few agencies over many rows: each distinct cell is resolved once.
  const seen = new Map<string, UnitMatch>();
  const lookUp = (ref: string): UnitMatch => {
    const key = unitMatchKey(ref);
    if (!key) return { code: 'UNKNOWN_UNIT', detail: 'no agency named: the reference is empty' };
    for (const kind of UNIT_REF_KINDS) {
      const hits = index.get(kind)!.get(key);
      if (!hits) continue;
      if (hits.length === 1) return { id: hits[0].id };
      const candidates = hits.map((u) => `${u.name} (${u.externalId ?? u.id})`).join('、');
      return { code: 'AMBIGUOUS_UNIT', detail: `"${ref}" is the ${KIND_WORDS[kind]} of ${hits.length} agencies: ${candidates}; name one by its id, externalId or credit code` };
    }
    // An id that names no unit reads as in every body (src/http/references.ts).
    if (isUuid(key)) return { code: 'UNKNOWN_UNIT', detail: `unit ${key} does not exist` };
    return { code: 'UNKNOWN_UNIT', detail: `no agency has "${ref}" as its ${UNIT_REF_ORDER}` };
  };
  const resolve = (ref: string): UnitMatch => {
    let m = seen.get(ref);
    if (!m) seen.set(ref, (m = lookUp(ref)));
    return m;
  };
  return {
    resolve,
    resolveInto(errors, row, pointer, ref) {
      const m = resolve(ref);
      if ('id' in m) return m.id;
      errors.add(row, pointer, m.code, m.detail);
      return undefined;
    },
    has: (id) => byId.has(id),
    name: (id) => byId.get(id)?.name ?? id,
  };
}

const statements = new WeakMap<Database.Database, Database.Statement>();

/**
 * The resolver over the units as they are now: one prepared statement per database (prepared on first use, then
 * reused by every import), run once per import, never per row.
 */
export function loadUnitResolver(sqlite: Database.Database): UnitResolver {
  let all = statements.get(sqlite);
  if (!all) {
    all = sqlite.prepare('SELECT id, external_id AS externalId, division_code AS divisionCode, credit_code AS creditCode, name, short_name AS shortName, parent_id AS parentId FROM units');
    statements.set(sqlite, all);
  }
  return unitResolver(all.all() as UnitKeys[]);
}
