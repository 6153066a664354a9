// Paths of the project's data files (migrations, seed JSON), found from the project root so they resolve the same
// from the TypeScript sources (tsx, jest) and from the bundled build in dist/.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Stryker disable all: findRoot runs once, for PROJECT_ROOT at import: a static (module-level) mutant, which the jest runner under ESM never activates
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'migrations')) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('project root (with migrations/ and package.json) not found');
    dir = up;
  }
}

export const PROJECT_ROOT = findRoot();
// Stryker restore all
export const projectPath = (...parts: string[]): string => resolve(PROJECT_ROOT, ...parts);
