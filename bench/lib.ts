// Shared bits of the benchmark: a seeded PRNG, deterministic UUIDv7s, argument parsing, the fixed "now" of the data set.
import { createHash } from 'node:crypto';

/** The data set's campaign year and the instant the bench server's clock starts at (deadlines are spread around it). */
export const CAMPAIGN_YEAR = 2026;
export const BENCH_NOW = '2026-09-15T02:00:00.000Z';
export const BENCH_TODAY = '2026-09-15';

/** sfc32: small, fast, good enough for synthetic data; seeded so the same file comes out every time. */
export function prng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed, b = 0x243f6a88 ^ (seed * 7), c = 0xb7e15162, d = 1;
  const next = () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

export type Rand = ReturnType<typeof prng>;
export const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hexBytes = (r: Rand, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += HEX[Math.floor(r() * 256)];
  return s;
};

/** A UUIDv7 for the instant `ms` with seeded random bits (time-ordered like the service's newId()). */
export function uuid7(r: Rand, ms: number): string {
  const t = ms.toString(16).padStart(12, '0');
  const rnd = hexBytes(r, 10);
  const variant = ((parseInt(rnd[3], 16) & 0x3) | 0x8).toString(16);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${rnd.slice(0, 3)}-${variant}${rnd.slice(4, 7)}-${rnd.slice(8, 20)}`;
}

/** An API key token `xn_<16 hex>_<43 base64url>` and the stored hash of its secret. */
export function keyToken(r: Rand): { prefix: string; token: string; hash: string } {
  const prefix = hexBytes(r, 8);
  const secret = Buffer.from(hexBytes(r, 32), 'hex').toString('base64url');
  return { prefix, token: `xn_${prefix}_${secret}`, hash: createHash('sha256').update(secret).digest('hex') };
}

export function parseArgs(argv: string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=', 2);
    if (v !== undefined) out[k] = v;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) out[k] = argv[++i];
    else out[k] = true;
  }
  return out;
}

/** What the generator leaves next to the db file for the runner: key secrets and the ids the scenarios use. */
export interface BenchManifest {
  scale: number;
  seed: number;
  now: string;
  today: string;
  counts: Record<string, number>;
  keys: { admin: string; reader: string; inspector: string; unitEditor: string };
  campaignId: string;
  listUnitId: string;
  listStatus: string;
  listOverdueMatches: number;
  editorUnitId: string;
  itemIds: string[];
  feeChecks: Array<{ unit: string; item: string }>;
  /** Items prepared for the write scenarios (the service's, and the raw routes' *Raw), see bench/generate.ts. */
  pools: { patch: string[]; patchRaw: string[]; action: string[]; actionRaw: string[]; progress: string[]; progressRaw: string[] };
  importUnits: Array<{ id: string; name: string; creditCode: string }>;
  eventsAfter: number[];
  generatedInSeconds: number;
}

/** The bench servers' clock: starts at BENCH_NOW (or $BENCH_NOW) and runs, so "overdue" means the same on every run. */
export function benchClock(): { now: () => Date } {
  const start = Date.parse(process.env.BENCH_NOW ?? BENCH_NOW);
  const t0 = Date.now();
  return { now: () => new Date(start + (Date.now() - t0)) };
}
