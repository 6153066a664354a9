// findDisallowedText walks every string and key of a value, names each by its JSON pointer and stops at the limit.
import { disallowedCharacter, findDisallowedText, firstDisallowedCharacter } from '../../src/lib/text.js';

describe('findDisallowedText', () => {
  test('when the value itself is a bad string, then the pointer is the root "/"', () => {
    expect(findDisallowedText('a\u0001')).toEqual([['/', disallowedCharacter('a\u0001')]]);
  });

  test('when more strings are bad than the limit, then exactly the limit is reported, in order', () => {
    const bad = Array.from({ length: 5 }, (_, i) => `x${i}\u0000`);
    expect(findDisallowedText(bad, 3).map(([p]) => p)).toEqual(['/0', '/1', '/2']);
    expect(findDisallowedText({ a: bad, b: '\u0001', c: '\u0002' }, 6).map(([p]) => p)).toEqual(['/a/0', '/a/1', '/a/2', '/a/3', '/a/4', '/b']);
    expect(findDisallowedText(Array.from({ length: 30 }, () => '\u0000'))).toHaveLength(20);
  });

  test('when the limit is reached inside an object, then later fields are not reported', () => {
    expect(findDisallowedText({ a: '\u0000', b: '\u0001', c: { d: '\u0002' } }, 2).map(([p]) => p)).toEqual(['/a', '/b']);
  });

  test('when a field name holds a refused character or a pointer metacharacter, then it is named escaped (RFC 6901) and said to be a field name', () => {
    const found = findDisallowedText({ 'a~b\u0001': 'ok', 'c/d': ['\u0002'] });
    expect(found).toEqual([
      ['/a~0b\u0001', `the field name ${disallowedCharacter('a~b\u0001')}`],
      ['/c~1d/0', disallowedCharacter('\u0002')],
    ]);
  });

  test('when values are null, numbers, booleans or good strings, then nothing is reported', () => {
    expect(findDisallowedText({ a: null, b: 1, c: true, d: ['ok', null, 2], e: { f: '好' } })).toStrictEqual([]);
    expect(findDisallowedText(null)).toStrictEqual([]);
  });

  test('when an array holds no bad string, then no pointer beyond its length is reported', () => {
    expect(findDisallowedText(['ok', 'fine'])).toStrictEqual([]);
  });
});

describe('firstDisallowedCharacter at the edges of the surrogate range', () => {
  test('when the text holds U+DFFF alone, then it is an unpaired surrogate; U+009F is a control character', () => {
    expect(firstDisallowedCharacter('\udfff')).toEqual({ name: 'U+DFFF', position: 1, kind: 'an unpaired surrogate' });
    expect(firstDisallowedCharacter('ab\u009f')).toEqual({ name: 'U+009F', position: 3, kind: 'a control character' });
  });
  test('when the text holds only a surrogate pair, then nothing is refused although the quick check suspects it', () => {
    expect(firstDisallowedCharacter('😀')).toBeUndefined();
  });
});
