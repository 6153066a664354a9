// fullCollection without --expose-gc: borrows gc from one new context and leaves the flag off again.
import { runInNewContext } from 'node:vm';
import { fullCollection } from '../../src/lib/gc.js';

describe('fullCollection', () => {
  test('when the process has no global gc, then a working collector is returned, the same one each time, and new contexts still have no gc', () => {
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
    const collect = fullCollection();
    expect(typeof collect).toBe('function');
    expect(() => collect()).not.toThrow();
    expect(fullCollection()).toBe(collect);
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
