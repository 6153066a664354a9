// The look-ups integrators need on every registry list (issue 12.14): `code` and `externalId` (exact, the natural
// keys) and `updatedSince` (RFC 3339) for incremental sync. One schema and one SQL builder for every list; the
// services bind page tokens to these filters like to any other.
import { Type } from 'typebox';
import { gte, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { AppError } from './errors.js';
import { Text } from './text-schema.js';

export const codeFilter = (what: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description: `Only the ${what} with this code (exact).` }));
export const externalIdFilter = (what: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description: `Only the ${what} with this externalId (exact).` }));
/** The externalId field of a registry record: its id in another system, a second natural key (unique when set). */
export const externalIdSchema = (what: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[\\x21-\\x7e]+$', description: `The ${what}’s id in another system (an agency’s or a platform’s), unique: a natural key for imports and look-ups.` });
/** externalId in a response: the id, or null. */
export const externalIdOut = (what: string) => Type.Union([externalIdSchema(what), Type.Null()], { description: `The ${what}’s id in another system, or null.` });
/** externalId in a PATCH: a new id, or null to clear it. */
export const externalIdPatch = (what: string) => Type.Optional(Type.Union([externalIdSchema(what), Type.Null()], { description: `The ${what}’s id in another system; null clears it.` }));

/** The 409 ALREADY_EXISTS of an externalId another record of the register holds (unique, like a code). */
export function externalIdTaken(noun: string, value: string, holderId: string): AppError {
  return new AppError('ALREADY_EXISTS', `Another ${noun} (${holderId}) already has externalId ${value}`, { extra: { resourceId: holderId } });
}

export const updatedSinceFilter = (what: string) =>
  Type.Optional(
    Type.String({
      format: 'date-time',
      maxLength: 35,
      description: `Only ${what} changed at or after this instant (RFC 3339 with an offset, e.g. 2027-03-01T08:00:00+08:00): store the time you started a sync and pass it next time.`,
    }),
  );

export interface RegistryFilter {
  code?: string;
  externalId?: string;
  updatedSince?: string;
}

/** `updatedSince` as the service stores instants (UTC, milliseconds), so it compares as text with updated_at. */
export const normalizeInstant = (value: string | undefined): string | undefined => (value === undefined ? undefined : new Date(value).toISOString());

/** The filters' page-token binding: the normalised instant, so 08:00+08:00 and 00:00Z are one filter. */
export const registryBinding = (f: RegistryFilter) => ({ code: f.code, externalId: f.externalId, updatedSince: normalizeInstant(f.updatedSince) });

export function registryConditions(cols: { code?: SQLiteColumn; externalId?: SQLiteColumn; updatedAt: SQLiteColumn }, f: RegistryFilter): SQL[] {
  const out: SQL[] = [];
  if (f.code !== undefined && cols.code) out.push(eq(cols.code, f.code));
  if (f.externalId !== undefined && cols.externalId) out.push(eq(cols.externalId, f.externalId));
  if (f.updatedSince !== undefined) out.push(gte(cols.updatedAt, normalizeInstant(f.updatedSince)!));
  return out;
}

/** A column SQLite may not use as an index (unary +): the list then searches its filter's index and sorts the matches. */
export const unindexed = (col: SQLiteColumn): SQL => sql`+${col}`;

/**
 * The sort key of a registry list: when a registry filter (code, updatedSince, q) narrows it, the key is unindexed,
 * so SQLite searches the filter's index (code, updated_at, the trigram table) and sorts the few matches instead of
 * walking the whole id or code index in order and testing every row (the plan check of issue 17).
 */
export const registrySortKey = (col: SQLiteColumn, f: RegistryFilter & { q?: string }): SQLiteColumn | SQL =>
  f.code !== undefined || f.externalId !== undefined || f.updatedSince !== undefined || f.q !== undefined ? unindexed(col) : col;

/**
 * An FTS5 phrase query for `q` and a LIKE pattern for text too short for trigrams. The phrase: the text quoted, inner
 * quotes doubled; NUL dropped (FTS5 reads the query as a C string, so a NUL
 * would end it inside the quotes: "unterminated string"). The HTTP layer refuses NUL already (lib/text.ts).
 */
export const ftsPhrase = (q: string) => `"${q.replace(/\u0000/g, '').replace(/"/g, '""')}"`;
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const nameSearchFilter = (what: string) =>
  Type.Optional(
    Text({
      minLength: 1,
      maxLength: 50,
      description: `${what} whose name contains this text (Chinese included): 3 or more characters use the trigram index; 1–2 characters fall back to a substring scan (combine with other filters).`,
    }),
  );

/**
 * `q` over a name column: the trigram index `<fts>` (keyed through `<fts>_keys`, src/db/sql/080_approval_fee_fts.sql)
 * for 3 or more characters, a LIKE scan below that.
 */
export function nameSearchCondition(fts: 'approval_items_fts' | 'fee_items_fts', idCol: SQLiteColumn, nameCol: SQLiteColumn, q: string): SQL {
  if ([...q].length >= 3) {
    const t = sql.raw(fts);
    const keys = sql.raw(`${fts}_keys`);
    return sql`${idCol} IN (SELECT item_id FROM ${keys} WHERE fts_rowid IN (SELECT rowid FROM ${t} WHERE ${t} MATCH ${ftsPhrase(q)}))`;
  }
  return sql`${nameCol} LIKE ${likePattern(q)} ESCAPE '\\'`;
}
