// Which characters text input may contain (issue 11): one rule for query strings, path parameters, JSON bodies and
// import cells.
//
// Refused: the C0 control characters U+0000–U+001F except TAB (U+0009), LF (U+000A) and CR (U+000D), which free text
// (descriptions, progress notes, CSV cells) legitimately carries; DEL (U+007F); the C1 controls U+0080–U+009F (never
// typed, only produced by mis-decoded bytes); and lone UTF-16 surrogates (not text: they cannot be stored as UTF-8).
// Everything else, including every CJK character and emoji, is accepted; field schemas add their own limits.

// eslint-disable-next-line no-control-regex
const DISALLOWED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Surrogate}/u;
/** A quick pre-check without the unicode flag (several times faster): also true for surrogate pairs, which are fine. */
// eslint-disable-next-line no-control-regex
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF]/;

/** The first character the rule refuses: its code point as U+XXXX, its 1-based position, and what kind it is. */
export interface DisallowedCharacter {
  name: string;
  position: number;
  kind: 'a control character' | 'an unpaired surrogate';
}

/** The first refused character in `value` (the one rule for JSON, query, path and import cells), or undefined. */
export function firstDisallowedCharacter(value: string): DisallowedCharacter | undefined {
  if (!SUSPECT.test(value)) return undefined;
  const m = DISALLOWED.exec(value);
  if (!m) return undefined;
  const code = m[0].codePointAt(0)!;
  return {
    name: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
    position: m.index + 1,
    kind: code >= 0xd800 && code <= 0xdfff ? 'an unpaired surrogate' : 'a control character',
  };
}

/** Why `value` is not acceptable text (naming the first offending character and its position), or undefined if it is. */
export function disallowedCharacter(value: string): string | undefined {
  const bad = firstDisallowedCharacter(value);
  if (!bad) return undefined;
  return `contains ${bad.kind} (${bad.name}) at position ${bad.position}; control characters other than tab, line feed and carriage return are not accepted`;
}

/** A JSON pointer token (RFC 6901). */
const token = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Every string (and object key) in a parsed JSON value or query object that `disallowedCharacter` refuses, as
 * [JSON pointer, detail]. Stops after `limit` findings.
 */
export function findDisallowedText(value: unknown, limit = 20): Array<[pointer: string, detail: string]> {
  const out: Array<[string, string]> = [];
  const walk = (v: unknown, pointer: string): void => {
    if (out.length >= limit) return;
    if (typeof v === 'string') {
      const d = disallowedCharacter(v);
      if (d) out.push([pointer || '/', d]);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length && out.length < limit; i++) walk(v[i], `${pointer}/${i}`);
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        const d = disallowedCharacter(k);
        if (d) out.push([`${pointer}/${token(k)}`, `the field name ${d}`]);
        walk((v as Record<string, unknown>)[k], `${pointer}/${token(k)}`);
      }
    }
  };
  walk(value, '');
  return out;
}

/**
 * False when JSON text cannot decode to a refused character: raw C0 controls are not valid JSON, and lone surrogates
 * cannot arrive as UTF-8, so they only come as escapes (\u…, \b, \f) or raw DEL/C1. A cheap scan of the raw text that
 * spares walking a large parsed import (true may be a false alarm, e.g. an escaped backslash before a "u").
 */
export function jsonTextMayHoldDisallowed(text: string): boolean {
  return /\\[bfu]|[\u007f-\u009f]/.test(text);
}
