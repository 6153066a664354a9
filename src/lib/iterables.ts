// Generators that feed streamed responses.

/**
 * Runs `gen` to its first value now and returns a generator of the same values. A streamed export calls it before the
 * response starts: an error in the first batch (a bad filter, a failing query) becomes an ordinary problem+json
 * response instead of a stream that breaks after its 200 headers.
 */
export function primed<T>(values: Iterable<T>): Generator<T> {
  const gen = values[Symbol.iterator]();
  const first = gen.next();
  return (function* () {
    if (first.done) return;
    yield first.value;
    for (let r = gen.next(); !r.done; r = gen.next()) yield r.value;
  })();
}
