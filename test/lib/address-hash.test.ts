// addressHash: a keyed HMAC-SHA-256 of a client address, hex, cut to the length asked for.
import { createHmac } from 'node:crypto';
import { addressHash } from '../../src/lib/address-hash.js';

describe('addressHash', () => {
  const key = Buffer.from('0123456789abcdef0123456789abcdef');

  test('when an address is hashed, then it is the HMAC-SHA-256 hex of it under the key, cut to hexChars', () => {
    const full = createHmac('sha256', key).update('203.0.113.7').digest('hex');
    expect(addressHash(key, '203.0.113.7', 16)).toBe(full.slice(0, 16));
    expect(addressHash(key, '203.0.113.7', 64)).toBe(full);
  });

  test('when another key or another address is used, then the hash differs', () => {
    const other = Buffer.from('fedcba9876543210fedcba9876543210');
    expect(addressHash(other, '203.0.113.7', 32)).not.toBe(addressHash(key, '203.0.113.7', 32));
    expect(addressHash(key, '203.0.113.8', 32)).not.toBe(addressHash(key, '203.0.113.7', 32));
  });
});
