// Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last one a check character.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export const USCC_PATTERN = '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$';

/** The check character for the first 17 characters, or null when a character is outside the alphabet. */
export function usccCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i] ?? '');
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

export type UsccCheck = { ok: true } | { ok: false; reason: 'format' } | { ok: false; reason: 'check'; expected: string };

export function checkUscc(code: string): UsccCheck {
  if (!new RegExp(USCC_PATTERN).test(code)) return { ok: false, reason: 'format' };
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (expected === null) return { ok: false, reason: 'format' };
  return expected === code[17] ? { ok: true } : { ok: false, reason: 'check', expected };
}
