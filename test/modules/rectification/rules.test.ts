import { todayInShanghai } from '../../../src/lib/dates.js';
import { ROLL_UP_FORMULA, TRANSITIONS, commitmentDeadline, commitmentProblems, completedOnTime, isOverdueOn, nextStatus, rollUp, roundProgress, submitProblems, type ItemAction, type ItemStatus } from '../../../src/modules/rectification/rules.js';

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
  test('when every status meets every action, then only the five documented transitions are legal', () => {
    const statuses: ItemStatus[] = ['not_started', 'in_progress', 'pending_acceptance', 'completed', 'cancelled'];
    const legal: string[] = [];
    for (const s of statuses) for (const a of Object.keys(TRANSITIONS) as ItemAction[]) if (nextStatus(s, a)) legal.push(`${s} -${a}-> ${nextStatus(s, a)}`);
    expect(legal).toEqual([
      'not_started -start-> in_progress',
      'not_started -cancel-> cancelled',
      'in_progress -submit-> pending_acceptance',
      'in_progress -cancel-> cancelled',
      'pending_acceptance -accept-> completed',
      'pending_acceptance -reject-> in_progress',
      'pending_acceptance -cancel-> cancelled',
    ]);
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

// 及时了解掌握工作的进展情况 (plan, 四(四)): a parent item's progress is rolled up from its children, the weighted mean
// Σwᵢ·pᵢ / Σwᵢ over the children not cancelled, kept to one decimal and rounded half up (ROLL_UP_FORMULA). rollUp is
// the function the service calls on every recompute (repository.children feeds it).
describe('roll-up (及时了解掌握工作的进展情况): weighted mean of non-cancelled children, one decimal, half up', () => {
  test.each<[Array<{ weight: number; progress: number; status: ItemStatus }>, number | null]>([
    [[{ weight: 1, progress: 100, status: 'in_progress' }, { weight: 1, progress: 50, status: 'in_progress' }, { weight: 1, progress: 0, status: 'cancelled' }], 75],
    [[{ weight: 3, progress: 100, status: 'completed' }, { weight: 1, progress: 0, status: 'not_started' }], 75],
    [[{ weight: 1, progress: 100, status: 'completed' }, { weight: 1, progress: 0, status: 'in_progress' }, { weight: 1, progress: 60, status: 'in_progress' }], 53.3],
    [[{ weight: 1, progress: 10, status: 'cancelled' }], null],
    [[], null],
    // Weights other than 1: (0.5·100 + 2·10) / 2.5 = 28 (an unweighted mean says 55).
    [[{ weight: 0.5, progress: 100, status: 'completed' }, { weight: 2, progress: 10, status: 'in_progress' }], 28],
    // A cancelled child's weight does not count either: (2·30) / 2 = 30 (counting the cancelled weight says 20).
    [[{ weight: 2, progress: 30, status: 'in_progress' }, { weight: 1, progress: 90, status: 'cancelled' }], 30],
    // Half up: (0.1 + 0.2) / 2 = 0.15 → 0.2 (not 0.1); 2/3 of 100 → 66.7 (not 66.6).
    [[{ weight: 1, progress: 0.1, status: 'in_progress' }, { weight: 1, progress: 0.2, status: 'in_progress' }], 0.2],
    [[{ weight: 2, progress: 100, status: 'in_progress' }, { weight: 1, progress: 0, status: 'in_progress' }], 66.7],
    [[{ weight: 1, progress: 0, status: 'not_started' }, { weight: 1, progress: 0, status: 'pending_acceptance' }], 0],
  ])('when children are %j, then the parent is %s', (children, expected) => {
    expect(rollUp(children)).toBe(expected);
  });

  test.each([
    [66.75, 66.8],
    [66.74, 66.7],
    [0.05, 0.1],
    [0.15, 0.2],
    [12.25, 12.3],
    [99.95, 100],
    [100, 100],
    [0, 0],
    [33.333333, 33.3],
  ])('when the mean is %s, then the progress is %s (one decimal, half up)', (x, expected) => {
    expect(roundProgress(x)).toBe(expected);
  });

  test('when the formula is documented, then it names the weighted mean over the children not cancelled', () => {
    expect(ROLL_UP_FORMULA).toContain('round1(Σ wᵢ·pᵢ / Σ wᵢ) over its children that are not cancelled');
    expect(ROLL_UP_FORMULA).toContain('rounded half up');
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
  test('when 销号 is applied for too early and without the result, then both problems are named', () => {
    expect(submitProblems(99.9, undefined)).toEqual(['progress is 99.9; an item is submitted for acceptance at 100', 'actualResult (整改成效) is required to submit for acceptance']);
    expect(submitProblems(100, '')).toEqual(['actualResult (整改成效) is required to submit for acceptance']);
  });
  test.each<[Record<string, string | null>, string[]]>([
    [{ level: 'unit', channel: 'media', mediaName: '广西日报', publishedOn: '2027-03-01' }, []],
    [{ level: 'unit', channel: 'internal' }, ['/channel']],
    [{ level: 'unit', channel: 'media', publishedOn: '2027-03-01' }, ['/mediaName']],
    [{ level: 'post', channel: 'internal', postTitle: '科长' }, []],
    [{ level: 'post', channel: 'media' }, ['/channel', '/postTitle']],
    [{ level: 'unit', channel: 'media', mediaName: '广西日报' }, []],
    [{ level: 'unit', channel: 'media' }, []],
    [{ level: 'post', channel: 'internal', postTitle: '' }, ['/postTitle']],
    [{ level: 'post', channel: 'internal', postTitle: '科长', publishedOn: '2027-03-01' }, []],
  ])('when a commitment is %j, then problems at %j', (c, pointers) => {
    expect(commitmentProblems(c as never).map((p) => p.pointer)).toEqual(pointers);
  });
  test('when a commitment is published in the wrong place, then the detail quotes the plan: 各级机关的承诺要在媒体上公布,各个岗位的承诺要在本单位内部公布', () => {
    expect(commitmentProblems({ level: 'unit', channel: 'internal', publishedOn: '2027-03-01' })).toEqual([
      { pointer: '/channel', detail: 'an agency’s commitment is published in the media (各级机关的承诺要在媒体上公布)' },
      { pointer: '/mediaName', detail: 'a published agency commitment names the medium it was published in' },
    ]);
    expect(commitmentProblems({ level: 'post', channel: 'media' })).toEqual([
      { pointer: '/channel', detail: 'a post’s commitment is published inside the agency (各个岗位的承诺要在本单位内部公布)' },
      { pointer: '/postTitle', detail: 'a post-level commitment names the post' },
    ]);
  });
  test('when the campaign year is 2027, then commitments are due 2027-06-30 (在20*年6月底前完成)', () => {
    expect(commitmentDeadline(2027)).toBe('2027-06-30');
  });
});
