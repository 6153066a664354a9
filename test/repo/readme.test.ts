// Issue 12.18, 12.19, 12.13: the README stands alone in a clone (its links point inside the repository), says how to
// replace a lost admin key, and its typed-client example is the file the client check compiles and runs.
import { existsSync, readFileSync } from 'node:fs';

const readme = readFileSync('README.md', 'utf8');

test('every relative link of the README points at a file in the repository, none outside it', () => {
  expect(readme).not.toMatch(/\.\.\/shared|\]\(\.\.\//);
  const links = [...readme.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/.test(l));
  expect(links).toEqual(expect.arrayContaining(['docs/work-plan.zh.txt', 'docs/domain.md']));
  for (const l of links) expect([l, existsSync(l)]).toEqual([l, true]);
});

test('the docs hold the plan and the project’s own domain description', () => {
  expect(readFileSync('docs/work-plan.zh.txt', 'utf8')).toContain('集中整改');
  const domain = readFileSync('docs/domain.md', 'utf8');
  for (const term of ['整改台账', '行政审批事项清理', '行政事业性收费清理', 'instanceId', 'work-plan.zh.txt']) expect(domain).toContain(term);
});

test('the README says how to replace a lost bootstrap admin key', () => {
  expect(readme).toContain('npm run key -- create --role admin');
  expect(readme).toContain('npm run key -- --help');
});

test('the README’s typed-client example is test/client/readme-example.ts, word for word', () => {
  const example = readFileSync('test/client/readme-example.ts', 'utf8');
  expect(readme).toContain('```ts\n' + example + '```');
});
