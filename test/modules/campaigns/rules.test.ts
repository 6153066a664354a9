import { categoryMatchesDimension, campaignTransitionRefusal, isLate, phaseTransitionRefusal, resolveDate, windowProblems } from '../../../src/modules/campaigns/rules.js';
import { loadTemplate, resolveTemplate } from '../../../src/modules/campaigns/template.js';
import { deadlineEndsAt } from '../../../src/lib/dates.js';

describe('plan template windows', () => {
  const template = loadTemplate('work-style-efficiency')!;

  test('when the template is resolved for 2027, then the windows are 02-21..03-10, 03-11..03-31, 04-01..11-30, 12-01..2028-02-29', () => {
    const r = resolveTemplate(template, 2027);
    expect(r.phases.map((p) => [p.number, p.startsOn, p.endsOn])).toEqual([
      [1, '2027-02-21', '2027-03-10'],
      [2, '2027-03-11', '2027-03-31'],
      [3, '2027-04-01', '2027-11-30'],
      [4, '2027-12-01', '2028-02-29'],
    ]);
    expect([r.startsOn, r.endsOn]).toEqual(['2027-02-21', '2028-02-29']);
    expect(r.title).toBe('2027年全区集中开展转变干部作风加强机关行政效能建设活动');
  });

  test.each([
    [2026, '2027-02-28'],
    [2027, '2028-02-29'],
    [2099, '2100-02-28'],
    [2031, '2032-02-29'],
  ])('when the campaign year is %i, then the last phase ends on %s', (year, end) => {
    const r = resolveTemplate(template, year);
    expect(r.phases[3].endsOn).toBe(end);
    expect(r.endsOn).toBe(end);
  });

  test('when the template is resolved for any year, then the windows lie inside the campaign and do not overlap', () => {
    for (let y = 2020; y <= 2040; y++) {
      const r = resolveTemplate(template, y);
      expect(windowProblems(r, r.phases)).toEqual([]);
    }
  });

  test('when a template id is unknown or not a plain name, then there is no template', () => {
    expect(loadTemplate('no-such-plan')).toBeUndefined();
    expect(loadTemplate('../units')).toBeUndefined();
  });

  test.each([
    [{ year: 0, month: 3, day: 10 }, 2027, '2027-03-10'],
    [{ year: 0, month: 4, day: 'end' as const }, 2027, '2027-04-30'],
    [{ year: 1, month: 2, day: 'end' as const }, 2023, '2024-02-29'],
    [{ year: 0, month: 12, day: 'end' as const }, 2027, '2027-12-31'],
    [{ year: 0, month: 3, day: 1 }, 999, '0999-03-01'],
  ])('when %j is resolved for %i, then it is %s', (rel, year, date) => {
    expect(resolveDate(rel, year)).toBe(date);
  });
});

describe('phase windows', () => {
  const campaign = { startsOn: '2027-02-21', endsOn: '2028-02-29' };
  test.each([
    ['in order, inside', [{ number: 1, startsOn: '2027-02-21', endsOn: '2027-03-10' }, { number: 2, startsOn: '2027-03-11', endsOn: '2027-03-31' }], 0],
    ['overlapping', [{ number: 1, startsOn: '2027-02-21', endsOn: '2027-03-12' }, { number: 2, startsOn: '2027-03-11', endsOn: '2027-03-31' }], 1],
    ['outside the campaign', [{ number: 1, startsOn: '2027-02-01', endsOn: '2027-03-10' }], 1],
    ['ending before it starts', [{ number: 1, startsOn: '2027-03-10', endsOn: '2027-03-01' }], 1],
  ])('when the windows are %s, then %i problem(s) are found', (_label, windows, n) => {
    expect(windowProblems(campaign, windows)).toHaveLength(n);
  });

  // 整个活动分为四个阶段进行: each broken window is named with its dates, in phase order whatever order the list came in.
  test.each<[string, { startsOn: string; endsOn: string }, { number: number; startsOn: string; endsOn: string }[], { number: number; detail: string }[]]>([
    ['a campaign ending before it starts', { startsOn: '2027-03-01', endsOn: '2027-02-21' }, [], [{ number: 0, detail: 'the campaign starts (2027-03-01) after it ends (2027-02-21)' }]],
    ['a one-day campaign with a one-day phase', { startsOn: '2027-02-21', endsOn: '2027-02-21' }, [{ number: 1, startsOn: '2027-02-21', endsOn: '2027-02-21' }], []],
    ['a phase ending before it starts', campaign, [{ number: 1, startsOn: '2027-03-10', endsOn: '2027-03-01' }], [{ number: 1, detail: 'phase 1 starts (2027-03-10) after it ends (2027-03-01)' }]],
    ['a phase ending after the campaign', campaign, [{ number: 4, startsOn: '2027-12-01', endsOn: '2028-03-01' }], [
      { number: 4, detail: 'phase 4 (2027-12-01..2028-03-01) lies outside the campaign (2027-02-21..2028-02-29)' },
    ]],
    ['phases listed out of order', campaign, [{ number: 2, startsOn: '2027-03-11', endsOn: '2027-03-31' }, { number: 1, startsOn: '2027-02-21', endsOn: '2027-03-10' }], []],
    ['phase 3 starting the day phase 2 ends', campaign, [
      { number: 3, startsOn: '2027-03-31', endsOn: '2027-11-30' }, { number: 2, startsOn: '2027-03-11', endsOn: '2027-03-31' }, { number: 1, startsOn: '2027-02-21', endsOn: '2027-03-10' },
    ], [{ number: 3, detail: 'phase 3 (2027-03-31..2027-11-30) overlaps or precedes phase 2 (2027-03-11..2027-03-31)' }]],
  ])('when %s is checked, then the problems are %j', (_label, c, windows, problems) => {
    expect(windowProblems(c, windows)).toEqual(problems);
  });
});

describe('phase transitions (phases run in order, one active at a time)', () => {
  const phases = (...s: string[]) => s.map((status, i) => ({ number: i + 1, status }));
  test.each([
    ['start', 1, phases('pending', 'pending', 'pending', 'pending'), 'running', null],
    ['start', 2, phases('completed', 'pending', 'pending', 'pending'), 'running', null],
    ['start', 3, phases('completed', 'active', 'pending', 'pending'), 'running', 'phase 2 is active'],
    ['start', 3, phases('completed', 'pending', 'pending', 'pending'), 'running', 'needs phase 2 completed'],
    ['start', 4, phases('pending', 'pending', 'pending', 'pending'), 'running', 'phase 4 needs phase 1, 2, 3 completed first (phases run in order)'],
    ['start', 1, phases('pending', 'pending'), 'draft', 'the campaign is draft'],
    ['start', 1, phases('pending', 'pending'), 'closed', 'the campaign is closed'],
    ['start', 1, phases('active', 'pending'), 'running', 'phase 1 is active'],
    ['start', 1, phases('completed', 'pending'), 'running', 'phase 1 is completed'],
    ['complete', 2, phases('completed', 'active'), 'running', null],
    ['complete', 2, phases('completed', 'pending'), 'running', 'only an active phase'],
  ] as const)('when %s phase %i with %j in a %s campaign, then %s', (action, n, list, campaignStatus, expected) => {
    const refusal = phaseTransitionRefusal(action, list[n - 1], list, campaignStatus);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toContain(expected);
  });

  test.each([
    ['start', 'draft', null, []],
    ['start', 'running', 'only a draft', []],
    ['close', 'running', null, phases('completed', 'pending')],
    ['close', 'running', 'phase 2 is still active', phases('completed', 'active')],
    ['close', 'draft', 'only a running', []],
    ['close', 'closed', 'only a running', []],
  ] as const)('when :%s on a %s campaign, then the refusal is %s', (action, status, expected, list) => {
    const refusal = campaignTransitionRefusal(action, status, [...list]);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toContain(expected);
  });
});

describe('problem categories (作风建设 six, 行政效能 four)', () => {
  test.each([
    ['work_style', 'ws_1', true],
    ['work_style', 'ws_6', true],
    ['work_style', 'ef_1', false],
    ['efficiency', 'ef_4', true],
    ['efficiency', 'ws_2', false],
    ['other', 'ws_1', false],
    ['work_style', 'xws_1', false],
    ['work_style', 'ws_1x', false],
    ['efficiency', 'xef_1', false],
    ['efficiency', 'ef_1x', false],
    ['other', 'ef_1', false],
  ])('when the dimension is %s and the category %s, then it matches: %s', (d, c, ok) => {
    expect(categoryMatchesDimension(d, c)).toBe(ok);
  });
});

describe('late reports (end of the window’s last day, Asia/Shanghai)', () => {
  test.each([
    ['2027-03-10T15:59:59.999Z', false],
    ['2027-03-10T16:00:00.000Z', true],
    ['2027-03-01T00:00:00.000Z', false],
  ])('when a report comes at %s for a window ending 2027-03-10, then late is %s', (at, late) => {
    expect(isLate('2027-03-10', new Date(at), deadlineEndsAt)).toBe(late);
  });
});
