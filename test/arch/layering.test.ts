// Layering rules read from the sources: the data layer does not know HTTP, and no module's files import each other in a circle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve('src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Relative imports of a file (value and type imports, re-exports), as absolute .ts paths. */
function importsOf(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:import|export)\s[^'";]*?from\s+'(\.[^']+)'/g)) out.push(resolve(dirname(file), m[1].replace(/\.js$/, '.ts')));
  return out;
}

const all = files(root);
const graph = new Map(all.map((f) => [f, importsOf(f)]));
const rel = (f: string) => relative(root, f);

describe('layering', () => {
  test('when a file under src/db imports, then nothing comes from src/http', () => {
    const offending = all
      .filter((f) => rel(f).startsWith('db/'))
      .flatMap((f) => graph.get(f)!.filter((i) => rel(i).startsWith('http/')).map((i) => `${rel(f)} -> ${rel(i)}`));
    expect(offending).toEqual([]);
  });

  test('when the imports are followed, then no file reaches itself (no cycles)', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const next of graph.get(f) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map(rel).join(' -> '));
        else if (!state.has(next) && graph.has(next)) visit(next);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of all) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
