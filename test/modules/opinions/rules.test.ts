// The working-day calendar as shipped, and the deadline arithmetic on it (National Day 2026 and its 调休 Saturday).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  addWorkingDays, calendarOf, expandYear, isOverdue, isWorkingDay, nextStatus, proofOfWorkValid, stepDueOn, textKey, workingDaysBetween,
} from '../../../src/modules/opinions/rules.js';
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

describe('a year in the shipped compact form', () => {
  // 法定节假日 ranges and 调休上班 days, listed out of order: one list of days, by date.
  const y = { holidays: [['2026-10-01', '2026-10-03', '国庆节'], ['2026-09-25', '2026-09-25', '中秋节']] as [string, string, string][], workdays: [['2026-09-20', '国庆节调休']] as [string, string][] };

  test('when it is expanded, then every holiday day and workday is listed once, in date order, with its name', () => {
    expect(expandYear(y)).toEqual([
      { date: '2026-09-20', kind: 'workday', name: '国庆节调休' },
      { date: '2026-09-25', kind: 'holiday', name: '中秋节' },
      { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
      { date: '2026-10-02', kind: 'holiday', name: '国庆节' },
      { date: '2026-10-03', kind: 'holiday', name: '国庆节' },
    ]);
  });

  test('when it becomes a calendar, then holidays and workdays are kept apart', () => {
    const c = calendarOf(expandYear(y));
    expect([...c.holidays]).toEqual(['2026-09-25', '2026-10-01', '2026-10-02', '2026-10-03']);
    expect([...c.workdays]).toEqual(['2026-09-20']);
  });

  // A working day: a listed 调休 workday, or a Monday–Friday that is not a listed holiday.
  const small = calendarOf(expandYear(y));
  test.each<[string, boolean]>([
    ['2026-09-19', false], // Saturday
    ['2026-09-20', true], // Sunday, 调休上班
    ['2026-09-21', true], // Monday
    ['2026-09-25', false], // Friday, 中秋节
    ['2026-09-26', false], // Saturday
    ['2026-09-27', false], // Sunday
    ['2026-10-02', false], // Friday, 国庆节
  ])('when %s is checked, then it is a working day: %s', (date, working) => expect(isWorkingDay(date, small)).toBe(working));
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
    expect(workingDaysBetween('2026-11-30', '2026-11-30', cal)).toBe(0);
    expect(workingDaysBetween('2026-11-27', '2026-11-30', cal)).toBe(1); // Friday → Monday: the weekend does not count
    expect(workingDaysBetween('2026-11-26', '2026-11-27', cal)).toBe(1);
  });
});

describe('the work order', () => {
  test.each([
    ['received', 'route', 'routed'], ['routed', 'accept', 'handling'], ['routed', 'return', 'returned'], ['returned', 'route', 'routed'],
    ['handling', 'answer', 'answered'], ['answered', 'reopen', 'handling'], ['answered', 'close', 'closed'],
    ['routed', 'route', 'routed'], // 改派 before the unit signed for it
    ['received', 'accept', undefined], ['handling', 'close', undefined], ['closed', 'route', undefined], ['returned', 'accept', undefined],
    ['handling', 'route', undefined], ['handling', 'return', undefined], ['handling', 'reopen', undefined], ['routed', 'answer', undefined],
    ['closed', 'reopen', undefined], ['received', 'close', undefined],
  ] as const)('when %s gets %s, then it becomes %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  // What is due at the current step: 派单 by the office (received, or returned after 退单), 签收 by the unit, then 办理 to the deadline.
  const steps = { routeDueOn: '2026-12-01', acceptDueOn: '2026-12-02', deadline: '2026-12-10' };
  test.each<[string, string | null]>([
    ['received', '2026-12-01'],
    ['returned', '2026-12-01'],
    ['routed', '2026-12-02'],
    ['handling', '2026-12-10'],
    ['answered', null],
    ['closed', null],
  ])('when the opinion is %s, then the step is due on %s', (status, due) => expect(stepDueOn({ status, ...steps })).toBe(due));

  // 逾期: the end of the step's due day has passed.
  test.each<[string, string, boolean]>([
    ['received', '2026-12-01', false],
    ['received', '2026-12-02', true],
    ['routed', '2026-12-02', false],
    ['routed', '2026-12-03', true],
    ['handling', '2026-12-10', false],
    ['handling', '2026-12-11', true],
    ['answered', '2027-01-01', false],
  ])('when the opinion is %s on %s, then it is overdue: %s', (status, today, overdue) => expect(isOverdue({ status, ...steps }, today)).toBe(overdue));

  test('when texts differ only in spacing or full-width characters, then they are the same for duplicate detection', () => {
    expect(textKey('办事 拖拉，ABC')).toBe(textKey('办事拖拉,ａｂｃ'));
    expect(textKey('办事拖拉')).not.toBe(textKey('办事不拖拉'));
  });

  test('when a text is keyed, then the key is the SHA-256 of its NFKC, whitespace-free, lower-case form', () => {
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    expect(textKey(' 办事\t拖拉\n ABC ')).toBe(sha('办事拖拉abc'));
    expect(textKey('ＡＢＣ，')).toBe(sha('abc,'));
  });

  test('when a proof of work is checked, then only a nonce reaching the bits passes', () => {
    let nonce = 0;
    while (!proofOfWorkValid(String(nonce), 't', '2026-11-30', 8)) nonce++;
    expect(proofOfWorkValid(String(nonce), 't', '2026-11-30', 8)).toBe(true);
    expect(proofOfWorkValid(String(nonce), 't', '2026-12-01', 8) && proofOfWorkValid(String(nonce), 'u', '2026-11-30', 8)).toBe(false);
    expect(proofOfWorkValid('x', 't', '2026-11-30', 0)).toBe(true);
  });

  test('when any bit count is asked, then a nonce passes exactly when the digest starts with that many zero bits', () => {
    const leadingZeroBits = (nonce: string): number => {
      const digest = createHash('sha256').update(`2026-11-30:${textKey('t')}:${nonce}`).digest();
      let n = 0;
      for (const byte of digest) {
        n += Math.clz32(byte) - 24;
        if (byte !== 0) break;
      }
      return n;
    };
    // A nonce for each count of leading zero bits from 0 to 10 (found by the test's own count), then every bit count checked on it.
    const nonceWith = new Map<number, string>();
    for (let i = 0; nonceWith.size < 11 && i < 50_000; i++) {
      const zeros = leadingZeroBits(String(i));
      if (zeros <= 10 && !nonceWith.has(zeros)) nonceWith.set(zeros, String(i));
    }
    expect(nonceWith.size).toBe(11);
    for (const [zeros, nonce] of nonceWith) {
      for (const bits of [-1, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 16]) expect([zeros, bits, proofOfWorkValid(nonce, 't', '2026-11-30', bits)]).toEqual([zeros, bits, zeros >= bits]);
    }
  });
});
