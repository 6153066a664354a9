// Money is integer fen (分) everywhere (API.md 3). This parses yuan amounts and published fee standards
// ("10元/件", "5-20元/次", "0.5元/页") by decimal arithmetic on the digits themselves: no float ever touches a price.

/** The largest amount of one charge, in fen (10,000,000 元); fits a 32-bit integer. */
export const MAX_FEN = 1_000_000_000;

export class MoneyError extends Error {}

const YUAN_RE = /^(\d{1,9})(?:\.(\d{1,}))?$/;

/** "12.5" → 1250, "0.05" → 5, "10" → 1000. More than two decimals, a sign, an exponent or too large → MoneyError. */
export function yuanToFen(text: string): number {
  const s = text.normalize('NFKC').trim();
  const m = YUAN_RE.exec(s);
  if (!m) throw new MoneyError(`"${text}" is not an amount in yuan (digits, at most two decimals)`);
  const decimals = m[2] ?? '';
  if (decimals.length > 2) throw new MoneyError(`"${text}" has more than two decimals: fen (0.01 元) is the smallest unit`);
  const fen = Number(m[1]) * 100 + Number(decimals.padEnd(2, '0'));
  if (fen > MAX_FEN) throw new MoneyError(`"${text}" is larger than ${fenToYuan(MAX_FEN)} 元`);
  return fen;
}

/** 1250 → "12.50" (integer arithmetic only). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new MoneyError(`${fen} is not an integer amount of fen`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export type ParsedStandard =
  | { kind: 'fixed'; amountFen: number; per: string }
  | { kind: 'range'; minFen: number; maxFen: number; per: string };

// Range separators seen in published lists: 5-20, 5～20, 5~20, 5—20, 5–20, 5至20, 5到20 (after NFKC, ～ is ~ and － is -).
// Stryker disable next-line Regex: a static (module-level) mutant, which the jest runner under ESM never activates
const STANDARD_RE = /^(\d+(?:\.\d+)?)\s*(?:元\s*)?(?:(?:-|~|—|–|―|至|到)\s*(\d+(?:\.\d+)?)\s*)?元\s*(?:\/|每)\s*(\S(?:.*\S)?)$/;

/**
 * A standard as published: "10元/件" (fixed), "5-20元/次" or "5元-20元/次" (a range), "0.5元/页".
 * "免费" is refused: a free service is not a fee item and has no place in the fee catalogue.
 * `per` is the unit of charge after the slash (件, 次, 页).
 */
export function parseStandard(text: string): ParsedStandard {
  const s = text.normalize('NFKC').trim();
  if (s === '免费' || s === '免收' || s === '不收费') throw new MoneyError(`"${text}": a free service is not a fee item; leave it out of the fee list`);
  const m = STANDARD_RE.exec(s);
  if (!m) throw new MoneyError(`"${text}" is not a standard like 10元/件, 5-20元/次 or 0.5元/页`);
  const per = m[3];
  if (per.length > 20) throw new MoneyError(`"${text}": the unit of charge "${per}" is longer than 20 characters`);
  const first = yuanToFen(m[1]);
  if (m[2] === undefined) return { kind: 'fixed', amountFen: first, per };
  const second = yuanToFen(m[2]);
  if (first > second) throw new MoneyError(`"${text}": the lower bound is above the upper bound`);
  return { kind: 'range', minFen: first, maxFen: second, per };
}

/** The published wording of a standard, e.g. "5.00-20.00元/次". */
export function formatStandard(s: ParsedStandard): string {
  return s.kind === 'fixed' ? `${fenToYuan(s.amountFen)}元/${s.per}` : `${fenToYuan(s.minFen)}-${fenToYuan(s.maxFen)}元/${s.per}`;
}
