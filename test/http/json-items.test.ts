// Import bodies {"items": [...]} are parsed item by item from their bytes (issue 13.5): the same values as a whole
// JSON.parse, never the whole text decoded at once, and any other shape left to the whole-text parser.
import { describe, expect, it, jest } from '@jest/globals';
import { readJsonItems } from '../../src/http/json-items.js';

const parse = (text: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

describe('readJsonItems', () => {
  it('reads the same items as JSON.parse, whatever the strings, nesting and white space hold', () => {
    const items = [
      { code: 'A-1', name: '含"引号"、逗号,和]括号}的名称', bases: [{ title: '第{1}条', article: '\\' }], n: 1.5e3 },
      { code: 'A-2', path: 'C:\\dir\\', empty: {}, list: [[], [1, [2, { x: ']' }]]], nothing: null, yes: true },
      'a string item with \\" escaped quote',
      42,
      [1, 2],
      { emoji: '整改😀', control: '\u0001' },
    ];
    for (const text of [JSON.stringify({ items }), JSON.stringify({ items }, null, 2), ` \r\n{ "items" :\t[ ${items.map((i) => JSON.stringify(i)).join(' ,\n ')} ] }\n`]) {
      const read = readJsonItems(Buffer.from(text), parse);
      expect(read?.items).toEqual(items);
    }
    expect(readJsonItems(Buffer.from('{"items":[]}'), parse)).toEqual({ items: [], mayHoldDisallowed: false });
  });

  it('decodes one item at a time, never the whole body', () => {
    const buf = Buffer.from(JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ code: `C${i}`, name: '名称'.repeat(20) })) }));
    const toString = jest.spyOn(buf, 'toString');
    expect(readJsonItems(buf, parse)?.items).toHaveLength(50);
    expect(toString).toHaveBeenCalledTimes(50);
    for (const [, start, end] of toString.mock.calls as Array<[string, number, number]>) expect(end - start).toBeLessThan(buf.length / 40);
  });

  it('says whether an item may hold a refused character, as for the whole text', () => {
    expect(readJsonItems(Buffer.from('{"items":[{"a":"x"},{"a":"\\u0000"}]}'), parse)?.mayHoldDisallowed).toBe(true);
    expect(readJsonItems(Buffer.from('{"items":[{"a":"x"},{"a":"\u0085"}]}'), parse)?.mayHoldDisallowed).toBe(true);
    expect(readJsonItems(Buffer.from('{"items":[{"a":"x"},{"a":"y\\n"}]}'), parse)?.mayHoldDisallowed).toBe(false);
  });

  it('leaves every other body, and an item the parser refuses, to the whole-text parser', () => {
    for (const text of [
      '{"items":[1],"other":2}',
      '{"other":2,"items":[1]}',
      '{"items":{"a":1}}',
      '{"items":[1,]}',
      '{"items":[,1]}',
      '{"items":[1 2]}',
      '{"items":[{"a":"unclosed}]}',
      '{"items":[1]',
      '{"items":[1]} x',
      '\ufeff{"items":[1]}',
      '{"\\u0069tems":[1]}',
      '[{"items":[1]}]',
      '{"items":[{"a":1}}]}',
    ]) {
      expect(readJsonItems(Buffer.from(text), parse)).toBeUndefined();
    }
    const refusing = (text: string) => (text.includes('__proto__') ? { ok: false as const } : parse(text));
    expect(readJsonItems(Buffer.from('{"items":[{"a":1},{"__proto__":{"x":1}}]}'), refusing)).toBeUndefined();
  });
});
