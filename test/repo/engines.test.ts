// Issue 12.21: a clean `npm ci` on the oldest Node the package allows prints no EBADENGINE warning: every locked
// package's `engines.node` admits the minimum of ours (content-disposition 3 needs Node 22; @fastify/static gets 2.0.1,
// the same API, through `overrides`).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const semver = require('semver') as { minVersion(range: string): { version: string } | null; satisfies(v: string, range: string): boolean };

test('every package in package-lock.json supports the oldest Node that package.json engines allows', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
  const oldest = semver.minVersion(pkg.engines.node)!.version;
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };
  const refused: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
    if (path && range && !semver.satisfies(oldest, range)) refused.push(`${path} needs node ${range}`);
  }
  expect(oldest).toBe('20.19.0');
  expect(refused).toEqual([]);
});
