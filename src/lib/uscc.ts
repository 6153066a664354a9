// Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last one a check character.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// Stryker disable next-line StringLiteral: a static (module-level) mutant, which the jest runner under ESM never activates;
// applied by hand, '' fails four format tests of test/lib/uscc.test.ts.
export const USCC_PATTERN = '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$';

/** The check character for the first 17 characters, or null when there are not 17 or one is outside the alphabet. */
export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  const values = Array.from(first17, (c) => ALPHABET.indexOf(c));
  if (values.includes(-1)) return null;
  const sum = values.reduce((acc, v, i) => acc + v * WEIGHTS[i], 0);
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export type UsccCheck = { ok: true } | { ok: false; reason: 'format' } | { ok: false; reason: 'check'; expected: string };

export function checkUscc(code: string): UsccCheck {
  const expected = new RegExp(USCC_PATTERN).test(code) ? usccCheckCharacter(code.slice(0, 17)) : null;
  if (expected === null) return { ok: false, reason: 'format' };
  return expected === code[17] ? { ok: true } : { ok: false, reason: 'check', expected };
}
