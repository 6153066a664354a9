import { todayInShanghai } from '../../../src/lib/dates.js';
import { commitmentProblems, completedOnTime, isOverdueOn, nextStatus, rollUp, submitProblems, type ItemAction, type ItemStatus } from '../../../src/modules/rectification/rules.js';

describe('lifecycle (not_started → in_progress → pending_acceptance → completed)', () => {
  test.each<[ItemStatus, ItemAction, ItemStatus | null]>([
    ['not_started', 'start', 'in_progress'],
    ['in_progress', 'start', null],
    ['in_progress', 'submit', 'pending_acceptance'],
    ['not_started', 'submit', null],
    ['pending_acceptance', 'accept', 'completed'],
    ['in_progress', 'accept', null],
    ['pending_acceptance', 'reject', 'in_progress'],
    ['completed', 'reject', null],
    ['not_started', 'cancel', 'cancelled'],
    ['pending_acceptance', 'cancel', 'cancelled'],
    ['completed', 'cancel', null],
    ['cancelled', 'cancel', null],
  ])('when %s gets %s, then %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });
});

describe('overdue and on time', () => {
  test.each<[string, ItemStatus, string, boolean]>([
    ['2027-06-30', 'in_progress', '2027-06-30T15:59:59Z', false],
    ['2027-06-30', 'in_progress', '2027-06-30T16:00:00Z', true],
    ['2027-06-30', 'completed', '2027-08-01T00:00:00Z', false],
    ['2027-06-30', 'cancelled', '2027-08-01T00:00:00Z', false],
    ['2027-06-30', 'pending_acceptance', '2027-08-01T00:00:00Z', true],
  ])('when due %s, %s, at %s, then overdue is %s', (deadline, status, now, expected) => {
    expect(isOverdueOn(deadline, status, todayInShanghai(new Date(now)))).toBe(expected);
  });
  test.each([
    ['2027-06-30T15:59:59Z', true],
    ['2027-06-30T16:00:00Z', false],
  ])('when submitted at %s for 2027-06-30, then on time is %s', (at, expected) => {
    expect(completedOnTime('2027-06-30', new Date(at))).toBe(expected);
  });
});

describe('roll-up: weighted mean of non-cancelled children, one decimal', () => {
  test.each<[Array<{ weight: number; progress: number; status: ItemStatus }>, number | null]>([
    [[{ weight: 1, progress: 100, status: 'in_progress' }, { weight: 1, progress: 50, status: 'in_progress' }, { weight: 1, progress: 0, status: 'cancelled' }], 75],
    [[{ weight: 3, progress: 100, status: 'completed' }, { weight: 1, progress: 0, status: 'not_started' }], 75],
    [[{ weight: 1, progress: 100, status: 'completed' }, { weight: 1, progress: 0, status: 'in_progress' }, { weight: 1, progress: 60, status: 'in_progress' }], 53.3],
    [[{ weight: 1, progress: 10, status: 'cancelled' }], null],
    [[], null],
  ])('when children are %j, then the parent is %s', (children, expected) => {
    expect(rollUp(children)).toBe(expected);
  });
});

describe('submit and commitments', () => {
  test.each<[number, string | null, number]>([
    [100, '成效', 0],
    [100, null, 1],
    [99.9, '成效', 1],
    [50, '  ', 2],
  ])('when progress %s and actualResult %j, then %s problems', (p, r, n) => {
    expect(submitProblems(p, r)).toHaveLength(n);
  });
  test.each<[Record<string, string | null>, string[]]>([
    [{ level: 'unit', channel: 'media', mediaName: '广西日报', publishedOn: '2027-03-01' }, []],
    [{ level: 'unit', channel: 'internal' }, ['/channel']],
    [{ level: 'unit', channel: 'media', publishedOn: '2027-03-01' }, ['/mediaName']],
    [{ level: 'post', channel: 'internal', postTitle: '科长' }, []],
    [{ level: 'post', channel: 'media' }, ['/channel', '/postTitle']],
  ])('when a commitment is %j, then problems at %j', (c, pointers) => {
    expect(commitmentProblems(c as never).map((p) => p.pointer)).toEqual(pointers);
  });
});
