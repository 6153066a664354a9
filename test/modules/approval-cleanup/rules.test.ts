// Table-driven tests of the plan's approval rules A1–A6 (pure functions).
import { checkMergeBatch, coreName, departures, filingMatcher, findingsFor, recreatedAsFiling, ruleA1, ruleA2, ruleA3, ruleA4, ruleA5, ruleA6, type RuleItem } from '../../../src/modules/approval-cleanup/rules.js';

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
    // 自治区地方性法规设定的: only setting bases count; a law cited as the implementing basis does not make the licence set by law.
    ['set by a regional regulation, a law only as implementing basis', item({ bases: [...regional, { level: 'law', role: 'implementing' }], siblingProvinces: 'none_set' }), 'retain', 'principle', true],
    ['set by a regional regulation, an explicit setting role', item({ bases: [{ level: 'regional_regulation', role: 'setting' }], siblingProvinces: 'set_then_cancelled' }), 'merge', 'principle', true],
    ['also set by a State Council decision', item({ bases: [...regional, { level: 'state_council_decision', role: 'setting' }], siblingProvinces: 'none_set' }), 'retain', null, null],
    ['set by a normative document only', item({ bases: [{ level: 'normative_document' }], siblingProvinces: 'none_set' }), 'retain', null, null],
    ['non-licence', item({ kind: 'non_licence', bases: regional, siblingProvinces: 'none_set' }), 'retain', null, null],
  ])('when %s, then severity %s', (_name, it, disposition, severity, departure) => {
    const f = ruleA1(it, { disposition });
    expect(f?.severity ?? null).toBe(severity);
    expect(f?.departure ?? null).toBe(departure);
    if (f) expect(f).toMatchObject({ rule: 'A1', recommendation: 'cancel' });
  });

  test('when A1 speaks, then it quotes the plan: 兄弟省(区、市)没有设定或原来设有现已取消的,我区原则上也要取消', () => {
    const it = item({ bases: regional, siblingProvinces: 'none_set' });
    expect(ruleA1(it, { disposition: 'retain' })!.message).toBe('自治区地方性法规设定的行政许可项目,兄弟省(区、市)没有设定或原来设有现已取消的,我区原则上也要取消;不取消须说明理由。');
    expect(ruleA1(it, { disposition: 'cancel' })!.message).toBe('自治区地方性法规设定的行政许可,兄弟省(区、市)没有设定或已取消:拟取消,符合原则。');
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

  test('when A2 speaks, then it quotes the plan: 对非行政许可审批项目,除国务院有明确规定外,我区原则上一律取消', () => {
    expect(ruleA2(item({ kind: 'non_licence' }), { disposition: 'retain' })).toEqual({
      rule: 'A2',
      severity: 'required',
      departure: true,
      message: '对非行政许可审批项目,除国务院有明确规定外,我区原则上一律取消;本项目无国务院层级的依据。',
      recommendation: 'cancel',
    });
    expect(ruleA2(item({ kind: 'non_licence' }), { disposition: 'cancel' })).toEqual({ rule: 'A2', severity: 'info', departure: false, message: '非行政许可审批项目,国务院无明确规定:拟取消,符合规定。', recommendation: 'cancel' });
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

  test('when A3 speaks, then it quotes the plan: 确需保留的……要报经自治区人民政府常务会议讨论决定', () => {
    expect(ruleA3(item(), { disposition: 'retain' })).toEqual({ rule: 'A3', severity: 'info', departure: false, message: '确需保留的审批项目,要报经自治区人民政府常务会议讨论决定。', recommendation: null });
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
    ['a target with a target but no id given', { mergeIntoItemId: null }, target(), true],
    ['a target proposed for delegation', { mergeIntoItemId: 't' }, target({ disposition: 'delegate' }), true],
  ])('when merging into %s, then departure=%s', (_n, p, mergeTarget, departure) => {
    const f = ruleA4(item(), { disposition: 'merge', ...p }, { mergeTarget });
    expect(f!.departure).toBe(departure);
    expect(f!.severity).toBe(departure ? 'required' : 'info');
    expect(f).toMatchObject({ rule: 'A4', recommendation: 'merge' });
  });

  // 对于设定依据相同、审批内容相互包容或审批内容联系紧密的行政审批项目,一律采取合并方式处理: each refusal says why.
  test.each([
    ['no target', { mergeIntoItemId: null }, null, '合并须指明并入的事项。'],
    ['itself', { mergeIntoItemId: 'i1' }, target({ id: 'i1' }), '事项不能并入自身。'],
    ['a target no longer in the catalogue', { mergeIntoItemId: 't' }, target({ status: 'merged' }), '并入的事项已不在目录中(已取消、下放或合并),合并目标必须是保留的事项。'],
    ['a target that merges back (cycle)', { mergeIntoItemId: 't' }, target({ disposition: 'merge', mergeIntoItemId: 'i1' }), '两个事项互相合并,构成循环。'],
    ['a target that merges on (chain)', { mergeIntoItemId: 't' }, target({ disposition: 'merge', mergeIntoItemId: 'x' }), '并入的事项本身拟合并到其他事项,不允许合并链。'],
    ['a target proposed for cancel', { mergeIntoItemId: 't' }, target({ disposition: 'cancel' }), '并入的事项拟取消或下放,合并目标必须是保留的事项。'],
    ['a retained target', { mergeIntoItemId: 't' }, target({ disposition: 'retain' }), '设定依据相同或内容联系紧密的事项一律合并:并入保留的事项。'],
  ])('when merging into %s, then A4 says %s', (_n, p, mergeTarget, message) => {
    expect(ruleA4(item(), { disposition: 'merge', ...p }, { mergeTarget })!.message).toBe(message);
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

  test.each([
    ['city', 'retain', '法律、法规规定由县级以上政府部门审批,实际主要由市实施的项目,一律下放给市、县审批。', true],
    ['county', 'retain', '法律、法规规定由县级以上政府部门审批,实际主要由县实施的项目,一律下放给市、县审批。', true],
    ['county', 'delegate', '法律法规规定由县级以上政府部门审批、主要由市县实施的项目:拟下放,符合规定。', false],
  ])('when practised at %s and proposed %s, then A5 quotes the plan: 实际操作过程中主要由市、县实施的项目,一律下放给市、县审批', (mainlyImplementedAt, disposition, message, departure) => {
    expect(ruleA5(item({ statutoryLevel: 'county_and_above', mainlyImplementedAt }), { disposition })).toEqual({ rule: 'A5', severity: departure ? 'required' : 'info', departure, message, recommendation: 'delegate' });
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
    // 决定保留的行政审批项目,要简化审批环节,优化审批程序,提高审批效率: more steps or a longer time limit is no simplification.
    ['retained with more steps, same time limit', 'retain', true, { stepsBefore: 5, stepsAfter: 7, timeLimitDaysBefore: 20, timeLimitDaysAfter: 20 }, 'principle'],
    ['retained with a longer time limit, same steps', 'retain', true, { stepsBefore: 5, stepsAfter: 5, timeLimitDaysBefore: 20, timeLimitDaysAfter: 30 }, 'principle'],
    ['retained with more steps and a longer time limit', 'retain', true, { stepsBefore: 5, stepsAfter: 6, timeLimitDaysBefore: 20, timeLimitDaysAfter: 25 }, 'principle'],
    ['retained with fewer steps but a longer time limit', 'retain', true, { stepsBefore: 5, stepsAfter: 4, timeLimitDaysBefore: 20, timeLimitDaysAfter: 25 }, null],
    ['retained with only the steps after given', 'retain', true, { stepsAfter: 3, timeLimitDaysAfter: 10 }, 'principle'],
    ['retained with only the steps before given', 'retain', true, { stepsBefore: 3, timeLimitDaysBefore: 10 }, 'principle'],
    ['delegated, nothing simplified (A6 asks that of retained items only)', 'delegate', true, { stepsBefore: 5, stepsAfter: 5, receivingUnitId: 'u' }, null],
  ])('when %s, then %s', (_n, disposition, decided, followUp, severity) => {
    const f = ruleA6(item(), { disposition }, { decided, followUp });
    expect(f?.severity ?? null).toBe(severity);
    if (severity === 'principle') {
      expect(f).toEqual({ rule: 'A6', severity: 'principle', departure: true, message: '决定保留的审批项目,要简化审批环节、提高审批效率:环节和时限均未减少。', recommendation: null });
    }
  });

  test.each([
    ['retain', '待报送后续规范:简化审批环节、压缩办理时限(前后对比)。'], // 要简化审批环节,优化审批程序,提高审批效率
    ['delegate', '待报送后续规范:明确承接的审批主体和交接日期。'], // 要明确审批主体,落实审批责任,做好上下的衔接工作
    ['merge', '待报送后续规范:集中一个机构办理。'], // 要做好同一机关内部工作职责的整合,集中一个机构办理
    ['cancel', '待报送后续规范:加强事后监督的措施,不允许把备案、核准变成变相审批。'], // 要加强事后监督,不允许把备案、核准变成变相审批
    ['something else', '待报送后续规范:后续规范措施。'],
  ])('when a %s decision has no follow-up yet, then A6 asks for what the plan names', (disposition, message) => {
    expect(ruleA6(item(), { disposition }, { decided: true })).toEqual({ rule: 'A6', severity: 'info', departure: false, message, recommendation: null });
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
    expect(v).toEqual([
      { index: 0, rule: 'A4', detail: 'merging into b forms a cycle of merges' },
      { index: 1, rule: 'A4', detail: 'merging into a forms a cycle of merges' },
    ]);
  });

  // 一律采取合并方式处理 into a retained item: every refusal of a batch names its reason.
  test.each([
    ['no target', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: null }], [], 'a merge needs the item it merges into'],
    ['itself', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'a' }], [], 'an item cannot merge into itself'],
    ['a cycle of three a→b→c→a', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }, { index: 1, itemId: 'b', disposition: 'merge', mergeIntoItemId: 'c' }, { index: 2, itemId: 'c', disposition: 'merge', mergeIntoItemId: 'a' }], [], 'merging into b forms a cycle of merges'],
    ['a chain into a cycle a→b→c→b', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }, { index: 1, itemId: 'b', disposition: 'merge', mergeIntoItemId: 'c' }, { index: 2, itemId: 'c', disposition: 'merge', mergeIntoItemId: 'b' }], [], 'merging into b forms a cycle of merges'],
    ['a cancelled target', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'gone' }], [], 'the merge target gone is cancelled; it must be a retained, active item'],
    ['a target not in the catalogue', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'nope' }], [], 'the merge target nope is not in the catalogue; it must be a retained, active item'],
    ['a chain a→b→c', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }, { index: 1, itemId: 'b', disposition: 'merge', mergeIntoItemId: 'c' }], [], 'the merge target b itself merges into another item: no merge chains'],
    ['a target merged by an earlier unpublished batch', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }], [['b', 'merge']], 'the merge target b itself merges into another item: no merge chains'],
    ['a target the batch cancels', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }, { index: 1, itemId: 'b', disposition: 'cancel' }], [], 'the merge target b is being cancelled; it must be retained'],
    ['a target delegated earlier', [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }], [['b', 'delegate']], 'the merge target b is being delegated; it must be retained'],
  ])('when %s, then the first refusal says why', (_n, decisions, pending, detail) => {
    const p = new Map(pending as [string, string][]);
    const v = checkMergeBatch(decisions as never, status, (id) => p.get(id) ?? null);
    expect(v[0]).toEqual({ index: 0, rule: 'A4', detail });
  });

  test('when the batch decides the target itself, then its own fate wins over an earlier pending one', () => {
    const decisions = [{ index: 0, itemId: 'a', disposition: 'merge', mergeIntoItemId: 'b' }, { index: 1, itemId: 'b', disposition: 'retain' }];
    expect(checkMergeBatch(decisions, status, () => 'cancel')).toEqual([]);
  });

  test('when departures are asked for, then info findings never count and a severity narrows them', () => {
    const f = findingsFor(item({ kind: 'non_licence', bases: regional, siblingProvinces: 'none_set', statutoryLevel: 'county_and_above', mainlyImplementedAt: 'city' }), { disposition: 'retain' });
    expect(f.map((x) => `${x.rule}:${x.severity}:${x.departure}`)).toEqual(['A2:required:true', 'A3:info:false', 'A5:required:true']);
    expect(departures(f).map((x) => x.rule)).toEqual(['A2', 'A5']);
    expect(departures(f, 'required').map((x) => x.rule)).toEqual(['A2', 'A5']);
    expect(departures(f, 'principle')).toEqual([]);
    const a1 = findingsFor(item({ bases: regional, siblingProvinces: 'none_set' }), { disposition: 'retain' });
    expect(departures(a1, 'principle').map((x) => x.rule)).toEqual(['A1']);
    expect(departures(a1, 'required')).toEqual([]);
  });
});
