// The service's notion of "now": injectable so tests can stand on a deadline's last second.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays where it is put (tests). */
export function fixedClock(at: string | Date): Clock & { set(at: string | Date): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current.getTime()),
    set(next) {
      current = new Date(next);
    },
  };
}
