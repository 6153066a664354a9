// TEXT_PATTERN, the `pattern` of every free-text schema, says exactly what firstDisallowedCharacter refuses (issue
// 21.5), code point by code point, for a validator with the `u` flag (Ajv, TypeBox) and one without (many form
// libraries); only lone surrogates differ by design: the pattern leaves them to the server.
import { DISALLOWED_RANGES, TEXT_PATTERN, firstDisallowedCharacter, jsonTextMayHoldDisallowed } from '../../src/lib/text.js';

const withU = new RegExp(TEXT_PATTERN, 'u');
const withoutU = new RegExp(TEXT_PATTERN);
const isSurrogate = (c: number) => c >= 0xd800 && c <= 0xdfff;

describe('TEXT_PATTERN', () => {
  test('when every code point U+0000–U+FFFF is checked alone, then the pattern (with and without the u flag) refuses exactly what the server refuses, surrogates apart', () => {
    const disagree: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (isSurrogate(c)) continue;
      const ch = String.fromCharCode(c);
      const refused = firstDisallowedCharacter(`a${ch}b`) !== undefined;
      if (withU.test(`a${ch}b`) === refused || withoutU.test(`a${ch}b`) === refused) disagree.push(`U+${c.toString(16).toUpperCase().padStart(4, '0')}`);
    }
    expect(disagree).toEqual([]);
  });

  test('when the bidi embedding, override and isolate controls are checked, then the pattern and the server refuse each; the marks U+200E, U+200F and U+061C pass both', () => {
    const bidi = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
    for (const c of bidi) {
      const text = `ئۇيغۇر${String.fromCharCode(c)}تىلى`;
      expect([c, withU.test(text), withoutU.test(text), firstDisallowedCharacter(text)?.kind]).toEqual([c, false, false, 'a bidi embedding, override or isolate control ("Trojan source")']);
    }
    for (const c of [0x200e, 0x200f, 0x061c]) {
      const text = `ئۇيغۇر${String.fromCharCode(c)}تىلى`;
      expect([c, withU.test(text), withoutU.test(text), firstDisallowedCharacter(text)]).toEqual([c, true, true, undefined]);
    }
  });

  test('when text holds an emoji (a surrogate pair), then the pattern accepts it with and without the u flag; a lone surrogate passes the pattern and the server refuses it', () => {
    for (const re of [withU, withoutU]) expect(re.test('整改完成👍')).toBe(true);
    expect(withU.test('a\ud800b')).toBe(true);
    expect(firstDisallowedCharacter('a\ud800b')).toMatchObject({ name: 'U+D800', kind: 'an unpaired surrogate' });
  });

  test('when the pattern is read, then it is one ASCII character class of \\u escapes with no surrogate in it', () => {
    expect(TEXT_PATTERN).toMatch(/^\^\[\^(\\u[0-9A-F]{4}(-\\u[0-9A-F]{4})?)+\]\*\$$/);
    expect(TEXT_PATTERN).not.toMatch(/\\uD[89A-F]/);
  });
});

describe('the JSON pre-scan', () => {
  test('when JSON text carries any refused character (escaped or raw), then jsonTextMayHoldDisallowed is true', () => {
    const missed: number[] = [];
    for (const [from, to] of DISALLOWED_RANGES) for (let c = from; c <= to; c++) if (!jsonTextMayHoldDisallowed(JSON.stringify({ v: `x${String.fromCharCode(c)}` }))) missed.push(c);
    expect(missed).toEqual([]);
    expect(jsonTextMayHoldDisallowed(JSON.stringify({ v: 'ئۇيغۇر\u200fتىلى\u200e\u061c 清理事项' }))).toBe(false);
  });
});
