// Writes (`write`) or checks (`check`) openapi/openapi.json against what the code generates.
import { readFileSync, writeFileSync } from 'node:fs';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';

export async function generateSpec(): Promise<string> {
  const app = await buildApp({ config: testConfig(), logger: false });
  await app.ready();
  const doc = JSON.stringify(app.swagger(), null, 2) + '\n';
  await app.close();
  return doc;
}

const FILE = 'openapi/openapi.json';
const mode = process.argv[2] ?? 'check';
const generated = await generateSpec();
if (mode === 'write') {
  writeFileSync(FILE, generated);
  console.log(`wrote ${FILE}`);
} else {
  let committed = '';
  try {
    committed = readFileSync(FILE, 'utf8');
  } catch {
    /* missing counts as different */
  }
  if (committed !== generated) {
    console.error(`${FILE} differs from what the code generates: run \`npm run openapi\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${FILE} matches the code`);
}
