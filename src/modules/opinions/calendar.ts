// The working-day calendar: the shipped schedule per year (src/seed/work-calendar.json), replaced year by year by what
// the office stores through PUT /v1/work-calendar/{year}. Deadlines (签收, 办理时限, extensions) count on it.
import { readFileSync } from 'node:fs';
import type { Deps } from '../../deps.js';
import { type Actor, requireRole } from '../../http/auth.js';
import { AppError, fieldError } from '../../http/errors.js';
import { preconditionFailed } from '../../http/conditional.js';
import { isValidDate } from '../../lib/dates.js';
import { projectPath } from '../../lib/paths.js';
import { calendarOf, expandYear, type CalendarDay, type WorkCalendar } from './rules.js';
import { createOpinionRepository } from './repository.js';
import { CALENDAR_ENTITY } from './events.js';

interface ShippedYear { source: string; provisional: boolean; holidays: [string, string, string][]; workdays: [string, string][] }
export const WORK_CALENDAR_FILE = projectPath('src/seed/work-calendar.json');
let shipped: Record<string, ShippedYear> | undefined;
export function shippedYears(): Record<string, ShippedYear> {
  shipped ??= (JSON.parse(readFileSync(WORK_CALENDAR_FILE, 'utf8')) as { years: Record<string, ShippedYear> }).years;
  return shipped;
}

export function createCalendarService(deps: Deps) {
  const repo = createOpinionRepository(deps.db);

  function year(y: number) {
    const stored = repo.calendarYear(y);
    if (stored) return { year: y, source: stored.source, provisional: false, edited: true, days: stored.days as CalendarDay[], version: stored.version };
    const s = shippedYears()[String(y)];
    return { year: y, source: s?.source ?? null, provisional: s ? s.provisional : true, edited: false, days: s ? expandYear(s) : [], version: 0 };
  }

  return {
    year,
    /** The calendar covering every year a deadline may touch (read fresh: the office may have edited a year). */
    calendar(): WorkCalendar {
      const days: CalendarDay[] = [];
      const years = new Set([...Object.keys(shippedYears()).map(Number), ...repo.calendarYears().map((r) => r.year)]);
      for (const y of years) days.push(...year(y).days);
      return calendarOf(days);
    },
    put(actor: Actor, y: number, version: number | undefined, input: { source?: string; days: CalendarDay[] }) {
      requireRole(actor);
      const seen = new Set<string>();
      input.days.forEach((d, i) => {
        if (!isValidDate(d.date) || !d.date.startsWith(`${y}-`)) throw fieldError(`/days/${i}/date`, `${d.date} is not a date of ${y}`);
        if (seen.has(d.date)) throw fieldError(`/days/${i}/date`, `${d.date} is listed twice`);
        seen.add(d.date);
      });
      const days = [...input.days].sort((a, b) => (a.date < b.date ? -1 : 1));
      return deps.db.transaction((tx) => {
        const before = year(y);
        if (before.edited && version === undefined) throw new AppError('PRECONDITION_REQUIRED', 'Send If-Match with the ETag of the year you last read');
        if (version !== undefined && version !== before.version) throw preconditionFailed(before.version);
        const row = repo.putCalendarYear(tx, y, before.edited ? before.version : undefined, days, input.source ?? null, deps.clock.now().toISOString());
        if (!row) throw preconditionFailed(before.version);
        const after = year(y);
        deps.audit.record(actor, { entity: CALENDAR_ENTITY, entityId: String(y), action: 'replace', before, after, unitId: actor.unitId });
        return after;
      });
    },
  };
}
