// A client address as a keyed hash (HMAC-SHA-256, hex, cut to `hexChars`): personal data that must correlate without
// being readable back (a plain hash of an IPv4 address is reversed by trying all 2^32). Each use has its own generated
// key (the idempotency scope, the public routes' log lines), so a logged value never matches a stored scope.
import { createHmac } from 'node:crypto';

export function addressHash(key: Buffer, address: string, hexChars: number): string {
  return createHmac('sha256', key).update(address).digest('hex').slice(0, hexChars);
}
