// fullCollection in a process started with --expose-gc: the global gc is used as it is.
import { runInNewContext } from 'node:vm';

describe('fullCollection with a global gc', () => {
  test('when the process exposes gc, then that function is returned and no context is made for it', async () => {
    const calls: string[] = [];
    const own = () => void calls.push('gc');
    (globalThis as { gc?: () => void }).gc = own;
    try {
      const { fullCollection } = await import('../../src/lib/gc.js');
      expect(fullCollection()).toBe(own);
      fullCollection()();
      expect(calls).toEqual(['gc']);
      expect(runInNewContext('typeof gc')).toBe('undefined');
    } finally {
      delete (globalThis as { gc?: () => void }).gc;
    }
  });
});
