// Regenerates migrations from src/db/schema with drizzle-kit, then appends the hand-written SQL of
// src/db/sql/*.sql (FTS5 tables, triggers: what drizzle-kit cannot express) as custom migrations.
// Usage: npm run db:generate            (append: a new migration for what changed)
//        npm run db:generate -- --squash (before the first release only: one fresh migration set)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const squash = process.argv.includes('--squash');
const kit = ['node_modules/drizzle-kit/bin.cjs'];
if (squash) {
  rmSync('migrations', { recursive: true, force: true });
  mkdirSync('migrations');
}
execFileSync('node', [...kit, 'generate', '--name', squash ? 'init' : 'schema'], { stdio: 'inherit' });

// Custom SQL files are applied once each, in name order, tracked by the journal like any migration.
const journalPath = 'migrations/meta/_journal.json';
const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
const applied = new Set<string>();
for (const e of journal.entries) {
  const body = readFileSync(join('migrations', `${e.tag}.sql`), 'utf8');
  const m = body.match(/^-- custom: (\S+)/);
  if (m) applied.add(m[1]);
}
const dir = 'src/db/sql';
if (existsSync(dir)) {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    if (applied.has(file)) continue;
    const name = file.replace(/\.sql$/, '').replace(/[^a-z0-9_]/gi, '_');
    execFileSync('node', [...kit, 'generate', '--custom', '--name', name], { stdio: 'inherit' });
    const j = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
    const tag = j.entries[j.entries.length - 1].tag;
    writeFileSync(join('migrations', `${tag}.sql`), `-- custom: ${file}\n${readFileSync(join(dir, file), 'utf8')}`);
  }
}
