// Keyset pagination (API.md 11–13): opaque page tokens signed with HMAC and bound to the filters and order they were
// issued for. A token is the last row's (sort key, id); the next page starts strictly after it, so a walk never repeats.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Type, type TSchema } from 'typebox';
import { AppError } from './errors.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export const PageQuery = {
  pageSize: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1_000_000, description: `Rows per page: default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE} (larger values are coerced down).` }),
  ),
  pageToken: Type.Optional(
    Type.String({ maxLength: 2048, pattern: '^[A-Za-z0-9_.-]+$', description: 'The nextPageToken of the previous page; valid only with the same filters and order.' }),
  ),
};

export const pageSizeOf = (n: number | undefined): number => Math.min(n ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);

/** `{ items, nextPageToken }`, the shape of every list response. */
export function PageOf<T extends TSchema>(item: T, description: string) {
  return Type.Object(
    {
      items: Type.Array(item, { maxItems: MAX_PAGE_SIZE, description: 'The rows of this page.' }),
      nextPageToken: Type.Optional(Type.String({ maxLength: 2048, description: 'Pass as pageToken for the next page; absent on the last page.' })),
    },
    { description },
  );
}

export type Cursor = readonly (string | number | null)[];

export class PageTokens {
  constructor(private readonly key: Buffer) {}

  private binding(scope: string, filters: Record<string, unknown>): string {
    const sorted = Object.keys(filters)
      .filter((k) => k !== 'pageToken' && k !== 'pageSize' && filters[k] !== undefined)
      .sort()
      .map((k) => [k, filters[k]]);
    return createHash('sha256').update(JSON.stringify([scope, sorted])).digest('base64url').slice(0, 16);
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url');
  }

  encode(scope: string, filters: Record<string, unknown>, cursor: Cursor): string {
    const data = Buffer.from(JSON.stringify({ c: cursor, b: this.binding(scope, filters) })).toString('base64url');
    return `${data}.${this.sign(data)}`;
  }

  /** The cursor of a token, or undefined without one; 400 INVALID_PAGE_TOKEN when tampered or reused with other filters. */
  decode(scope: string, filters: Record<string, unknown>, token: string | undefined): Cursor | undefined {
    if (token === undefined) return undefined;
    const bad = () => new AppError('INVALID_PAGE_TOKEN', 'The page token was altered or issued for other filters or another order; start again without pageToken', {
      errors: [{ in: 'query', pointer: '/pageToken', detail: 'not a token this list issued for these filters' }],
    });
    const [data, mac] = token.split('.');
    if (!data || !mac) throw bad();
    const expected = Buffer.from(this.sign(data));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw bad();
    let parsed: { c: Cursor; b: string };
    try {
      parsed = JSON.parse(Buffer.from(data, 'base64url').toString('utf8'));
    } catch {
      throw bad();
    }
    if (parsed.b !== this.binding(scope, filters) || !Array.isArray(parsed.c)) throw bad();
    return parsed.c;
  }

  /** Builds `{ items, nextPageToken }` from `limit + 1` fetched rows. */
  page<R>(scope: string, filters: Record<string, unknown>, rows: R[], limit: number, cursorOf: (row: R) => Cursor): { items: R[]; nextPageToken?: string } {
    if (rows.length <= limit) return { items: rows };
    const items = rows.slice(0, limit);
    return { items, nextPageToken: this.encode(scope, filters, cursorOf(items[items.length - 1])) };
  }
}

/** `orderBy` of the form "field" or "field desc" (API.md 13). */
/**
 * The sort a list asked for. `text` is its canonical form (`field` or `field desc`), which page tokens are bound to
 * with the filters: "code" and "code asc" are the same order.
 */
export function parseOrderBy<F extends string>(value: string | undefined, allowed: readonly F[], dflt: F): { field: F; desc: boolean; text: string } {
  if (!value) return { field: dflt, desc: false, text: dflt };
  const m = /^([a-zA-Z]+)(?: (asc|desc))?$/.exec(value.trim());
  if (!m || !allowed.includes(m[1] as F)) {
    throw new AppError('VALIDATION_FAILED', `orderBy must be one of ${allowed.join(', ')}, optionally followed by " desc"`, {
      errors: [{ in: 'query', pointer: '/orderBy', detail: `cannot sort by ${value}` }],
    });
  }
  return { field: m[1] as F, desc: m[2] === 'desc', text: m[2] === 'desc' ? `${m[1]} desc` : m[1] };
}

export function orderByParam(allowed: readonly string[], dflt: string) {
  return Type.Optional(
    Type.String({
      maxLength: 64,
      pattern: `^(${allowed.join('|')})( (asc|desc))?$`,
      description: `Sort: one of ${allowed.join(', ')}, optionally followed by " desc" (default ${dflt}). Ties are broken by id.`,
    }),
  );
}
