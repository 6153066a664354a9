import { checkUscc, usccCheckCharacter } from '../../src/lib/uscc.js';

// Issue 22: (31 - sum % 31) % 31 is 0 when sum % 31 is 0, the character '0'; a mutant without the outer "% 31" indexes past the alphabet.
describe('a check character of 0 (issue 22)', () => {
  test('a valid code whose check character is 0 passes, and 0 is the character computed for it', () => {
    expect(usccCheckCharacter('91450100776049606')).toBe('0');
    expect(checkUscc('914501007760496060')).toEqual({ ok: true });
  });

  test('the same code with any other check character names 0 as the expected one', () => {
    expect(checkUscc('914501007760496061')).toEqual({ ok: false, reason: 'check', expected: '0' });
  });
});
