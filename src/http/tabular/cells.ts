// Pure cell rules shared by every import and export (one place, so every register reads and writes cells alike).

/** The date forms an official types, for the error that names them. */
export const ACCEPTED_DATE_FORMATS = '2026-05-31, 2026-5-31, 2026/5/31, 2026.5.31, 2026年5月31日, 20260531, an Excel date cell or an Excel serial number (46173)';

// Excel's day 0 is 1899-12-30 once its 1900 leap-year bug (serial 60 = 1900-02-29, which did not exist) is skipped.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

function ymd(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** An Excel serial day number (1 = 1900-01-01) as YYYY-MM-DD; the time of day is dropped. */
export function excelSerialToDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466 || serial === 60) return null;
  const days = Math.floor(serial) + (serial < 60 ? 1 : 0);
  const d = new Date(EXCEL_EPOCH_MS + days * DAY_MS);
  return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** A date as officials write it (see ACCEPTED_DATE_FORMATS) → YYYY-MM-DD, or null when it is not a real date. */
export function parseOfficialDate(value: string | number | Date): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    // exceljs reads a date cell as UTC midnight of the day shown.
    return ymd(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  if (typeof value === 'number') return excelSerialToDate(value);
  const s = value.trim();
  let m = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{1,7}(?:\.\d+)?$/.test(s)) return excelSerialToDate(Number(s));
  return null;
}

// OWASP CSV injection: a cell starting with = + - @, TAB or CR is a formula to Excel. Exports put a ' in front; the
// import takes exactly one ' off again. Cells already starting with ' before such a character get one more, so the
// pair is a bijection and the round trip is lossless.
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** A text cell as written to a CSV export: formulas neutralised with a leading '. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The inverse of neutraliseFormula, applied to every imported cell. */
export function restoreFormula(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
