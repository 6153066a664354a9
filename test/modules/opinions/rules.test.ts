// The working-day calendar as shipped, and the deadline arithmetic on it (National Day 2026 and its 调休 Saturday).
import { readFileSync } from 'node:fs';
import { addWorkingDays, calendarOf, expandYear, isWorkingDay, nextStatus, proofOfWorkValid, textKey, workingDaysBetween } from '../../../src/modules/opinions/rules.js';
import { shippedYears, WORK_CALENDAR_FILE } from '../../../src/modules/opinions/calendar.js';

const cal = calendarOf(Object.values(shippedYears()).flatMap((y) => expandYear(y)));

describe('the shipped holiday schedule', () => {
  test('when 2026 is read, then it is the State Council notice: National Day Oct 1–7 off, Sep 20 (Sun) and Oct 10 (Sat) worked', () => {
    const y2026 = expandYear(shippedYears()['2026']);
    const off = y2026.filter((d) => d.kind === 'holiday').map((d) => d.date);
    for (let d = 1; d <= 7; d++) expect(off).toContain(`2026-10-0${d}`);
    expect(off).not.toContain('2026-10-08');
    expect(y2026.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    // Spring Festival 2026: Feb 15–23 (9 days).
    expect(off.filter((d) => d >= '2026-02-15' && d <= '2026-02-23')).toHaveLength(9);
    expect(off).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
  });

  test('when 2025 is read, then National Day and Mid-Autumn run Oct 1–8 with Sep 28 and Oct 11 worked', () => {
    expect(isWorkingDay('2025-10-08', cal)).toBe(false);
    expect(isWorkingDay('2025-09-28', cal)).toBe(true);
    expect(isWorkingDay('2025-10-11', cal)).toBe(true);
    expect(isWorkingDay('2025-10-09', cal)).toBe(true);
  });

  test('when any year is read, then every listed date is a real date of that year, holidays do not overlap workdays, and workdays fall on weekends', () => {
    const raw = JSON.parse(readFileSync(WORK_CALENDAR_FILE, 'utf8')).years as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual(['2025', '2026', '2027']);
    for (const [year, y] of Object.entries(shippedYears())) {
      const days = expandYear(y);
      const dates = days.map((d) => d.date);
      expect(new Set(dates).size).toBe(dates.length);
      for (const d of days) {
        expect(d.date.startsWith(`${year}-`)).toBe(true);
        if (d.kind === 'workday') expect([0, 6]).toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
      }
    }
  });
});

describe('working days', () => {
  test.each([
    // from, n, expected: across National Day 2026 (Oct 1–7 off) and its 调休 Saturday Oct 10
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-09-30', 3, '2026-10-10'],
    ['2026-09-30', 13, '2026-10-23'],
    ['2026-09-18', 1, '2026-09-20'], // Friday → the 调休 Sunday Sep 20
    ['2026-09-24', 1, '2026-09-28'], // Mid-Autumn Sep 25–27 off
    ['2026-11-27', 1, '2026-11-30'], // an ordinary weekend
    ['2026-11-30', 0, '2026-11-30'],
  ])('when %s plus %i working days is counted, then it is %s', (from, n, expected) => {
    expect(addWorkingDays(from, n, cal)).toBe(expected);
  });

  test('when the days between two dates are counted, then holidays are skipped and the 调休 Saturday counts', () => {
    expect(workingDaysBetween('2026-09-30', '2026-10-10', cal)).toBe(3);
    expect(workingDaysBetween('2026-10-10', '2026-09-30', cal)).toBe(0);
  });
});

describe('the work order', () => {
  test.each([
    ['received', 'route', 'routed'], ['routed', 'accept', 'handling'], ['routed', 'return', 'returned'], ['returned', 'route', 'routed'],
    ['handling', 'answer', 'answered'], ['answered', 'reopen', 'handling'], ['answered', 'close', 'closed'],
    ['received', 'accept', undefined], ['handling', 'close', undefined], ['closed', 'route', undefined], ['returned', 'accept', undefined],
  ] as const)('when %s gets %s, then it becomes %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  test('when texts differ only in spacing or full-width characters, then they are the same for duplicate detection', () => {
    expect(textKey('办事 拖拉，ABC')).toBe(textKey('办事拖拉,ａｂｃ'));
    expect(textKey('办事拖拉')).not.toBe(textKey('办事不拖拉'));
  });

  test('when a proof of work is checked, then only a nonce reaching the bits passes', () => {
    let nonce = 0;
    while (!proofOfWorkValid(String(nonce), 't', '2026-11-30', 8)) nonce++;
    expect(proofOfWorkValid(String(nonce), 't', '2026-11-30', 8)).toBe(true);
    expect(proofOfWorkValid(String(nonce), 't', '2026-12-01', 8) && proofOfWorkValid(String(nonce), 'u', '2026-11-30', 8)).toBe(false);
    expect(proofOfWorkValid('x', 't', '2026-11-30', 0)).toBe(true);
  });
});
