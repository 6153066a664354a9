// Table-driven tests of the plan's approval rules A1–A6 (pure functions).
import { checkMergeBatch, coreName, filingMatcher, findingsFor, recreatedAsFiling, ruleA1, ruleA2, ruleA3, ruleA4, ruleA5, ruleA6, type RuleItem } from '../../../src/modules/approval-cleanup/rules.js';

const item = (over: Partial<RuleItem> = {}): RuleItem => ({
  id: 'i1',
  kind: 'licence',
  bases: [],
  siblingProvinces: 'unknown',
  statutoryLevel: null,
  mainlyImplementedAt: null,
  ...over,
});
const regional = [{ level: 'regional_regulation' }];

describe('A1: a regional-regulation licence that sibling provinces do not set → cancel, 原则上', () => {
  test.each([
    ['none_set, retain', item({ bases: regional, siblingProvinces: 'none_set' }), 'retain', 'principle', true],
    ['set_then_cancelled, delegate', item({ bases: regional, siblingProvinces: 'set_then_cancelled' }), 'delegate', 'principle', true],
    ['none_set, cancel', item({ bases: regional, siblingProvinces: 'none_set' }), 'cancel', 'info', false],
    ['commonly_set, retain', item({ bases: regional, siblingProvinces: 'commonly_set' }), 'retain', null, null],
    ['unknown siblings, retain', item({ bases: regional, siblingProvinces: 'unknown' }), 'retain', null, null],
    ['also set by a law', item({ bases: [...regional, { level: 'law' }], siblingProvinces: 'none_set' }), 'retain', null, null],
    ['regional regulation only as implementing basis', item({ bases: [{ level: 'regional_regulation', role: 'implementing' }], siblingProvinces: 'none_set' }), 'retain', null, null],
    ['non-licence', item({ kind: 'non_licence', bases: regional, siblingProvinces: 'none_set' }), 'retain', null, null],
  ])('when %s, then severity %s', (_name, it, disposition, severity, departure) => {
    const f = ruleA1(it, { disposition });
    expect(f?.severity ?? null).toBe(severity);
    expect(f?.departure ?? null).toBe(departure);
    if (f?.departure) expect(f.recommendation).toBe('cancel');
  });
});

describe('A2: a non-licence approval → cancel unless a State Council basis exists', () => {
  test.each([
    ['no basis, retain', [], 'retain', 'required'],
    ['a normative document, retain', [{ level: 'normative_document' }], 'retain', 'required'],
    ['a regional regulation, merge', [{ level: 'regional_regulation' }], 'merge', 'required'],
    ['a state_council_decision, retain', [{ level: 'state_council_decision' }], 'retain', null],
    ['a state_council_document, retain', [{ level: 'state_council_document' }], 'retain', null],
    ['an administrative regulation, retain', [{ level: 'administrative_regulation' }], 'retain', null],
    ['no basis, cancel', [], 'cancel', 'info'],
  ])('when %s, then %s', (_n, bases, disposition, severity) => {
    expect(ruleA2(item({ kind: 'non_licence', bases }), { disposition })?.severity ?? null).toBe(severity);
  });

  test('when the item is a licence, then A2 does not apply', () => {
    expect(ruleA2(item({ kind: 'licence' }), { disposition: 'retain' })).toBeNull();
  });
});

describe('A3: every retained item needs the executive meeting’s decision', () => {
  test.each([
    ['retain, undecided', 'retain', false, 'info'],
    ['retain, decided', 'retain', true, null],
    ['cancel', 'cancel', false, null],
  ])('when %s, then %s', (_n, disposition, decided, severity) => {
    expect(ruleA3(item(), { disposition }, { decided })?.severity ?? null).toBe(severity);
  });
});

describe('A4: merge into a retained item, no chains or cycles, 一律', () => {
  const target = (over = {}) => ({ id: 't', status: 'active', disposition: null, ...over });
  test.each([
    ['an active target without review', { mergeIntoItemId: 't' }, target(), false],
    ['a target proposed for retain', { mergeIntoItemId: 't' }, target({ disposition: 'retain' }), false],
    ['no target', { mergeIntoItemId: null }, null, true],
    ['itself', { mergeIntoItemId: 'i1' }, target({ id: 'i1' }), true],
    ['a cancelled target', { mergeIntoItemId: 't' }, target({ status: 'cancelled' }), true],
    ['a target proposed for cancel', { mergeIntoItemId: 't' }, target({ disposition: 'cancel' }), true],
    ['a target that merges on (chain)', { mergeIntoItemId: 't' }, target({ disposition: 'merge', mergeIntoItemId: 'x' }), true],
    ['a target that merges back (cycle)', { mergeIntoItemId: 't' }, target({ disposition: 'merge', mergeIntoItemId: 'i1' }), true],
  ])('when merging into %s, then departure=%s', (_n, p, mergeTarget, departure) => {
    const f = ruleA4(item(), { disposition: 'merge', ...p }, { mergeTarget });
    expect(f!.departure).toBe(departure);
    expect(f!.severity).toBe(departure ? 'required' : 'info');
  });

  test('when the disposition is not merge, then A4 is silent', () => {
    expect(ruleA4(item(), { disposition: 'retain' })).toBeNull();
  });
});

describe('A5: county level and above, practised at city/county → delegate, 一律', () => {
  test.each([
    ['county_and_above', 'city', 'retain', 'required'],
    ['county_and_above', 'county', 'merge', 'required'],
    ['county_and_above', 'county', 'delegate', 'info'],
    ['county_and_above', 'city', 'cancel', 'info'],
    ['county_and_above', 'region', 'retain', null],
    ['region_only', 'county', 'retain', null],
    [null, null, 'retain', null],
  ])('when statute %s and practice %s and %s, then %s', (statutoryLevel, mainlyImplementedAt, disposition, severity) => {
    expect(ruleA5(item({ statutoryLevel, mainlyImplementedAt }), { disposition })?.severity ?? null).toBe(severity);
  });
});

describe('A6: follow-up regulation', () => {
  test.each([
    ['not decided', 'retain', false, null, null],
    ['decided, no follow-up', 'cancel', true, null, 'info'],
    ['retained with fewer steps', 'retain', true, { stepsBefore: 5, stepsAfter: 3, timeLimitDaysBefore: 20, timeLimitDaysAfter: 20 }, null],
    ['retained with a shorter time limit', 'retain', true, { stepsBefore: 5, stepsAfter: 5, timeLimitDaysBefore: 20, timeLimitDaysAfter: 10 }, null],
    ['retained, nothing simplified', 'retain', true, { stepsBefore: 5, stepsAfter: 5, timeLimitDaysBefore: 20, timeLimitDaysAfter: 20 }, 'principle'],
    ['cancelled with a measure', 'cancel', true, { supervisionMeasure: '双随机抽查' }, null],
  ])('when %s, then %s', (_n, disposition, decided, followUp, severity) => {
    expect(ruleA6(item(), { disposition }, { decided, followUp })?.severity ?? null).toBe(severity);
  });

  test.each([
    ['建筑企业资质审批', '建筑企业资质备案', true],
    ['建筑企业资质审批', '建筑企业资质核准', true],
    ['建筑企业资质审批', ' 建筑企业 资质 审批 ', true],
    ['建筑企业资质审批', '建筑企业（资质）登记', true],
    ['建筑企业资质审批', '采矿许可证核发', false],
    ['饮用水供水单位卫生许可', '饮用水供水单位卫生许可备案', true],
  ])('when %s was cancelled and %s is created, then re-creation=%s', (cancelled, name, match) => {
    expect(recreatedAsFiling(name, [{ name: cancelled }]) !== null).toBe(match);
  });

  test('when a name is only act words, then its core is empty and nothing matches', () => {
    expect(coreName('审批')).toBe('');
    expect(recreatedAsFiling('审批', [{ name: '备案' }])).toBeNull();
  });

  test('when one agency’s cancelled items are matched against many names (imports), then the matcher answers as recreatedAsFiling does, the first cancelled item winning', () => {
    const cancelled = [{ id: 'a', name: '建筑企业资质审批' }, { id: 'b', name: '建筑企业资质核准' }, { id: 'c', name: '采矿许可证核发' }, { id: 'd', name: '审批' }];
    const match = filingMatcher(cancelled);
    const names = ['建筑企业资质备案', '建筑企业（资质）登记', '采矿许可证备案', '饮用水供水单位卫生许可', '备案', '审批'];
    for (const name of names) expect(match(name)).toBe(recreatedAsFiling(name, cancelled));
    expect(match('建筑企业资质备案')?.id).toBe('a');
    expect(match('采矿许可证备案')?.id).toBe('c');
    expect(filingMatcher([])('建筑企业资质备案')).toBeNull();
  });
});

describe('findingsFor and A4 across a batch', () => {
  test('when a non-licence approval with no State Council basis is retained, then A2 required and A3 info', () => {
    const f = findingsFor(item({ kind: 'non_licence' }), { disposition: 'retain' });
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['A2', 'required'], ['A3', 'info']]);
  });

  const status = (id: string) => (id === 'gone' ? 'cancelled' : id === 'nope' ? null : 'active');
  test.each([
    ['merge into an active item', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }], [], []],
    ['merge into an item the batch cancels', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }, { index: 1, itemId: 'b', disposition: 'cancel' }], [], [0]],
    ['merge into an item the batch delegates', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }, { index: 1, itemId: 'b', disposition: 'delegate' }], [], [0]],
    ['a cycle a→b→a', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }, { index: 1, itemId: 'b', disposition: 'merge', mergeIntoItemId: 'a' }], [], [0, 1]],
    ['a chain a→b→c', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }, { index: 1, itemId: 'b', disposition: 'merge', mergeIntoItemId: 'c' }], [], [0]],
    ['a target cancelled earlier', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'gone' }], [], [0]],
    ['a target cancelled by an earlier unpublished batch', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }], [['b', 'cancel']], [0]],
    ['a target retained by an earlier batch', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }], [['b', 'retain']], []],
    ['itself', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'a' }], [], [0]],
  ])('when %s, then exactly the bad merges are refused', (_n, decisions, pending, bad) => {
    const p = new Map(pending as [string, string][]);
    const v = checkMergeBatch(decisions, status, (id) => p.get(id) ?? null);
    expect(v.map((x) => x.index)).toEqual(bad);
  });

  test('when two items merge into each other, then the detail says cycle', () => {
    const v = checkMergeBatch([{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }, { index: 1, itemId: 'b', disposition: 'merge', mergeIntoItemId: 'a' }], status, () => null);
    expect(v[0].detail).toContain('cycle');
  });
});
