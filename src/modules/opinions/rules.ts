// Pure rules of the opinion work order (12345-style: 受理 → 派单 → 签收/退单 → 办理 → 答复 → 回访/评价 → 办结), the
// working-day calendar (法定节假日, 调休) deadlines count on, the proof-of-work check and duplicate detection keys.
import { createHash } from 'node:crypto';
import { addDays } from '../../lib/dates.js';

export type OpinionStatus = 'received' | 'routed' | 'returned' | 'handling' | 'answered' | 'closed';
export type OpinionAction = 'route' | 'accept' | 'return' | 'answer' | 'reopen' | 'close';
export type OpinionKind = 'suggestion' | 'complaint' | 'consultation' | 'praise';

/** Which action moves which state where; anything else is 409 INVALID_STATE_TRANSITION. */
const TRANSITIONS: Record<OpinionAction, Partial<Record<OpinionStatus, OpinionStatus>>> = {
  // 派单, and 改派 after a 退单 (or before the unit signed for it).
  route: { received: 'routed', returned: 'routed', routed: 'routed' },
  accept: { routed: 'handling' }, // 签收
  return: { routed: 'returned' }, // 退单
  answer: { handling: 'answered' }, // 答复
  reopen: { answered: 'handling' }, // 不满意 → 重办 (once)
  close: { answered: 'closed' }, // 办结
};

export function nextStatus(from: OpinionStatus, action: OpinionAction): OpinionStatus | undefined {
  return TRANSITIONS[action][from];
}

/** A calendar as sets of dates: holidays (休, on any weekday) and adjusted working days (调休上班, on a weekend). */
export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export type CalendarDay = { date: string; kind: 'holiday' | 'workday'; name: string };

/** The shipped file's compact form ([from, to, name] ranges and [date, name] workdays) as one list of days. */
export function expandYear(y: { holidays: [string, string, string][]; workdays: [string, string][] }): CalendarDay[] {
  const out: CalendarDay[] = [];
  for (const [from, to, name] of y.holidays) for (let d = from; d <= to; d = addDays(d, 1)) out.push({ date: d, kind: 'holiday', name });
  for (const [date, name] of y.workdays) out.push({ date, kind: 'workday', name });
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function calendarOf(days: readonly CalendarDay[]): WorkCalendar {
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.date)),
  };
}

/** A working day: a listed 调休 workday, or a Monday–Friday that is not a listed holiday. */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The n-th working day after `from` (the day itself does not count, as in 12345 practice: 当日不计入). */
export function addWorkingDays(from: string, n: number, cal: WorkCalendar): string {
  let d = from;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, cal)) left--;
  }
  return d;
}

/** Working days from `from` (exclusive) to `to` (inclusive); 0 when to <= from. The backlog's ages. */
export function workingDaysBetween(from: string, to: string, cal: WorkCalendar): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, cal)) n++;
  return n;
}

type Steps = { status: string; routeDueOn: string | null; acceptDueOn: string | null; deadline: string | null };

/** What is due at the opinion's current step: 派单 by the office, 签收 or 办理 by the unit; null once answered. */
export function stepDueOn(o: Steps): string | null {
  if (o.status === 'received' || o.status === 'returned') return o.routeDueOn;
  if (o.status === 'routed') return o.acceptDueOn;
  if (o.status === 'handling') return o.deadline;
  return null;
}

/** Overdue (逾期): the end of the current step's due day (Asia/Shanghai) has passed. */
export function isOverdue(o: Steps, today: string): boolean {
  const due = stepDueOn(o);
  return due !== null && due < today;
}

/** The same text, whatever its spacing and punctuation width: what 重复诉求并单 compares. */
export function textKey(text: string): string {
  const normalized = text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return createHash('sha256').update(normalized).digest('hex');
}

/**
 * Proof of work for portals (hashcash-like): SHA-256 of `${today}:${textKey(text)}:${nonce}` (today in Asia/Shanghai)
 * must start with `bits` zero bits. A browser finds a nonce for 16 bits in well under a second; a flood pays per post.
 */
export function proofOfWorkValid(nonce: string, text: string, today: string, bits: number): boolean {
  if (bits <= 0) return true;
  const digest = createHash('sha256').update(`${today}:${textKey(text)}:${nonce}`).digest();
  let left = bits;
  for (const byte of digest) {
    if (left <= 0) return true;
    if (left >= 8) {
      if (byte !== 0) return false;
      left -= 8;
    } else {
      return byte >> (8 - left) === 0;
    }
  }
  return true;
}
