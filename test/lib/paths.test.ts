// The project root is found from the source file's place: the folder holding migrations/ and package.json.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, projectPath } from '../../src/lib/paths.js';

describe('project paths', () => {
  test('when the root is found, then it holds migrations and package.json (the nearest such folder above the sources)', () => {
    expect(existsSync(join(PROJECT_ROOT, 'migrations'))).toBe(true);
    expect(existsSync(join(PROJECT_ROOT, 'package.json'))).toBe(true);
  });

  test('when a path is asked for, then it is resolved under the root', () => {
    expect(projectPath('migrations', 'meta')).toBe(join(PROJECT_ROOT, 'migrations', 'meta'));
    expect(projectPath()).toBe(PROJECT_ROOT);
  });
});
