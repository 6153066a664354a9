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
