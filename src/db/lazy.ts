// Statements prepared on first use, not when the app is built (issue 22: the suite builds an app per test, and
// preparing the ~90 statements of the repositories cost about a quarter of each build, for statements most tests never
// run). `lazy(() => db.select()…prepare())` is used exactly like the statement itself.

/** `make()`'s value, made on the first access to any of its properties; its methods stay bound to it. */
export function lazy<T extends object>(make: () => T): T {
  let value: T | undefined;
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy({} as T, {
    get(_target, key) {
      value ??= make();
      const v = Reflect.get(value, key, value) as unknown;
      if (typeof v !== 'function') return v;
      let b = bound.get(key);
      if (!b) bound.set(key, (b = (v as (...a: unknown[]) => unknown).bind(value)));
      return b;
    },
  });
}
