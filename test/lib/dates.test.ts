import { Value } from 'typebox/value';
import { addDays, dateSchema, isoNow, isPastDeadline, isValidDate, lastDayOfMonth, todayInShanghai, deadlineEndsAt } from '../../src/lib/dates.js';

describe('dates in Asia/Shanghai', () => {
  test('when the deadline day has not ended in Shanghai, then it is not past; one second later it is', () => {
    expect(isPastDeadline('2027-06-30', new Date('2027-06-30T15:59:59Z'))).toBe(false);
    expect(isPastDeadline('2027-06-30', new Date('2027-06-30T16:00:00Z'))).toBe(true);
    expect(deadlineEndsAt('2027-06-30').toISOString()).toBe('2027-06-30T16:00:00.000Z');
  });
  test('when it is 23:30 UTC, then today in Shanghai is the next day', () => {
    expect(todayInShanghai(new Date('2027-01-01T23:30:00Z'))).toBe('2027-01-02');
  });
  test('when February ends, then leap years are respected', () => {
    expect(lastDayOfMonth(2028, 2)).toBe('2028-02-29');
    expect(lastDayOfMonth(2027, 2)).toBe('2027-02-28');
  });
  test('when a date does not exist, then it is invalid', () => {
    expect(isValidDate('2027-02-29')).toBe(false);
    expect(isValidDate('2028-02-29')).toBe(true);
  });
});

describe('date helpers (issue 17)', () => {
  test.each([['2027-1-01'], ['x2027-01-01'], ['2027-01-01x'], ['2027-01-01T00:00:00Z'], ['']])('when %j is not YYYY-MM-DD, then it is invalid', (s) => {
    expect(isValidDate(s)).toBe(false);
  });
  test('when days are added, then months and years roll over in UTC dates', () => {
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(addDays('2027-03-10', 0)).toBe('2027-03-10');
  });
  test('when an instant is written, then it is RFC 3339 UTC with milliseconds', () => {
    expect(isoNow(new Date('2027-03-01T02:00:00+08:00'))).toBe('2027-02-28T18:00:00.000Z');
  });
  test('when it is 15:59:59.999Z, then today in Shanghai is still that day', () => {
    expect(todayInShanghai(new Date('2027-06-30T15:59:59.999Z'))).toBe('2027-06-30');
    expect(todayInShanghai(new Date('2027-06-30T16:00:00.000Z'))).toBe('2027-07-01');
  });
});

describe('the years a date may be in (issue 17)', () => {
  // "Dates outside these years are typing errors (0000-01-01), never a campaign's, a document's or a deadline's."
  test.each<[string, boolean]>([
    ['1899-12-31', false],
    ['1900-01-01', true],
    ['2100-12-31', true],
    ['2101-01-01', false],
    ['0000-01-01', false],
    ['9999-12-31', false],
  ])('when the date is %s, then valid is %s', (s, valid) => {
    expect(isValidDate(s)).toBe(valid);
  });

  test('when a body, query or import row carries a date, then its schema refuses a day that does not exist and keeps its description', () => {
    const schema = dateSchema('the deadline (整改时限)');
    expect(Value.Check(schema, '2028-02-29')).toBe(true);
    expect(Value.Check(schema, '2027-02-29')).toBe(false);
    expect(Value.Check(schema, '2101-01-01')).toBe(false);
    expect(schema).toMatchObject({ type: 'string', format: 'date', minLength: 10, maxLength: 10, description: 'the deadline (整改时限)' });
  });
});

describe('todayInShanghai remembers its last second (issue 13)', () => {
  // Each row is read in this order, right after the previous one: the memo of one second must never answer for another.
  const table: Array<[string, string]> = [
    ['2027-06-30T16:00:00.000Z', '2027-07-01'],
    ['2027-06-30T15:59:59.999Z', '2027-06-30'],
    ['2027-06-30T15:59:59.000Z', '2027-06-30'],
    ['2027-06-30T16:00:00.999Z', '2027-07-01'],
    ['2027-06-30T16:00:00.500Z', '2027-07-01'],
    ['2027-06-30T15:59:59.500Z', '2027-06-30'],
    ['2027-12-31T16:00:00.000Z', '2028-01-01'],
    ['2027-12-31T15:59:59.999Z', '2027-12-31'],
    ['2028-02-28T16:00:00.000Z', '2028-02-29'],
    ['1969-12-31T15:59:59.999Z', '1969-12-31'],
    ['1969-12-31T16:00:00.000Z', '1970-01-01'],
    ['1970-01-01T00:00:00.000Z', '1970-01-01'],
    ['1969-12-31T15:59:59.999Z', '1969-12-31'],
  ];
  test('when instants alternate around midnight in Shanghai, then every answer is that instant’s date', () => {
    expect(table.map(([at]) => todayInShanghai(new Date(at)))).toEqual(table.map(([, day]) => day));
  });
  test('when the same instant is asked twice, then the same date comes back; an invalid instant still throws', () => {
    const at = new Date('2027-03-01T02:00:00.123Z');
    expect(todayInShanghai(at)).toBe('2027-03-01');
    expect(todayInShanghai(new Date('2027-03-01T02:00:00.999Z'))).toBe('2027-03-01');
    expect(todayInShanghai(at)).toBe('2027-03-01');
    expect(() => todayInShanghai(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => todayInShanghai(new Date(Number.NaN))).toThrow(RangeError);
  });
});
