import { checkUscc, usccCheckCharacter } from '../../src/lib/uscc.js';

describe('unified social credit code (GB 32100-2015)', () => {
  test.each([
    ['91350200776049653A', true],
    ['114500000000000198', true],
    ['91350200776049653B', false],
  ])('when %s is checked, then valid is %s', (code, valid) => {
    expect(checkUscc(code).ok).toBe(valid);
  });

  test('when the check character is wrong, then the expected one is named', () => {
    expect(checkUscc('91350200776049653B')).toEqual({ ok: false, reason: 'check', expected: 'A' });
  });

  test('when a character is outside the alphabet (I, O, S, V, Z), then the format is wrong', () => {
    expect(checkUscc('9135020077604965IA')).toEqual({ ok: false, reason: 'format' });
    expect(usccCheckCharacter('O1350200776049653')).toBeNull();
  });
});

describe('credit code check characters (issue 17)', () => {
  test('when the last character is a digit where a letter is due, then the expected letter is named; the right one passes', () => {
    expect(checkUscc('913502007760496530')).toEqual({ ok: false, reason: 'check', expected: 'A' });
    expect(checkUscc('91350200776049653A')).toEqual({ ok: true });
  });
});

// GB 32100-2015 4: "统一社会信用代码用18位阿拉伯数字或大写英文字母表示,分别是1位登记管理部门代码、1位机构类别代码、
// 6位登记管理机关行政区划码、9位主体标识码(组织机构代码)、1位校验码"; the check character is computed over the first 17.
describe('the parts of the code (GB 32100-2015 4)', () => {
  test.each<[string, string]>([
    ['91350200776049653', '17 characters: the 校验码 is missing'],
    ['91350200776049653AA', '19 characters'],
    ['91A50200776049653A', 'a letter in the 6位登记管理机关行政区划码 (digits only)'],
    ['91350200776049653a', 'a lower-case check character (大写英文字母)'],
    ['', 'nothing'],
  ])('when the code is %j (%s), then the format is wrong', (code) => {
    expect(checkUscc(code)).toEqual({ ok: false, reason: 'format' });
  });

  test.each<[string, string | null]>([
    ['91350200776049653', 'A'],
    ['11450000000000019', '8'],
    ['9135020077604965', null],
    ['91350200776049653A', null],
    ['', null],
  ])('when the first 17 characters are %j, then the check character is %j', (first17, check) => {
    expect(usccCheckCharacter(first17)).toBe(check);
  });
});
