// newId: UUIDv7 from a pooled cryptographic source; ids must stay unique, well-formed and increasing (keyset pages).
import { isUuid, newId } from '../../src/lib/ids.js';

describe('newId', () => {
  test('when many ids are made at once (several pool refills within a millisecond), then each is a UUIDv7, unique and larger than the one before', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    for (const id of ids) {
      expect(isUuid(id)).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
  });

  test('when ids are made in different milliseconds, then their timestamp prefix follows the clock', async () => {
    const a = newId();
    await new Promise((r) => setTimeout(r, 5));
    const b = newId();
    expect(parseInt(b.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThan(parseInt(a.replace(/-/g, '').slice(0, 12), 16));
    expect(Math.abs(parseInt(b.replace(/-/g, '').slice(0, 12), 16) - Date.now())).toBeLessThan(5000);
  });
});
