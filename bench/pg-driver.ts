// The PostgreSQL driver measurement (issue 23 §7): node-postgres (`pg` + pg-pool, named prepared statements) against
// postgres.js (`postgres`, prepared statements), each raw and through drizzle (drizzle-orm/node-postgres,
// drizzle-orm/postgres-js), on a bare Fastify (no plugins, no auth, the same response schema for all): GET one
// rectification item by primary key, and a filtered list of 50 (lead unit + status, ordered by deadline, id; the
// rectification_items_lead index). Each variant is its own process, pool size 10; autocannon, 10 connections, 10 s per
// variant and scenario after 2 s of warm-up, 2 rounds with the drivers interleaved (pg, postgres, pg, postgres; the
// second round starts with postgres), since the machine is shared. Writes a table to bench/RESULTS.md.
//   npm run bench:pg-driver [-- --url postgres://postgres@127.0.0.1:5432/postgres --seconds 10 --rounds 2 --items 20000]
//   (the child: tsx bench/pg-driver.ts --serve <variant> --url <database url>)
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import postgres from 'postgres';
import { and, asc, eq, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePostgresJs } from 'drizzle-orm/postgres-js';
import { rectificationItems as I } from '../src/db/schema-pg/index.js';
import { migratePg } from '../src/db/pg-migrate.js';
import { parseArgs } from './lib.js';

const VARIANTS = ['pg-raw', 'postgres-raw', 'pg-drizzle', 'postgres-drizzle'] as const;
type Variant = (typeof VARIANTS)[number];
const POOL = 10;
const UNITS = 20;
const STATUSES = ['not_started', 'in_progress', 'completed'];

const args = parseArgs(process.argv.slice(2));
const adminUrl = String(args.url ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

interface Item { id: string; code: string; title: string; status: string; deadline: string; progress: number; version: number; updatedAt: string }
const itemSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, code: { type: 'string' }, title: { type: 'string' }, status: { type: 'string' }, deadline: { type: 'string' }, progress: { type: 'number' }, version: { type: 'integer' }, updatedAt: { type: 'string' } },
};
const COLS = 'id, code, title, status, deadline, progress, version, updated_at AS "updatedAt"';
const GET_SQL = `SELECT ${COLS} FROM rectification_items WHERE id = $1`;
const LIST_SQL = `SELECT ${COLS} FROM rectification_items WHERE lead_unit_id = $1 AND status = $2 ORDER BY deadline, id LIMIT 50`;
const drizzleCols = { id: I.id, code: I.code, title: I.title, status: I.status, deadline: I.deadline, progress: I.progress, version: I.version, updatedAt: I.updatedAt };

interface Reads { get(id: string): Promise<Item | undefined>; list(unit: string, status: string): Promise<Item[]>; close(): Promise<void> }

function reads(variant: Variant, url: string): Reads {
  if (variant === 'pg-raw' || variant === 'pg-drizzle') {
    const pool = new pg.Pool({ connectionString: url, max: POOL });
    if (variant === 'pg-raw') {
      return {
        get: async (id) => (await pool.query<Item>({ name: 'get_item', text: GET_SQL, values: [id] })).rows[0],
        list: async (unit, status) => (await pool.query<Item>({ name: 'list_items', text: LIST_SQL, values: [unit, status] })).rows,
        close: () => pool.end(),
      };
    }
    const db = drizzlePg(pool);
    const get = db.select(drizzleCols).from(I).where(eq(I.id, sql.placeholder('id'))).prepare('get_item');
    const list = db.select(drizzleCols).from(I).where(and(eq(I.leadUnitId, sql.placeholder('unit')), eq(I.status, sql.placeholder('status')))).orderBy(asc(I.deadline), asc(I.id)).limit(50).prepare('list_items');
    return { get: async (id) => (await get.execute({ id }))[0], list: (unit, status) => list.execute({ unit, status }), close: () => pool.end() };
  }
  const client = postgres(url, { max: POOL, prepare: true });
  if (variant === 'postgres-raw') {
    return {
      get: async (id) => (await client.unsafe<Item[]>(GET_SQL, [id], { prepare: true }))[0],
      list: (unit, status) => client.unsafe<Item[]>(LIST_SQL, [unit, status], { prepare: true }),
      close: () => client.end(),
    };
  }
  const db = drizzlePostgresJs(client);
  const get = db.select(drizzleCols).from(I).where(eq(I.id, sql.placeholder('id'))).prepare('get_item');
  const list = db.select(drizzleCols).from(I).where(and(eq(I.leadUnitId, sql.placeholder('unit')), eq(I.status, sql.placeholder('status')))).orderBy(asc(I.deadline), asc(I.id)).limit(50).prepare('list_items');
  return { get: async (id) => (await get.execute({ id }))[0], list: (unit, status) => list.execute({ unit, status }), close: () => client.end() };
}

async function serve(variant: Variant, url: string): Promise<void> {
  const r = reads(variant, url);
  const app = Fastify({ logger: false });
  app.get<{ Params: { id: string } }>('/items/:id', { schema: { response: { 200: itemSchema } } }, async (req, reply) => (await r.get(req.params.id)) ?? reply.code(404).send());
  app.get<{ Querystring: { unit: string; status: string } }>('/items', { schema: { response: { 200: { type: 'array', items: itemSchema } } } }, (req) => r.list(req.query.unit, req.query.status));
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`listening ${address}\n`);
  process.on('SIGTERM', () => void app.close().then(() => r.close()).then(() => process.exit(0)));
}

if (typeof args.serve === 'string') {
  if (!(VARIANTS as readonly string[]).includes(args.serve)) throw new Error(`--serve takes one of ${VARIANTS.join(', ')}`);
  await serve(args.serve as Variant, adminUrl);
} else {
  await main();
}

function withDatabase(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function main(): Promise<void> {
  const seconds = Number(args.seconds ?? 10);
  const rounds = Number(args.rounds ?? 2);
  const items = Number(args.items ?? 20_000);
  for (const [k, v] of Object.entries({ seconds, rounds, items })) if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} takes a positive integer`);
  const uptimeBefore = execFileSync('uptime').toString().trim();
  const name = `xiaoneng_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = withDatabase(adminUrl, name);
  const children: ChildProcess[] = [];
  try {
    await migratePg(url);
    const seed = new pg.Client({ connectionString: url });
    await seed.connect();
    const now = '2026-09-15T02:00:00.000Z';
    await seed.query(`INSERT INTO units (id, name, kind, level, division_code, created_at, updated_at)
      SELECT 'u' || n, '单位' || n, 'department', 'region', '450000', '${now}', '${now}' FROM generate_series(1, ${UNITS}) n`);
    await seed.query(`INSERT INTO campaigns (id, title, year, region_unit_id, starts_on, ends_on, created_at, updated_at) VALUES ('c1', '作风效能建设', 2026, 'u1', '2026-01-01', '2026-12-31', '${now}', '${now}')`);
    await seed.query(`INSERT INTO rectification_items (id, seq, code, campaign_id, title, description, lead_unit_id, deadline, status, progress, created_at, updated_at)
      SELECT 'i' || lpad(n::text, 7, '0'), n, 'ZG-2026-' || n, 'c1', '整改事项第' || n || '项：规范行政审批', '描述' || n, 'u' || (1 + n % ${UNITS}),
             to_char(date '2026-01-01' + (n % 365), 'YYYY-MM-DD'), (ARRAY['not_started','in_progress','completed'])[1 + n % 3], (n % 100) / 100.0, '${now}', '${now}'
      FROM generate_series(1, ${items}) n`);
    await seed.query('VACUUM ANALYZE rectification_items');
    await seed.end();

    const bases = new Map<Variant, string>();
    for (const v of VARIANTS) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/pg-driver.ts', '--serve', v, '--url', url], { stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      bases.set(v, await new Promise<string>((ok, fail) => {
        child.stdout!.on('data', (d: Buffer) => { const m = /listening (\S+)/.exec(d.toString()); if (m) ok(m[1]); });
        child.on('exit', (code) => fail(new Error(`${v} exited with ${code}`)));
      }));
    }
    const ids = Array.from({ length: items }, (_, k) => `i${String(k + 1).padStart(7, '0')}`);
    const paths = {
      get: () => `/items/${ids[Math.floor(Math.random() * ids.length)]}`,
      list: () => `/items?unit=u${1 + Math.floor(Math.random() * UNITS)}&status=${STATUSES[Math.floor(Math.random() * STATUSES.length)]}`,
    };
    // Every variant answers right before anything is measured.
    for (const [v, base] of bases) {
      const one = (await (await fetch(`${base}/items/i0000042`)).json()) as Item;
      const many = (await (await fetch(`${base}/items?unit=u3&status=in_progress`)).json()) as Item[];
      const listOk = many.length === Math.min(50, Math.floor(items / (UNITS * STATUSES.length))) && many.every((m) => m.status === 'in_progress');
      if (one.id !== 'i0000042' || typeof one.progress !== 'number' || !listOk) throw new Error(`${v} answers wrong: ${JSON.stringify(one)}, ${many.length} listed`);
    }
    type Cell = { rps: number[]; p99: number[] };
    const cells = new Map<string, Cell>();
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? VARIANTS : (['postgres-raw', 'pg-raw', 'postgres-drizzle', 'pg-drizzle'] as const);
      for (const scenario of ['get', 'list'] as const) {
        for (const v of order) {
          const run = (duration: number) =>
            autocannon({ url: bases.get(v)!, connections: 10, duration, requests: [{ setupRequest: (req) => ({ ...req, path: paths[scenario]() }) }] });
          await run(2);
          const r = await run(seconds);
          if (r.non2xx || r.errors || r.timeouts) throw new Error(`${v} ${scenario}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
          const cell = cells.get(`${scenario} ${v}`) ?? { rps: [], p99: [] };
          cell.rps.push(r.requests.average);
          cell.p99.push(r.latency.p99);
          cells.set(`${scenario} ${v}`, cell);
          process.stderr.write(`round ${round + 1} ${scenario} ${v}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms, load ${loadavg()[0].toFixed(2)}\n`);
        }
      }
    }
    const uptimeAfter = execFileSync('uptime').toString().trim();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const rowsOf = (scenario: 'get' | 'list') =>
      VARIANTS.map((v) => {
        const c = cells.get(`${scenario} ${v}`)!;
        return `| ${scenario === 'get' ? 'GET by id' : 'list of 50'} | ${v} | ${c.rps.map((x) => Math.round(x)).join(' / ')} | ${Math.round(mean(c.rps))} | ${c.p99.join(' / ')} |`;
      });
    const table = ['| scenario | driver | req/s per round | mean req/s | p99 ms per round |', '|---|---|---|---|---|', ...rowsOf('get'), ...rowsOf('list')].join('\n');
    const ratio = (scenario: 'get' | 'list', kind: 'raw' | 'drizzle') =>
      (mean(cells.get(`${scenario} postgres-${kind}`)!.rps) / mean(cells.get(`${scenario} pg-${kind}`)!.rps)).toFixed(2);
    const section = [
      '## PostgreSQL driver (issue 23 §7)',
      '',
      `Run ${new Date().toISOString().slice(0, 16)}Z, \`npm run bench:pg-driver -- --seconds ${seconds} --rounds ${rounds} --items ${items}\` (bench/pg-driver.ts), PostgreSQL ${(await serverVersion(url)) ?? '?'} on 127.0.0.1, ${cpus().length} cores, Node ${process.version}.`,
      `Machine load: before \`${uptimeBefore}\`; after \`${uptimeAfter}\` — shared with other jobs, the server processes, PostgreSQL and autocannon on the same 2 cores, unpinned: compare the rows of one run, not with other tables.`,
      `A bare Fastify per variant (same response schema), pool size 10, autocannon 10 connections, ${seconds} s per cell after 2 s warm-up, ${rounds} rounds, drivers interleaved (round 1: pg, postgres, pg, postgres; round 2 starts with postgres). ${items} ledger items in ${UNITS} lead units; GET by a random id, the list by a random lead unit and status (50 rows, index rectification_items_lead).`,
      '',
      table,
      '',
      `postgres.js / pg (mean req/s): GET raw ${ratio('get', 'raw')}, GET drizzle ${ratio('get', 'drizzle')}, list raw ${ratio('list', 'raw')}, list drizzle ${ratio('list', 'drizzle')}.`,
      '',
    ].join('\n');
    process.stdout.write(`${section}\n`);
    const results = readFileSync('bench/RESULTS.md', 'utf8');
    const start = results.indexOf('## PostgreSQL driver (issue 23 §7)');
    const end = start < 0 ? -1 : results.indexOf('\n## ', start + 1);
    writeFileSync('bench/RESULTS.md', start < 0 ? `${results.trimEnd()}\n\n${section}` : `${results.slice(0, start)}${section}${end < 0 ? '' : results.slice(end + 1)}`);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((ok) => setTimeout(ok, 500));
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`);
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.end();
  }
}

async function serverVersion(url: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version.split(' ')[0];
  } finally {
    await c.end();
  }
}
