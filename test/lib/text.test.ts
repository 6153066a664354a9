import { disallowedCharacter, findDisallowedText, firstDisallowedCharacter, jsonTextMayHoldDisallowed } from '../../src/lib/text.js';

describe('disallowedCharacter', () => {
  test.each([
    ['NUL', 'a\u0000b', 'U+0000'],
    ['BEL', '\u0007', 'U+0007'],
    ['vertical tab', 'x\u000b', 'U+000B'],
    ['form feed', 'x\u000c', 'U+000C'],
    ['escape', '\u001b[31m', 'U+001B'],
    ['DEL', 'x\u007f', 'U+007F'],
    ['a C1 control', 'x\u0085', 'U+0085'],
    ['a lone high surrogate', 'x\ud800', 'U+D800'],
    ['a lone low surrogate', '\udc00x', 'U+DC00'],
    ['a right-to-left override (Trojan source)', '同意\u202e意同不', 'U+202E'],
    ['a left-to-right embedding', '\u202a文本', 'U+202A'],
    ['a first-strong isolate', 'x\u2068y', 'U+2068'],
    ['a pop directional isolate', 'x\u2069', 'U+2069'],
  ])('when the text holds %s, then it is refused, naming the character', (_name, text, code) => {
    expect(disallowedCharacter(text)).toContain(code);
  });

  test.each([
    ['plain Chinese', '清理行政审批事项'],
    ['tab, line feed, carriage return', '第一行\r\n\t第二行'],
    ['an emoji (a surrogate pair)', '👍 完成'],
    ['FTS and SQL metacharacters', `"a" OR b* NEAR(c) ^d -e ' ; -- %_\\`],
    ['the empty string', ''],
    ['Uyghur with the right-to-left mark, the left-to-right mark and the Arabic letter mark', 'ئۇيغۇر\u200f تىلى\u200e 2027\u061c'],
  ])('when the text is %s, then it is accepted', (_name, text) => {
    expect(disallowedCharacter(text)).toBeUndefined();
  });
});

describe('firstDisallowedCharacter (the rule import cells share with JSON, query and path)', () => {
  test('when a cell holds NUL, another C0 control, DEL, a C1 control or a lone surrogate, then the first is named with its position; TAB, LF and CR are text', () => {
    expect(firstDisallowedCharacter('a\u0000b')).toEqual({ name: 'U+0000', position: 2, kind: 'a control character' });
    expect(firstDisallowedCharacter('\u0007\u0001')).toMatchObject({ name: 'U+0007', position: 1 });
    expect(firstDisallowedCharacter('x\u007f')).toMatchObject({ name: 'U+007F', position: 2 });
    expect(firstDisallowedCharacter('x\u0085')).toMatchObject({ name: 'U+0085', position: 2 });
    expect(firstDisallowedCharacter('整改\ud800')).toEqual({ name: 'U+D800', position: 3, kind: 'an unpaired surrogate' });
    expect(firstDisallowedCharacter('第一行\r\n第二行\t完👍')).toBeUndefined();
  });
});

describe('findDisallowedText', () => {
  test('when strings deep in a value and a key are bad, then each is named by its JSON pointer', () => {
    const found = findDisallowedText({ items: [{ title: 'ok' }, { title: 'a\u0000', 'x/y': ['\u0001'] }], 'k\u0002': 1, n: 5 });
    expect(found.map(([p]) => p)).toEqual(['/items/1/title', '/items/1/x~1y/0', '/k\u0002']);
  });
});

describe('jsonTextMayHoldDisallowed', () => {
  test('when JSON text escapes a refused character, then true; plain text (CJK, tab, newline escapes), false', () => {
    for (const v of ['a\u0000', '\u0007', '\ud800', 'x\u007f', 'x\u0085', '\b', '\f']) expect(jsonTextMayHoldDisallowed(JSON.stringify({ v }))).toBe(true);
    expect(jsonTextMayHoldDisallowed(JSON.stringify({ v: '清理\t事项\r\n"引号"/👍' }))).toBe(false);
  });
});

describe('bidi controls (issue 21.5, "Trojan source")', () => {
  test('when text holds U+202E, then the message names it, its position, the rule and the marks that stay allowed', () => {
    expect(firstDisallowedCharacter('同意\u202e意同不')).toEqual({ name: 'U+202E', position: 3, kind: 'a bidi embedding, override or isolate control ("Trojan source")' });
    expect(disallowedCharacter('同意\u202e')).toBe(
      'contains a bidi embedding, override or isolate control ("Trojan source") (U+202E) at position 3; the bidi embedding, override and isolate controls U+202A–U+202E and U+2066–U+2069 are not accepted (the marks U+200E, U+200F and U+061C are)',
    );
  });

  test('when text holds a control character, then the message keeps the control-character rule', () => {
    expect(disallowedCharacter('a\u0001')).toBe('contains a control character (U+0001) at position 2; control characters other than tab, line feed and carriage return are not accepted');
  });
});
