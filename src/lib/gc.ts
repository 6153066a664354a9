// A full garbage collection on demand, to give an import's memory back (issue 13.5).
//
// A 100,000-row import allocates for seconds inside one synchronous transaction: what survives two scavenges is
// promoted to V8's old space, and once the import has answered nothing allocates any more, so V8 has no reason to run
// the major collection that would free it. Measured on the ledger CSV import: heap used 211 MB right after the answer,
// 26 MB after one full collection, and the RSS fell from 355 to 180 MB within a second (bench/RESULTS.md).
//
// Node has no public call for a collection without `--expose-gc` on its command line. The flag can be set at run time
// for contexts created afterwards: one new context hands over its `gc`, and the flag is cleared again so no other
// context gets it. This is what jest-leak-detector does (node_modules/jest-leak-detector/build/index.js,
// `_runGarbageCollector`); a process started with --expose-gc uses its own global `gc`.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** A function that runs a full (major) collection of the heap. */
export function fullCollection(): () => void {
  if (collect) return collect;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return (collect = exposed);
  setFlagsFromString('--expose-gc');
  try {
    collect = runInNewContext('gc') as () => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  return collect;
}
