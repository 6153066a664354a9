// Calendar dates and instants (API.md 3): a date is YYYY-MM-DD in Asia/Shanghai (UTC+8, no DST since 1991).
import { Type } from 'typebox';
import { Format } from 'typebox/format';

/** Dates outside these years are typing errors (0000-01-01), never a campaign's, a document's or a deadline's. */
export const MIN_DATE_YEAR = 1900;
export const MAX_DATE_YEAR = 2100;
export const DATE_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * True when `s` is a real calendar date (2027-02-29 is not) in the years 1900–2100. The round trip through
 * toISOString is the whole shape check: only a string that is exactly YYYY-MM-DD comes back equal to itself.
 */
export function isValidDate(s: string): boolean {
  const year = Number(s.slice(0, 4));
  if (year < MIN_DATE_YEAR || year > MAX_DATE_YEAR) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * The one schema of a calendar date, wherever a date is accepted (bodies, queries, import rows). Its format `date` is
 * isValidDate both in Ajv (http/validation.ts) and in TypeBox's compiled checks (set here, used by the imports).
 */
export const dateSchema = (description: string) => Type.String({ format: 'date', minLength: 10, maxLength: 10, description });
Format.Set('date', isValidDate);

// The last answer of todayInShanghai and the second it was for: a day starts on a whole second (16:00:00.000Z), so
// every instant of one second has the same date, and the per-request callers format at most once a second (issue 13).
let memoSecond = Number.NaN;
// Stryker disable next-line StringLiteral: equivalent (memoSecond starts as NaN, so the first answer is never the initial memoDate)
let memoDate = '';

/** Today's date in Asia/Shanghai. */
export function todayInShanghai(now: Date): string {
  const ms = now.getTime();
  // Stryker disable next-line ArithmeticOperator: equivalent (a memo keyed by the millisecond gives the same dates, only computed more often)
  const second = Math.floor(ms / 1000);
  // Stryker disable next-line ConditionalExpression: equivalent (without the memo each call computes the same date)
  if (second === memoSecond) return memoDate;
  const date = new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
  memoSecond = second;
  memoDate = date;
  return date;
}

/** The first instant after the deadline day has ended in Asia/Shanghai (a deadline is the end of that day). */
export function deadlineEndsAt(date: string): Date {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + 24 * 60 * 60 * 1000 - SHANGHAI_OFFSET_MS);
}

/** Overdue: the deadline day has fully passed in Asia/Shanghai. Equivalent to deadline < today (Shanghai). */
export function isPastDeadline(deadline: string, now: Date): boolean {
  return deadline < todayInShanghai(now);
}

/** The last day of a month (1-12) of a year, leap years included. */
export function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** RFC 3339 UTC instant with millisecond precision, always ending in Z. */
export function isoNow(now: Date): string {
  return now.toISOString();
}
