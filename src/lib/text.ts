// Which characters text input may contain (issues 11 and 21): one rule for query strings, path parameters, JSON bodies
// and import cells, and the `pattern` every free-text schema states (TEXT_PATTERN, src/http/text-schema.ts), so a
// client-side validator agrees with the server.
//
// Refused: the C0 control characters U+0000–U+001F except TAB (U+0009), LF (U+000A) and CR (U+000D), which free text
// (descriptions, progress notes, CSV cells) legitimately carries; DEL (U+007F); the C1 controls U+0080–U+009F (never
// typed, only produced by mis-decoded bytes); the bidi embedding, override and isolate controls U+202A–U+202E and
// U+2066–U+2069 ("Trojan source": they make text display as something other than what is stored, e.g. a complaint an
// official reads differently from what was filed); and lone UTF-16 surrogates (not text: they cannot be stored as UTF-8).
// Everything else is accepted, including every CJK character, emoji, and the bidi marks U+200E, U+200F and U+061C that
// Uyghur and other right-to-left text needs; field schemas add their own limits.

type Kind = 'a control character' | 'a bidi embedding, override or isolate control ("Trojan source")';

// Stryker disable all: static (module-level) mutants, which the jest runner under ESM never activates; the lists and
// patterns built here are checked code point by code point in test/lib/text-pattern.test.ts.
/** The refused code points as inclusive ranges: the one list the check, the JSON pre-scan and TEXT_PATTERN are built from. */
export const DISALLOWED_RANGES: ReadonlyArray<readonly [from: number, to: number, kind: Kind]> = [
  [0x00, 0x08, 'a control character'],
  [0x0b, 0x0c, 'a control character'],
  [0x0e, 0x1f, 'a control character'],
  [0x7f, 0x9f, 'a control character'],
  [0x202a, 0x202e, 'a bidi embedding, override or isolate control ("Trojan source")'],
  [0x2066, 0x2069, 'a bidi embedding, override or isolate control ("Trojan source")'],
];

const u = (code: number) => `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
/** A regex character class body of ranges, written with \uXXXX escapes (the same in every regex dialect, `u` flag or not). */
const classOf = (ranges: ReadonlyArray<readonly [number, number, Kind]>) => ranges.map(([from, to]) => (from === to ? u(from) : `${u(from)}-${u(to)}`)).join('');

/** The refused characters as the body of a regex character class, for a field pattern of its own (`[^${TEXT_CLASS}…]`). */
export const TEXT_CLASS = classOf(DISALLOWED_RANGES);
/**
 * The JSON Schema `pattern` of free text: no refused character. Lone surrogates are left out on purpose: a validator
 * without the `u` flag sees every emoji as two surrogates and would refuse it; the server refuses lone ones itself.
 */
export const TEXT_PATTERN = `^[^${TEXT_CLASS}]*$`;

const DISALLOWED = new RegExp(`[${TEXT_CLASS}]|\\p{Surrogate}`, 'u');
/** A quick pre-check without the unicode flag (several times faster): also true for surrogate pairs, which are fine. */
const SUSPECT = new RegExp(`[${TEXT_CLASS}\\uD800-\\uDFFF]`);
/** Raw JSON text cannot hold a C0 control (not valid JSON), so the pre-scan looks for escapes and the other ranges. */
const JSON_SUSPECT = new RegExp(`\\\\[bfu]|[${classOf(DISALLOWED_RANGES.filter(([from]) => from >= 0x20))}]`);
// Stryker restore all

/** The first character the rule refuses: its code point as U+XXXX, its 1-based position, and what kind it is. */
export interface DisallowedCharacter {
  name: string;
  position: number;
  kind: Kind | 'an unpaired surrogate';
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
    kind: code >= 0xd800 && code <= 0xdfff ? 'an unpaired surrogate' : DISALLOWED_RANGES.find(([from, to]) => code >= from && code <= to)![2],
  };
}

const BIDI_RULE = 'the bidi embedding, override and isolate controls U+202A–U+202E and U+2066–U+2069 are not accepted (the marks U+200E, U+200F and U+061C are)';
const CONTROL_RULE = 'control characters other than tab, line feed and carriage return are not accepted';

/** Why `value` is not acceptable text (naming the first offending character and its position), or undefined if it is. */
export function disallowedCharacter(value: string): string | undefined {
  const bad = firstDisallowedCharacter(value);
  if (!bad) return undefined;
  return `contains ${bad.kind} (${bad.name}) at position ${bad.position}; ${bad.kind.startsWith('a bidi') ? BIDI_RULE : CONTROL_RULE}`;
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
 * cannot arrive as UTF-8, so they only come as escapes (\u…, \b, \f) or raw DEL, C1 or bidi controls. A cheap scan of the raw text that
 * spares walking a large parsed import (true may be a false alarm, e.g. an escaped backslash before a "u").
 */
export function jsonTextMayHoldDisallowed(text: string): boolean {
  return JSON_SUSPECT.test(text);
}
