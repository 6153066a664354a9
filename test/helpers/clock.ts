// A clock that moves on by a millisecond each time it is read: a use case that reads "now" once per row instead of
// once per transaction shows up as different instants (issue 17).
import type { Clock } from '../../src/lib/clock.js';

export function tickingClock(from: string): Clock & { reads(): number } {
  const start = new Date(from).getTime();
  let n = 0;
  return { now: () => new Date(start + n++), reads: () => n };
}
