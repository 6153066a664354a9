// API.md 25: generate typed clients from the committed contract with three generators (openapi-typescript +
// openapi-fetch, @hey-api/openapi-ts, orval), compile the scenario of each with tsc --strict, and run the three against
// a live server (a fresh database in a temporary folder, listening on a free loopback port). No network: the
// generators read openapi/openapi.json and write into test/client/generated (git-ignored).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { issueBootstrapKey, seedIfEmpty } from '../src/seed.js';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const generated = 'test/client/generated';
rmSync(generated, { recursive: true, force: true });
mkdirSync(generated, { recursive: true });

// The three generators in this process, through their Node APIs (no CLI start-up each).
const { default: openapiTS, astToString } = await import('openapi-typescript');
const ast = await openapiTS(new URL('../openapi/openapi.json', import.meta.url));
writeFileSync(`${generated}/schema.d.ts`, astToString(ast), { flag: 'w' });
const heyApi = await import('@hey-api/openapi-ts');
await heyApi.createClient({ input: './openapi/openapi.json', output: { path: `./${generated}/hey-api` }, plugins: ['@hey-api/client-fetch'], logs: { level: 'silent' } });
const orval = await import('orval');
await orval.generate('test/client/orval.config.ts');
console.log(`generated the three clients (${elapsed()})`);

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test/client/tsconfig.json'], { stdio: 'inherit' });
console.log(`the three clients and their scenarios compile under --strict (${elapsed()})`);

type Run = (baseUrl: string, key: string, scenario: unknown) => Promise<string[]>;
// Imported by URL so the root type-check does not follow them into the generated (git-ignored) code.
const load = async (file: string) => ((await import(new URL(`../test/client/${file}`, import.meta.url).href)) as { run: Run }).run;
const { scenario } = (await import(new URL('../test/client/scenario.ts', import.meta.url).href)) as { scenario: (tag: string, name: string, divisionCode: string) => unknown };
const clients: Array<[string, string, unknown]> = [
  ['openapi-typescript + openapi-fetch', 'smoke.ts', scenario('openapi-fetch', '南宁市良庆区', '450108')],
  ['@hey-api/openapi-ts', 'hey-api.ts', scenario('hey-api', '南宁市邕宁区', '450109')],
  ['orval', 'orval.ts', scenario('orval', '南宁市武鸣区', '450110')],
];

const dir = mkdtempSync(join(tmpdir(), 'xiaoneng-client-'));
const app = await buildApp({ config: testConfig({ DATABASE_PATH: join(dir, 'client.db'), SEED: 'default' }), logger: false });
try {
  seedIfEmpty(app.deps);
  const key = issueBootstrapKey(app.deps);
  if (!key) throw new Error('no bootstrap key');
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  for (const [name, file, data] of clients) {
    console.log(name);
    for (const line of await (await load(file))(address, key, data)) console.log(`  ${line}`);
  }
  console.log(`the three typed clients ran against the live server (${elapsed()})`);
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
