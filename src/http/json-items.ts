// An import body {"items": [...]} read item by item from its bytes (issue 13.5): each item's bytes are decoded and
// parsed on their own, so a 100,000-row import never holds its whole text (~70 MB as a two-byte string, twice while
// V8 flattens the concatenated chunks) next to its parsed rows. Any other shape, or an item that does not parse,
// returns undefined and the caller parses the whole text as before (the same value or the same error either way).
import { jsonTextMayHoldDisallowed } from '../lib/text.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ITEMS_KEY = Buffer.from('"items"');

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

function skipSpace(buf: Buffer, i: number): number {
  while (i < buf.length && isSpace(buf[i])) i++;
  return i;
}

/** The index after the closing quote of the string opening at `i`, or -1 when it is not closed. */
function stringEnd(buf: Buffer, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, from);
    if (q < 0) return -1;
    let b = q - 1;
    while (buf[b] === BACKSLASH) b--;
    // An even number of backslashes before the quote: it closes the string.
    if ((q - 1 - b) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

export interface JsonItems {
  items: unknown[];
  /** Whether any item's text may hold a refused character (src/lib/text.ts), as for a whole JSON text. */
  mayHoldDisallowed: boolean;
}

/**
 * The items of a body that is exactly {"items": [...]} (JSON whitespace anywhere), each parsed by `parse` (the app's
 * JSON parser, prototype poisoning refused), or undefined for any other body or an item `parse` refuses.
 */
export function readJsonItems(buf: Buffer, parse: (text: string) => { ok: true; value: unknown } | { ok: false }): JsonItems | undefined {
  const n = buf.length;
  let i = skipSpace(buf, 0);
  if (buf[i] !== 0x7b) return undefined;
  i = skipSpace(buf, i + 1);
  if (!buf.subarray(i, i + ITEMS_KEY.length).equals(ITEMS_KEY)) return undefined;
  i = skipSpace(buf, i + ITEMS_KEY.length);
  if (buf[i] !== 0x3a) return undefined;
  i = skipSpace(buf, i + 1);
  if (buf[i] !== 0x5b) return undefined;
  i = skipSpace(buf, i + 1);
  const items: unknown[] = [];
  let mayHoldDisallowed = false;
  if (buf[i] === 0x5d) i++;
  else {
    for (;;) {
      // One item: up to the comma or closing bracket outside strings, objects and arrays.
      const start = i;
      let depth = 0;
      for (;;) {
        if (i >= n) return undefined;
        const b = buf[i];
        if (b === QUOTE) {
          i = stringEnd(buf, i);
          if (i < 0) return undefined;
          continue;
        }
        if (b === 0x7b || b === 0x5b) depth++;
        else if (b === 0x7d || b === 0x5d) {
          if (depth === 0) break;
          depth--;
        } else if (b === 0x2c && depth === 0) break;
        i++;
      }
      // The item ends at an ASCII byte, so its text never splits a UTF-8 sequence.
      const text = buf.toString('utf8', start, i);
      const parsed = parse(text);
      if (!parsed.ok) return undefined;
      if (!mayHoldDisallowed) mayHoldDisallowed = jsonTextMayHoldDisallowed(text);
      items.push(parsed.value);
      if (buf[i] === 0x2c) {
        i++;
        continue;
      }
      if (buf[i] !== 0x5d) return undefined;
      i++;
      break;
    }
  }
  i = skipSpace(buf, i);
  if (buf[i] !== 0x7d) return undefined;
  i = skipSpace(buf, i + 1);
  return i === n ? { items, mayHoldDisallowed } : undefined;
}
