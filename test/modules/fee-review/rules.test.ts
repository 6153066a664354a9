import { approvedStandardFen, evaluateFee, f1, f2, f3, f5, missingOpinions, retainForbiddenBy, type FeeFacts, type Standard } from '../../../src/modules/fee-review/rules.js';

const fixed: Standard = { kind: 'fixed', amountFen: 1000, per: '件' };
const range: Standard = { kind: 'range', minFen: 500, maxFen: 2000, per: '次' };

describe('F1 行政性收费除国家规定的收费项目外,一律予以取消', () => {
  test.each([
    ['administrative', 'national', 'retain'],
    ['administrative', 'regional', 'cancel'],
    ['institutional', 'national', null],
    ['institutional', 'regional', null],
  ] as const)('when a %s fee is set at %s level, then F1 says %s', (category, basisLevel, effect) => {
    expect(f1({ category, basisLevel })?.effect ?? null).toBe(effect);
  });

  test.each([
    ['national', { ruleId: 'F1', effect: 'retain', detail: '国家规定的行政性收费项目: 可以保留' }],
    ['regional', { ruleId: 'F1', effect: 'cancel', detail: '行政性收费除国家规定的收费项目外,一律予以取消' }],
  ] as const)('when an administrative fee is set at %s level, then the finding reads %j', (basisLevel, finding) => {
    expect(f1({ category: 'administrative', basisLevel })).toEqual(finding);
  });
});

describe('F2 事业性收费除国家规定项目和确有必要保留的自治区规定项目外,一律予以取消', () => {
  test.each([
    ['national', false, null, 'retain'],
    ['national', true, '必要', 'retain'],
    ['regional', true, '全区唯一的检测机构,停收将影响安全监管', 'retain'],
    ['regional', true, null, 'cancel'],
    ['regional', true, '   ', 'cancel'],
    ['regional', false, '有理由但未申报确有必要', 'cancel'],
    ['regional', false, null, 'cancel'],
  ] as const)('when an institutional %s fee is kept-as-necessary=%s with justification %j, then F2 says %s', (basisLevel, keptAsNecessary, necessityJustification, effect) => {
    expect(f2({ category: 'institutional', basisLevel, keptAsNecessary, necessityJustification })?.effect).toBe(effect);
  });

  // Each outcome says which part of the sentence decided it: 国家规定, 确有必要保留 (with its reason), or 一律予以取消.
  test.each([
    ['national', null, null, '国家规定的事业性收费项目: 可以保留', 'retain'],
    ['regional', true, '全区唯一的检测机构', '确有必要保留的自治区规定事业性收费项目: 可以保留(已说明理由)', 'retain'],
    ['regional', true, ' ', '自治区规定的事业性收费申报确有必要保留,但未说明理由: 一律予以取消', 'cancel'],
    ['regional', null, null, '事业性收费除国家规定项目和确有必要保留的自治区规定项目外,一律予以取消', 'cancel'],
    ['regional', false, '有理由', '事业性收费除国家规定项目和确有必要保留的自治区规定项目外,一律予以取消', 'cancel'],
  ] as const)('when an institutional %s fee is kept-as-necessary=%s with justification %j, then F2 reads %s', (basisLevel, keptAsNecessary, necessityJustification, detail, effect) => {
    expect(f2({ category: 'institutional', basisLevel, keptAsNecessary, necessityJustification })).toEqual({ ruleId: 'F2', effect, detail });
  });

  test('when the fee is administrative, then F2 has nothing to say', () => {
    expect(f2({ category: 'administrative', basisLevel: 'regional', keptAsNecessary: true, necessityJustification: 'x' })).toBeNull();
  });
});

describe('F3 收费标准有幅度的,一律按下限执行', () => {
  test.each([
    [fixed, 1000, false],
    [range, 500, true],
    [{ kind: 'range', minFen: 300, maxFen: 300, per: '次' } as Standard, 300, false],
    [{ kind: 'range', minFen: 0, maxFen: 100, per: '页' } as Standard, 0, true],
  ])('when the standard is %j, then the approved standard is %d fen (finding: %s)', (standard, approved, finding) => {
    expect(approvedStandardFen(standard)).toBe(approved);
    expect(f3(standard) !== null).toBe(finding);
  });

  test('when the standard has a range, then the finding names the lower bound and its unit', () => {
    expect(f3(range)).toEqual({ ruleId: 'F3', effect: 'lower_bound', detail: '收费标准有幅度的,一律按下限执行: 500 分/次' });
  });
});

describe('F1–F3 together', () => {
  test.each<[string, FeeFacts, 'retain' | 'cancel', number | null, string[]]>([
    ['national administrative, fixed', { category: 'administrative', basisLevel: 'national', standard: fixed }, 'retain', 1000, ['F1']],
    ['national administrative, range', { category: 'administrative', basisLevel: 'national', standard: range }, 'retain', 500, ['F1', 'F3']],
    ['regional administrative, even declared necessary', { category: 'administrative', basisLevel: 'regional', standard: range, keptAsNecessary: true, necessityJustification: '理由' }, 'cancel', null, ['F1']],
    ['national institutional, range', { category: 'institutional', basisLevel: 'national', standard: range }, 'retain', 500, ['F2', 'F3']],
    ['regional institutional kept as necessary with a justification', { category: 'institutional', basisLevel: 'regional', standard: range, keptAsNecessary: true, necessityJustification: '确有必要' }, 'retain', 500, ['F2', 'F3']],
    ['regional institutional kept as necessary without a justification', { category: 'institutional', basisLevel: 'regional', standard: range, keptAsNecessary: true }, 'cancel', null, ['F2']],
    ['regional institutional not declared necessary', { category: 'institutional', basisLevel: 'regional', standard: fixed }, 'cancel', null, ['F2']],
  ])('when the fee is %s, then the recommendation is %s at %j fen with findings %j', (_name, fee, outcome, approved, rules) => {
    const e = evaluateFee(fee);
    expect(e.recommendedOutcome).toBe(outcome);
    expect(e.approvedStandardFen).toBe(approved);
    expect(e.findings.map((f) => f.ruleId)).toEqual(rules);
  });
});

describe('retaining a fee the rules cancel', () => {
  test.each<[string, FeeFacts, string | null]>([
    ['regional administrative', { category: 'administrative', basisLevel: 'regional', standard: fixed }, 'F1'],
    ['regional institutional not declared necessary', { category: 'institutional', basisLevel: 'regional', standard: fixed }, 'F2'],
    ['national administrative', { category: 'administrative', basisLevel: 'national', standard: range }, null],
    ['regional institutional kept as necessary with a justification', { category: 'institutional', basisLevel: 'regional', standard: range, keptAsNecessary: true, necessityJustification: '确有必要' }, null],
  ])('when the fee is %s, then retaining it is forbidden by %s', (_name, fee, rule) => {
    const forbidden = retainForbiddenBy(fee);
    expect(forbidden?.ruleId ?? null).toBe(rule);
    if (forbidden) expect(forbidden.effect).toBe('cancel');
  });
});

describe('F4 both opinions before the executive meeting', () => {
  test.each([
    [null, null, ['finance', 'price']],
    ['retain', null, ['price']],
    [null, 'cancel', ['finance']],
    ['retain', 'cancel', []],
  ])('when finance=%s and price=%s, then missing is %j', (financeVerdict, priceVerdict, missing) => {
    expect(missingOpinions({ financeVerdict, priceVerdict })).toEqual(missing);
  });
});

describe('F5 凡不在公布目录的行政事业性收费一律停止执行', () => {
  test.each([
    [{ status: 'retained' as const }, 3, true, 'listed'],
    [{ status: 'cancelled' as const }, 3, false, 'cancelled'],
    [undefined, 3, false, 'not_in_catalogue'],
    [undefined, null, false, 'no_catalogue'],
  ])('when the entry is %j in version %s, then permitted=%s (%s)', (entry, version, permitted, reason) => {
    expect(f5(entry, version)).toEqual({ permitted, reason });
  });
});
