// Regenerates the migrations of both dialects with drizzle-kit, then appends each dialect's hand-written SQL (what
// drizzle-kit cannot express) as custom migrations:
//   SQLite      src/db/schema     + src/db/sql/*.sql            → migrations/     (drizzle.config.ts; FTS5 tables, triggers)
//   PostgreSQL  src/db/schema-pg  + src/db/schema-pg/sql/*.sql  → migrations-pg/  (drizzle.pg.config.ts; pg_trgm, plpgsql triggers)
// SQLite's data fills for columns added later (070, 090) have no PostgreSQL counterpart: its first migration has them.
// Usage: npm run db:generate            (append: a new migration for what changed, per dialect)
//        npm run db:generate -- --squash (before the first release only: one fresh migration set)
//        npm run db:generate -- --dialect sqlite|postgresql (one of them only)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

interface Dialect {
  name: 'sqlite' | 'postgresql';
  config: string;
  out: string;
  sqlDir: string;
}
const dialects: Dialect[] = [
  { name: 'sqlite', config: 'drizzle.config.ts', out: 'migrations', sqlDir: 'src/db/sql' },
  { name: 'postgresql', config: 'drizzle.pg.config.ts', out: 'migrations-pg', sqlDir: 'src/db/schema-pg/sql' },
];

const squash = process.argv.includes('--squash');
const only = process.argv.includes('--dialect') ? process.argv[process.argv.indexOf('--dialect') + 1] : undefined;
if (only !== undefined && !dialects.some((d) => d.name === only)) {
  console.error(`--dialect takes ${dialects.map((d) => d.name).join(' or ')}, not ${only ?? '(nothing)'}`);
  process.exit(1);
}
for (const d of dialects) if (only === undefined || d.name === only) generate(d);

function generate({ config, out, sqlDir }: Dialect): void {
  const kit = ['node_modules/drizzle-kit/bin.cjs'];
  if (squash) {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out);
  }
  execFileSync('node', [...kit, 'generate', '--config', config, '--name', squash ? 'init' : 'schema'], { stdio: 'inherit' });

  // Custom SQL files are applied once each, in name order, tracked by the journal like any migration.
  const journalPath = join(out, 'meta/_journal.json');
  const lastTags = (): string[] => (JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> }).entries.map((e) => e.tag);
  const applied = new Set<string>();
  for (const tag of lastTags()) {
    const m = readFileSync(join(out, `${tag}.sql`), 'utf8').match(/^-- custom: (\S+)/);
    if (m) applied.add(m[1]);
  }
  if (!existsSync(sqlDir)) return;
  for (const file of readdirSync(sqlDir).filter((f) => f.endsWith('.sql')).sort()) {
    if (applied.has(file)) continue;
    const name = file.replace(/\.sql$/, '').replace(/[^a-z0-9_]/gi, '_');
    execFileSync('node', [...kit, 'generate', '--config', config, '--custom', '--name', name], { stdio: 'inherit' });
    const tag = lastTags().at(-1)!;
    writeFileSync(join(out, `${tag}.sql`), `-- custom: ${file}\n${readFileSync(join(sqlDir, file), 'utf8')}`);
  }
}
