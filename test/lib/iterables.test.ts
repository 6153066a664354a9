// primed: the first value is computed at once (errors surface before a stream starts), then all values follow.
import { primed } from '../../src/lib/iterables.js';

describe('primed', () => {
  test('when primed, then the first value is produced at once and the rest only when read', () => {
    const produced: number[] = [];
    function* source() {
      for (const n of [1, 2, 3]) {
        produced.push(n);
        yield n;
      }
    }
    const gen = primed(source());
    expect(produced).toEqual([1]);
    expect([...gen]).toEqual([1, 2, 3]);
    expect(produced).toEqual([1, 2, 3]);
  });

  test('when the first batch fails, then primed throws at once', () => {
    function* failing(): Generator<number> {
      throw new Error('bad filter');
    }
    expect(() => primed(failing())).toThrow('bad filter');
  });

  test('when the source is empty, then nothing is yielded', () => {
    expect([...primed([])]).toStrictEqual([]);
  });

  test('when the source has one value, then exactly that value is yielded', () => {
    expect([...primed(['only'])]).toEqual(['only']);
  });
});
