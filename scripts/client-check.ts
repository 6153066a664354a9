// API.md 25: generate a typed client from the committed contract, compile a script against it, and run that script
// against a live server (a fresh database in a temporary folder, listening on a free loopback port).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { issueBootstrapKey, seedIfEmpty } from '../src/seed.js';

const node = process.execPath;
execFileSync(node, ['node_modules/openapi-typescript/bin/cli.js', 'openapi/openapi.json', '-o', 'test/client/generated/schema.d.ts'], { stdio: 'inherit' });
execFileSync(node, ['node_modules/typescript/bin/tsc', '-p', 'test/client/tsconfig.json'], { stdio: 'inherit' });
console.log('typed client compiles against openapi/openapi.json');

const dir = mkdtempSync(join(tmpdir(), 'xiaoneng-client-'));
const app = await buildApp({ config: testConfig({ DATABASE_PATH: join(dir, 'client.db'), SEED: 'default' }), logger: false });
try {
  seedIfEmpty(app.deps);
  const key = issueBootstrapKey(app.deps);
  if (!key) throw new Error('no bootstrap key');
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  // Imported by URL so the root type-check does not follow it into the generated (git-ignored) types.
  const smoke = new URL('../test/client/smoke.ts', import.meta.url).href;
  const { run } = (await import(smoke)) as { run: (baseUrl: string, key: string) => Promise<string[]> };
  for (const line of await run(address, key)) console.log(`  ${line}`);
  console.log('typed client ran against the live server');
} finally {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
