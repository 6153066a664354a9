// The injectable clock: the system one follows real time, the fixed one stays where a test puts it.
import { fixedClock, systemClock } from '../../src/lib/clock.js';

describe('clock', () => {
  test('when the system clock is read, then it is the current time', () => {
    const before = Date.now();
    const t = systemClock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  test('when a fixed clock is read, then it gives its instant until it is set again', () => {
    const clock = fixedClock('2027-06-30T15:59:59Z');
    expect(clock.now().toISOString()).toBe('2027-06-30T15:59:59.000Z');
    clock.set(new Date('2027-07-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2027-07-01T00:00:00.000Z');
  });

  test('when a caller changes the Date a fixed clock gave, then the clock does not move', () => {
    const clock = fixedClock(new Date('2027-06-30T00:00:00Z'));
    clock.now().setUTCFullYear(2030);
    expect(clock.now().toISOString()).toBe('2027-06-30T00:00:00.000Z');
  });

  test('when a fixed clock is built from a Date that later changes, then the clock does not move', () => {
    const at = new Date('2027-06-30T00:00:00Z');
    const clock = fixedClock(at);
    at.setUTCFullYear(2030);
    const next = new Date('2028-01-01T00:00:00Z');
    clock.set(next);
    next.setUTCFullYear(2031);
    expect(clock.now().toISOString()).toBe('2028-01-01T00:00:00.000Z');
  });
});
