// Load benchmarks against the real limit (issue 13): `npm run bench [-- --quick] [-- --db bench/data/bench.db]`.
// Starts, as esbuild bundles like `npm start`, the bench server (dist/bench-server.mjs: the real app plus the raw routes
// of bench/raw.ts in the same process, "the app's floor") and next to it the limit process (dist/limit-server.mjs: a
// bare Fastify + better-sqlite3 serving the same raw routes on the same file), both pinned to core 0 — only one of them
// is under load at any time — and pins this process (autocannon) to core 1. Every scenario is measured in three
// columns in the same run, rounds alternating which column goes first (so drift and the noise of a shared machine hit
// all three): limit (separate process), floor (in-process raw route) and route (the service), with route/limit and
// floor/limit per round. Then the ledger, approval, fee, opinions and findings :import of --import-rows rows in JSON, CSV and xlsx against
// raw prepared inserts of the same rows in both processes (rows/s, end to end as the client sees them), the service's
// RSS after each scenario and each import, and the cold start of the real server to /readyz.
// Writes bench/out/results-<time>.json (and latest.json) and prints a table with every budget met or MISSED.
// --smoke: every scenario once, briefly, imports of 200 rows, and the newer modules' writes and imports (supervision
// findings, opinions incl. the public intake); non-zero exit on any error or non-2xx.
// --only a,b: run only those scenarios (keys below; `import` for the imports, `stats` is only run when named).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { stringify as csvStringify } from 'csv-stringify/sync';
import { type BenchManifest, parseArgs } from './lib.js';
import { SHEETS, type ImportModule } from './raw.js';

const args = parseArgs(process.argv.slice(2));
const smoke = Boolean(args.smoke);
const quick = Boolean(args.quick);
const dbPath = resolve(String(args.db ?? 'bench/data/bench.db'));
const outDir = resolve(String(args.out ?? 'bench/out'));
const rounds = Number(args.rounds ?? (smoke ? 1 : quick ? 2 : 5));
const duration = Number(args.duration ?? (quick ? 2 : 5));
const warmup = Number(args.warmup ?? (quick ? 1 : 2));
const connections = Number(args.connections ?? 10);
const importRows = Number(args['import-rows'] ?? (smoke ? 200 : 100_000));
const importRounds = Number(args['import-rounds'] ?? (smoke || quick ? 1 : 3));
const importFormats = String(args.formats ?? 'json,csv,xlsx').split(',') as Format[];
const only = args.only ? String(args.only).split(',') : null;
type Format = 'json' | 'csv' | 'xlsx';

if (!existsSync(dbPath)) throw new Error(`${dbPath} does not exist: run npm run bench:generate first`);
const manifest = JSON.parse(readFileSync(`${dbPath}.keys.json`, 'utf8')) as BenchManifest;
if (!manifest.pools) throw new Error(`${dbPath} was generated before the write pools existed: run npm run bench:generate again`);
const hasTaskset = spawnSync('taskset', ['--version']).status === 0 && cpus().length >= 2;
const t0 = performance.now();
const log = (s: string) => process.stderr.write(`[${Math.round((performance.now() - t0) / 1000)}s] ${s}\n`);
const failures: string[] = [];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const serverEnv = (port: number) => ({
  ...process.env,
  DATABASE_PATH: dbPath,
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  DOCS: 'false',
  SEED: 'none',
  // The limiter runs (it is part of the floor) but never answers 429: a 1 s window of up to 1,000,000 requests.
  RATE_LIMIT_MAX: '1000000',
  RATE_LIMIT_PUBLIC_MAX: '1000000',
  RATE_LIMIT_WINDOW_MS: '1000',
  OPINION_SUBMIT_MAX: '100000',
  // The import blocks the loop for seconds by design (one synchronous transaction): no shedding during the bench.
  MAX_EVENT_LOOP_DELAY_MS: '0',
  WEBHOOK_WORKER: 'false',
  BENCH_BASELINES: '1',
  // As `npm start` and the Dockerfile run the service (large buffers in their own mappings, given back when freed);
  // the limit gets the same, so both sides of every ratio run on the same allocator settings.
  MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072',
});

function startNode(script: string, port: number, core: number | null): ChildProcess {
  const nodeArgs = script.endsWith('.ts') ? ['--import', 'tsx', script] : [script];
  // taskset execs node, so the child's pid is the server's.
  const [cmd, argv] = core !== null && hasTaskset ? ['taskset', ['-c', String(core), process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  return spawn(cmd, argv, { env: serverEnv(port), stdio: ['ignore', 'pipe', 'inherit'] });
}

function waitForLine(child: ChildProcess, re: RegExp, timeoutMs = 120_000): Promise<RegExpExecArray> {
  return new Promise((resolveLine, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no "${re}" from the server within ${timeoutMs} ms`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = re.exec(buf);
      if (m) (clearTimeout(timer), resolveLine(m));
    });
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`server exited with ${code}`))));
  });
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const spread = (xs: number[]) => ({ median: round(median(xs), 3), min: round(Math.min(...xs), 3), max: round(Math.max(...xs), 3) });

// ---------------------------------------------------------------- cold start (the real entry point)
async function coldStart(): Promise<{ ms: number[]; nodeBareMs: number }> {
  const ms: number[] = [];
  const times = smoke ? 1 : 3;
  // The production entry point: the bundle `npm start` builds and runs (not tsx over the sources); built in main().
  for (let i = 0; i < times; i++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const t = performance.now();
    const child = startNode('dist/server.mjs', port, 0);
    child.stdout!.resume();
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/readyz`);
        if (res.status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (child.exitCode !== null) throw new Error('the server exited during cold start');
      await new Promise((r) => setTimeout(r, 5));
    }
    ms.push(performance.now() - t);
    await stopChild(child);
  }
  const t = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return { ms, nodeBareMs: performance.now() - t };
}

// ---------------------------------------------------------------- load
interface Round { rps: number; p50: number; p99: number; non2xx: number; errors: number }
interface Req { method?: string; path: string; headers?: Record<string, string>; body?: string }
/** One column of a scenario: which process, and the next request (write scenarios keep their pool's state here).
 *  `slow`: a call that takes about a second: one connection and at least 6 s a round. */
interface Target {
  name: string;
  server: 'service' | 'limit';
  next: () => Req;
  /** Told each answer with the request's `tag` (e.g. the item id, to keep its current version). */
  onResponse?: (tag: string, status: number, body: string, headers: Record<string, string>) => void;
  slow?: boolean;
  /** A write scenario's target: statuses of answers that are not 2xx are noted. */
  writes?: boolean;
  /** Connections of the load (default --connections, 1 when slow). */
  connections?: number;
  /** Before each load: re-read the pool's state (a run that ends by time cuts requests whose answers it never reads). */
  before?: () => Promise<void>;
}
const COLUMNS = ['limit', 'floor', 'route'] as const;
type Column = (typeof COLUMNS)[number];
interface Scenario {
  key: string;
  name: string;
  targets: Record<Column, Target>;
  /** Budget on route/limit (issue 13), and on the route's p99. */
  budget?: number;
  stretch?: number;
  p99BudgetMs?: number;
  /** Undo the scenario's writes afterwards: events after the start, and created items (`items`). */
  undo?: 'events' | 'items';
}

const bases: Record<'service' | 'limit', string> = { service: '', limit: '' };
let serverPid = 0;
let rssMax = 0;
/** The RSS high-water mark of the current scenario (all three columns), to tell which one holds memory. */
let scenarioRssMax = 0;
const rssNow = () => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${serverPid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
};
const sampleRss = () => {
  const now = rssNow();
  rssMax = Math.max(rssMax, now);
  scenarioRssMax = Math.max(scenarioRssMax, now);
};

/** --smoke: a few requests one after the other through the target's own generator (autocannon's start-up and its
 *  1 s sampling tick would be most of the smoke's time); the first scenario still goes through autocannon. */
async function smokeLoad(target: Target): Promise<Round> {
  await target.before?.();
  let non2xx = 0;
  for (let i = 0; i < 6; i++) {
    const p = target.next();
    const res = await fetch(bases[target.server] + p.path, { method: p.method ?? 'GET', headers: { ...(p.body !== undefined ? { 'content-type': 'application/json' } : {}), ...p.headers }, body: p.body });
    const text = await res.text();
    target.onResponse?.(p.path, res.status, text, Object.fromEntries(res.headers));
    if (res.status >= 300) (non2xx++, non2xx === 1 && failures.push(`${target.name}: ${p.method ?? 'GET'} ${p.path}: ${res.status} ${text.slice(0, 300)}`));
  }
  sampleRss();
  return { rps: NaN, p50: NaN, p99: NaN, non2xx, errors: 0 };
}

let autocannonRuns = 0;
async function load(target: Target, seconds: number): Promise<Round> {
  if (smoke && autocannonRuns++ >= COLUMNS.length) return smokeLoad(target);
  await target.before?.();
  const sampler = setInterval(sampleRss, 200);
  const refused = new Map<number, string>();
  const conns = target.connections ?? (target.slow ? 1 : connections);
  const result = await autocannon({
    url: bases[target.server],
    connections: conns,
    ...(smoke ? { amount: Math.max(conns * 2, 20) } : { duration: target.slow ? Math.max(seconds, 6) : seconds }),
    requests: [
      {
        setupRequest: (req, context: object) => {
          const r = target.next();
          (context as { tag?: string }).tag = r.path;
          return { ...req, method: (r.method ?? 'GET') as 'GET', path: r.path, headers: { ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}), ...r.headers }, body: r.body };
        },
        // Writes (a few thousand a second) note the status and body of any answer that is not 2xx, so a failure names
        // its cause; reads do not pay for the callback (they run near the client's own limit).
        ...(target.onResponse || target.writes
          ? {
              onResponse: (status: number, body: string, context: object, headers?: Record<string, unknown>) => {
                if (status >= 300) refused.set(status, refused.get(status) ?? body.slice(0, 300));
                target.onResponse?.(String((context as { tag?: string }).tag), status, body, (headers ?? {}) as Record<string, string>);
              },
            }
          : {}),
      },
    ],
  });
  clearInterval(sampler);
  const r: Round = { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
  if (r.non2xx || r.errors) {
    // One probe tells what went wrong (for a write, a fresh request of the same kind).
    const p = target.next();
    const res = await fetch(bases[target.server] + p.path, { method: p.method ?? 'GET', headers: { ...(p.body !== undefined ? { 'content-type': 'application/json' } : {}), ...p.headers }, body: p.body });
    const text = await res.text();
    target.onResponse?.(p.path, res.status, text, Object.fromEntries(res.headers));
    const seen = [...refused].map(([status, body]) => `${status} ${body}`).join('; ');
    failures.push(`${target.name}: ${r.non2xx} non-2xx, ${r.errors} errors${seen ? ` (answers: ${seen})` : ''} (probe: ${res.status} ${text.slice(0, 300)})`);
  }
  return r;
}

const getJson = async <T>(server: 'service' | 'limit', path: string, init?: RequestInit): Promise<T> => {
  const res = await fetch(bases[server] + path, init);
  const text = await res.text();
  if (res.status >= 300) failures.push(`${init?.method ?? 'GET'} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
};
const postJson = <T>(server: 'service' | 'limit', path: string, body: unknown, headers: Record<string, string> = {}) =>
  getJson<T>(server, path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
const marks = () => getJson<{ sequence: number; itemSeq: number }>('service', '/__bench/max-sequence');
const memoryMb = async () => Object.fromEntries(Object.entries(await getJson<Record<string, number>>('service', '/__bench/memory')).map(([k, v]) => [k, round(v / 1048576, 0)]));

interface ScenarioResult {
  key: string; scenario: string; names: Record<Column, string>;
  columns: Record<Column, { rps: number; p50: number; p99: number; rounds: Round[] }>;
  routeToLimit: ReturnType<typeof spread>; floorToLimit: ReturnType<typeof spread>;
  budget: string | null; met: boolean | null; stretchMet: boolean | null; rssMaxMb: number; memoryAfterMb: Record<string, number>;
}

async function measure(sc: Scenario): Promise<ScenarioResult> {
  log(`• ${sc.name}`);
  scenarioRssMax = rssNow();
  const before = sc.undo ? await marks() : null;
  if (!smoke) for (const c of COLUMNS) await load(sc.targets[c], warmup);
  const got: Record<Column, Round[]> = { limit: [], floor: [], route: [] };
  for (let k = 0; k < rounds; k++) {
    // Rotate which column goes first, so none always runs on a warmer (or noisier) machine.
    for (let j = 0; j < COLUMNS.length; j++) {
      const c = COLUMNS[(j + k) % COLUMNS.length];
      got[c].push(await load(sc.targets[c], duration));
    }
  }
  if (before) {
    const undone = await postJson('service', '/__bench/cleanup', { afterSequence: before.sequence, ...(sc.undo === 'items' ? { afterItemSeq: before.itemSeq } : {}) });
    log(`  undone: ${JSON.stringify(undone)}`);
  }
  const col = (c: Column) => ({ rps: round(median(got[c].map((r) => r.rps)), 0), p50: median(got[c].map((r) => r.p50)), p99: median(got[c].map((r) => r.p99)), rounds: got[c] });
  const columns = { limit: col('limit'), floor: col('floor'), route: col('route') };
  const routeToLimit = spread(got.route.map((r, k) => r.rps / got.limit[k].rps));
  const floorToLimit = spread(got.floor.map((r, k) => r.rps / got.limit[k].rps));
  const met = sc.budget === undefined && !sc.p99BudgetMs ? null : (sc.budget === undefined || routeToLimit.median >= sc.budget) && (!sc.p99BudgetMs || columns.route.p99 < sc.p99BudgetMs);
  const res: ScenarioResult = {
    key: sc.key, scenario: sc.name, names: { limit: sc.targets.limit.name, floor: sc.targets.floor.name, route: sc.targets.route.name }, columns, routeToLimit, floorToLimit,
    budget: met === null ? null : [sc.budget !== undefined && `route/limit ≥ ${sc.budget}`, sc.p99BudgetMs && `p99 < ${sc.p99BudgetMs} ms`].filter(Boolean).join(', ') + (sc.stretch ? ` (stretch ${sc.stretch})` : ''),
    met, stretchMet: sc.stretch === undefined ? null : routeToLimit.median >= sc.stretch,
    rssMaxMb: round(scenarioRssMax, 0), memoryAfterMb: await memoryMb(),
  };
  log(`  limit ${columns.limit.rps} · floor ${columns.floor.rps} · route ${columns.route.rps} req/s; route/limit ${routeToLimit.median}, floor/limit ${floorToLimit.median}; RSS max ${res.rssMaxMb} MB, after ${res.memoryAfterMb.rss} MB`);
  return res;
}

// ---------------------------------------------------------------- the scenarios
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const cycle = <T>(xs: readonly T[]) => {
  let i = 0;
  return () => xs[i++ % xs.length];
};
/** The three columns of a read scenario: the same raw request on the limit and in process, and the route. */
const read = (rawName: string, rawPaths: string[], route: Omit<Target, 'server' | 'next'> & { paths: string[]; headers?: Record<string, string> }): Record<Column, Target> => {
  const raw = (server: 'service' | 'limit', name: string): Target => {
    const p = cycle(rawPaths);
    return { name, server, next: () => ({ path: p() }), slow: route.slow, connections: route.connections };
  };
  const rp = cycle(route.paths);
  return { limit: raw('limit', `limit: ${rawName}`), floor: raw('service', `floor: ${rawName}`), route: { ...route, server: 'service', next: () => ({ path: rp(), headers: route.headers }) } };
};

function scenarios(): Scenario[] {
  const m = manifest;
  const ids = m.itemIds.slice(0, 500);
  const bare = '/__bench/bare';
  const list = `/v1/rectification-items?involvesUnitId=${m.listUnitId}&status=${m.listStatus}&overdue=true&pageSize=50`;
  const editor = auth(m.keys.unitEditor);
  const inspector = auth(m.keys.inspector);
  const runTag = Date.now().toString(36).toUpperCase();

  // PATCH with If-Match: the current version of every pool item, kept from each answer (ETag; the raw row's version).
  const versions = new Map<string, number>();
  const idOf = (path: string) => /\/(?:rectification-items|items)\/([^/?:]+)/.exec(path)![1];
  const readVersions = (poolIds: string[]) => async () => {
    for (const id of poolIds) versions.set(id, (await getJson<{ version: number; status: string }>('service', `/__bench/item/${id}`)).version);
  };
  const patchRaw = (server: 'service' | 'limit', name: string): Target => {
    const p = cycle(m.pools.patchRaw);
    let n = 0;
    return {
      name, server, before: readVersions(m.pools.patchRaw),
      next: () => {
        const id = p();
        return { method: 'PATCH', path: `/__bench/items/${id}?version=${versions.get(id)}`, body: JSON.stringify({ expectedResult: `基准修改${n++}` }) };
      },
      onResponse: (tag, status, body) => {
        const v = /"version":(\d+)/.exec(body);
        if (status === 200 && v) versions.set(idOf(tag), Number(v[1]));
      },
    };
  };
  const patchRoute = (): Target => {
    const p = cycle(m.pools.patch);
    let n = 0;
    return {
      name: 'PATCH item (If-Match)', server: 'service', before: readVersions(m.pools.patch),
      next: () => {
        const id = p();
        return { method: 'PATCH', path: `/v1/rectification-items/${id}`, headers: { ...editor, 'if-match': `"${versions.get(id)}"` }, body: JSON.stringify({ expectedResult: `基准修改${n++}` }) };
      },
      onResponse: (tag, status, _body, headers) => {
        if (status === 200 && headers.etag) versions.set(idOf(tag), Number(headers.etag.replace(/"/g, '')));
      },
    };
  };

  // A lifecycle action: :submit (申请销号, the editor) and :reject (退回, the inspector) alternate on each pool item
  // (progress 100 with an actualResult), so the pool never runs out; the raw routes toggle the same two states.
  const states = new Map<string, string>();
  const readStates = (poolIds: string[]) => async () => {
    for (const id of poolIds) states.set(id, (await getJson<{ status: string }>('service', `/__bench/item/${id}`)).status);
  };
  const flip = (id: string) => {
    const from = states.get(id)!;
    const to = from === 'in_progress' ? 'pending_acceptance' : 'in_progress';
    states.set(id, to); // the item's next turn comes after every other pool item's, long after this answer
    return { from, to };
  };
  const actionRaw = (server: 'service' | 'limit', name: string): Target => {
    const p = cycle(m.pools.actionRaw);
    return { name, server, before: readStates(m.pools.actionRaw), next: () => { const id = p(); return { method: 'POST', path: `/__bench/items/${id}/status`, body: JSON.stringify(flip(id)) }; } };
  };
  const actionRoute = (): Target => {
    const p = cycle(m.pools.action);
    return {
      name: 'lifecycle action (:submit / :reject)', server: 'service', before: readStates(m.pools.action),
      next: () => {
        const id = p();
        return flip(id).to === 'pending_acceptance'
          ? { method: 'POST', path: `/v1/rectification-items/${id}:submit`, headers: editor, body: JSON.stringify({ actualResult: '整改措施已全部落实,群众办事更加便捷。' }) }
          : { method: 'POST', path: `/v1/rectification-items/${id}:reject`, headers: inspector, body: JSON.stringify({ reason: '基准测试退回' }) };
      },
    };
  };

  const deadline = `${m.today.slice(0, 4)}-12-31`;
  let created = 0;
  const createRaw = (server: 'service' | 'limit', name: string): Target => ({
    name, server,
    next: () => ({ method: 'POST', path: '/__bench/items', body: JSON.stringify({ code: `BR${runTag}-${created++}`, campaignId: m.campaignId, title: `基准新建整改事项${created}`, leadUnitId: m.editorUnitId, deadline, description: '基准测试数据' }) }),
  });
  const progressRaw = (server: 'service' | 'limit', name: string): Target => {
    const p = cycle(m.pools.progressRaw);
    return { name, server, next: () => ({ method: 'POST', path: `/__bench/items/${p()}/progress`, body: JSON.stringify({ percent: 60, completedWork: '完成流程再造和制度修订' }) }) };
  };
  const progressRoutePool = cycle(m.pools.progress);

  const all: Scenario[] = [
    { key: 'healthz', name: '/healthz vs a bare route', budget: 0.6, targets: read('bare JSON route', [bare], { name: '/healthz', paths: ['/healthz'] }) },
    { key: 'authed', name: 'authenticated route without the database vs a bare route', budget: 0.6, targets: read('bare JSON route', [bare], { name: 'GET /v1/me (reader key)', paths: ['/v1/me'], headers: auth(m.keys.reader) }) },
    { key: 'get', name: 'GET item by id', budget: 0.5, stretch: 0.7, targets: read('point read', ids.map((id) => `/__bench/item/${id}`), { name: 'GET /v1/rectification-items/{id} (unit key, ETag)', paths: ids.map((id) => `/v1/rectification-items/${id}`), headers: editor }) },
    {
      key: 'list', name: 'filtered list of 50 (lead agency + status)', budget: 0.6, stretch: 0.8, p99BudgetMs: 10,
      targets: read('50-row list', [`/__bench/lead-list?unitId=${m.listUnitId}&status=${m.listStatus}`], { name: 'list (leadUnitId+status, pageSize 50)', paths: [`/v1/rectification-items?leadUnitId=${m.listUnitId}&status=${m.listStatus}&pageSize=50`], headers: inspector }),
    },
    {
      // The issue-7 list, through the link table: every item the agency takes part in, overdue (same budget).
      key: 'list-involves', name: 'filtered list of 50 (involved agency + status + overdue)', budget: 0.6, stretch: 0.8, p99BudgetMs: 10,
      targets: read('50-row list via the link table', [`/__bench/list?unitId=${m.listUnitId}&status=${m.listStatus}&today=${m.today}`], { name: 'list (involvesUnitId+status+overdue, pageSize 50)', paths: [list], headers: inspector }),
    },
    // The same two lists one request at a time: the p99 of answering a list, without the queue of ten connections on
    // one core (at 10 connections a request waits behind up to nine others: p50 ≈ 10 / throughput).
    {
      key: 'list-latency', name: 'filtered list of 50 (lead agency + status), one connection', p99BudgetMs: 10,
      targets: read('50-row list', [`/__bench/lead-list?unitId=${m.listUnitId}&status=${m.listStatus}`], { name: 'list (leadUnitId+status, pageSize 50), 1 connection', paths: [`/v1/rectification-items?leadUnitId=${m.listUnitId}&status=${m.listStatus}&pageSize=50`], headers: inspector, connections: 1 }),
    },
    {
      key: 'list-involves-latency', name: 'filtered list of 50 (involved agency + status + overdue), one connection', p99BudgetMs: 10,
      targets: read('50-row list via the link table', [`/__bench/list?unitId=${m.listUnitId}&status=${m.listStatus}&today=${m.today}`], { name: 'list (involvesUnitId+status+overdue, pageSize 50), 1 connection', paths: [list], headers: inspector, connections: 1 }),
    },
    {
      key: 'create', name: 'create an item', budget: 0.35, undo: 'items',
      targets: {
        limit: createRaw('limit', 'limit: insert item + link'), floor: createRaw('service', 'floor: insert item + link'),
        route: { name: 'POST /v1/rectification-items (unit key, generated code)', server: 'service', next: () => ({ method: 'POST', path: '/v1/rectification-items', headers: editor, body: JSON.stringify({ campaignId: m.campaignId, title: `基准新建整改事项${created++}`, leadUnitId: m.editorUnitId, deadline, description: '基准测试数据' }) }) },
      },
    },
    {
      key: 'patch', name: 'PATCH with If-Match', undo: 'events',
      targets: { limit: patchRaw('limit', 'limit: versioned update'), floor: patchRaw('service', 'floor: versioned update'), route: patchRoute() },
    },
    {
      key: 'action', name: 'lifecycle action', undo: 'events',
      targets: { limit: actionRaw('limit', 'limit: status update'), floor: actionRaw('service', 'floor: status update'), route: actionRoute() },
    },
    {
      key: 'progress', name: 'progress report', undo: 'events',
      targets: {
        limit: progressRaw('limit', 'limit: report insert + item update'), floor: progressRaw('service', 'floor: report insert + item update'),
        route: { name: 'POST /v1/rectification-items/{id}/progress', server: 'service', next: () => ({ method: 'POST', path: `/v1/rectification-items/${progressRoutePool()}/progress`, headers: editor, body: JSON.stringify({ percent: 60, completedWork: '完成流程再造和制度修订' }) }) },
      },
    },
    { key: 'events', name: 'change feed page of 500', targets: read('500-event page', m.eventsAfter.map((a) => `/__bench/events?after=${a}`), { name: 'GET /v1/events (pageSize 500)', paths: m.eventsAfter.map((a) => `/v1/events?after=${a}&pageSize=500`), headers: auth(m.keys.reader) }) },
    { key: 'fee', name: 'public fee check', targets: read('fee check read', m.feeChecks.map((c) => `/__bench/fee-check?unit=${c.unit}&item=${encodeURIComponent(c.item)}`), { name: 'GET /v1/public/fee-catalogue/check', paths: m.feeChecks.map((c) => `/v1/public/fee-catalogue/check?unit=${c.unit}&item=${encodeURIComponent(c.item)}`) }) },
    // Not in the issue's list, run only when named: the service caches the aggregate, the raw query recomputes it.
    { key: 'stats', name: 'stats (groupBy=status, campaign)', targets: read('stats query (uncached)', [`/__bench/stats?campaignId=${m.campaignId}`], { name: 'GET /v1/rectification-items/stats', paths: [`/v1/rectification-items/stats?groupBy=status&campaignId=${m.campaignId}`], headers: auth(m.keys.reader), slow: true }) },
  ];
  for (const s of all) if (s.undo) for (const c of COLUMNS) s.targets[c].writes = true;
  return all.filter((s) => (only ? only.includes(s.key) : s.key !== 'stats'));
}

// ---------------------------------------------------------------- imports
const IMPORT_PATH: Record<ImportModule, string> = {
  ledger: '/v1/rectification-items:import', approval: '/v1/approval-items:import', fee: '/v1/fee-items:import', opinions: '/v1/opinions:import', findings: '/v1/findings:import',
};
const PREFIX: Record<ImportModule, string> = { ledger: 'BIL-', approval: 'BIA-', fee: 'BIF-', opinions: 'BIO-', findings: 'BIJ-' };
/** --import-modules a,b: only those imports (default all five). */
const importModules = String(args['import-modules'] ?? 'ledger,approval,fee,opinions,findings').split(',') as ImportModule[];

/** The same rows as JSON (the API's fields) and as sheet rows (the sheet's headers, agencies by name). */
function importRowsOf(module: ImportModule, n: number): { json: unknown[]; sheet: string[][] } {
  const u = manifest.importUnits;
  const json: unknown[] = [];
  const sheet: string[][] = [];
  for (let i = 0; i < n; i++) {
    const unit = u[i % u.length];
    const code = `${PREFIX[module]}${String(i).padStart(6, '0')}`;
    if (module === 'ledger') {
      const d = { code, title: `基准导入整改事项${i}号`, leadUnitId: unit.id, responsibleLeader: '王局长', deadline: `${manifest.today.slice(0, 4)}-12-${String((i % 28) + 1).padStart(2, '0')}`, description: '基准测试数据:全面梳理办事流程并压缩办理时限' };
      json.push(d);
      sheet.push([code, d.title, unit.name, d.responsibleLeader, d.deadline, d.description]);
    } else if (module === 'approval') {
      const kind = i % 5 === 0 ? 'non_licence' : 'licence';
      const d = { code, name: `基准导入审批事项${i}号核发`, implementingUnitId: unit.id, kind, bases: [{ level: 'regional_regulation', title: '广西壮族自治区行政审批条例', role: 'setting' }], remarks: '基准测试数据' };
      json.push(d);
      sheet.push([code, d.name, unit.name, '广西壮族自治区行政审批条例', kind === 'licence' ? '行政许可' : '非行政许可', '地方性法规', d.remarks]);
    } else if (module === 'opinions') {
      // A 12345 ticket list: every other ticket with the caller's contact (the contact table's row too).
      const contact = i % 2 ? { name: '王五', phone: `137${String(i).padStart(8, '0')}` } : undefined;
      const d = { externalId: code, kind: 'complaint', unitId: unit.id, text: `基准导入工单${i}号:窗口办事推诿扯皮`, submitterKind: 'service_recipient', anonymous: !contact, ...(contact ? { contact } : {}) };
      json.push(d);
      sheet.push([code, '投诉', unit.name, d.text, '服务对象', contact ? '否' : '是', contact?.name ?? '', contact?.phone ?? '']);
    } else if (module === 'findings') {
      // Paper forms of one spot check (delivered on record): every other finding with a requirement and a deadline.
      const good = i % 2 === 0;
      const d = { externalId: code, unitId: unit.id, rating: good ? 'good' : 'insufficient', description: `基准导入督查发现${i}号`, ...(good ? {} : { requirement: '限期整改', dueOn: `${manifest.today.slice(0, 4)}-12-31` }) };
      json.push(d);
      sheet.push([code, unit.name, good ? '成效明显' : '工作不力', d.description, d.requirement ?? '', d.dueOn ?? '']);
    } else {
      const yuan = (i % 500) + 1;
      const d = {
        code, name: `基准导入收费项目${i}号`, collectingUnitId: unit.id, category: 'administrative', basisLevel: 'regional',
        bases: [{ documentNumber: `桂价费〔2020〕${(i % 200) + 1}号`, title: '关于收费标准的通知' }], standard: { kind: 'fixed', amountFen: yuan * 100, per: '件' },
        affectsEnterprises: false, currentChargeFen: yuan * 100, annualVolume: 1000 + i,
      };
      json.push(d);
      sheet.push([code, d.name, unit.name, '行政性', '自治区', `桂价费〔2020〕${(i % 200) + 1}号《关于收费标准的通知》`, `${yuan}元/件`, '否', String(yuan), String(1000 + i)]);
    }
  }
  return { json, sheet };
}

async function bodyOf(module: ImportModule, format: Format, rows: { json: unknown[]; sheet: string[][] }): Promise<{ body: Buffer; type: string }> {
  if (format === 'json') return { body: Buffer.from(JSON.stringify({ items: rows.json })), type: 'application/json' };
  const header = [...SHEETS[module]];
  if (format === 'csv') return { body: Buffer.from(`\uFEFF${csvStringify([header, ...rows.sheet])}`), type: 'text/csv; charset=utf-8' };
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(header);
  for (const r of rows.sheet) ws.addRow(r);
  return { body: Buffer.from(await wb.xlsx.writeBuffer()), type: XLSX_TYPE };
}

interface ImportResult {
  module: ImportModule; format: Format; rows: number; bodyMb: number;
  routeRowsPerSecond: number; floorRowsPerSecond: number; limitRowsPerSecond: number;
  routeToLimit: ReturnType<typeof spread>; floorToLimit: ReturnType<typeof spread>;
  limitInsertOnlyRowsPerSecond: number; met: boolean; rssMaxMb: number; rssAfterMb: number; rssRightAfterMb: number; rounds: Array<Record<Column, number>>;
}

async function importRun(): Promise<ImportResult[]> {
  const out: ImportResult[] = [];
  // The findings are recorded in one inspection in progress (a spot check of the import's agencies), made through the API.
  let inspectionId = '';
  if (importModules.includes('findings')) {
    const made = await postJson<{ id: string }>('service', '/v1/inspections', {
      campaignId: manifest.campaignId, kind: 'spot_check', title: '基准导入抽查', inspectingBody: '自治区效能办', unitIds: manifest.importUnits.map((u) => u.id), plannedStartOn: manifest.today, plannedEndOn: manifest.today,
    }, auth(manifest.keys.admin));
    await postJson('service', `/v1/inspections/${made.id}:start`, {}, auth(manifest.keys.admin));
    inspectionId = made.id;
  }
  const queryOf = (module: ImportModule) => (module === 'ledger' ? `campaignId=${manifest.campaignId}` : module === 'findings' ? `inspectionId=${inspectionId}` : '');
  for (const module of importModules) {
    const rows = importRowsOf(module, importRows);
    // Rows an interrupted run left behind would make the first round's rows "unchanged" (and fast): removed first.
    const left = await postJson<Record<string, number>>('service', '/__bench/cleanup', { prefix: PREFIX[module], afterSequence: (await marks()).sequence });
    if (left.items) log(`  removed ${left.items} ${PREFIX[module]} rows left by an earlier run`);
    for (const format of importFormats) {
      const { body, type } = await bodyOf(module, format, rows);
      log(`• :import ${module} ${format}: ${importRows} rows, ${round(body.length / 1048576, 1)} MB`);
      const got: Array<Record<Column, number>> = [];
      let limitInsertMs = 0;
      let rssAfterRoute = 0;
      let rssRightAfterRoute = 0;
      let routePeak = 0;
      scenarioRssMax = rssNow();
      // The service's import rounds first, so the RSS after each is the import's alone: the floor's raw import runs
      // in the service's process too (its parse would still be in the heap). Then the limit's and the floor's rounds,
      // alternating which goes first; round k's ratios pair the k-th of each column.
      const r0 = () => ({ limit: 0, floor: 0, route: 0 });
      const order: Array<[number, Column]> = [];
      for (let k = 0; k < importRounds; k++) order.push([k, 'route']);
      for (let k = 0; k < importRounds; k++) order.push(...(k % 2 ? [[k, 'floor'], [k, 'limit']] : [[k, 'limit'], [k, 'floor']]) as Array<[number, Column]>);
      for (let k = 0; k < importRounds; k++) got.push(r0());
      for (const [k, c] of order) {
        const r = got[k];
        {
          const before = await marks();
          const q = `format=${format}${queryOf(module) ? `&${queryOf(module)}` : ''}`;
          const [server, path, headers]: ['service' | 'limit', string, Record<string, string>] =
            c === 'route'
              ? ['service', `${IMPORT_PATH[module]}${queryOf(module) ? `?${queryOf(module)}` : ''}`, { ...auth(manifest.keys.admin), 'idempotency-key': `bench-${module}-${format}-${Date.now()}-${k}`, 'content-type': type }]
              : [c === 'limit' ? 'limit' : 'service', `/__bench/import/${module}?${q}`, { 'content-type': format === 'json' ? 'application/json' : 'application/octet-stream' }];
          if (c === 'route') {
            // The route's peak starts from the service's own state: the floor's raw imports of the previous import
            // ran in this process and left their garbage (no collection of theirs); one second for V8 to unmap.
            await getJson('service', '/__bench/memory?collect=1');
            await new Promise((r) => setTimeout(r, 1000));
            scenarioRssMax = rssNow();
          }
          const sampler = c === 'route' ? setInterval(sampleRss, 100) : null;
          const t = performance.now();
          const res = await fetch(bases[server] + path, { method: 'POST', body, headers });
          const text = await res.text();
          const s = (performance.now() - t) / 1000;
          // The service's RSS right after its import answered, and one second later: the budget (< 300 MB after each
          // import) is on the second, the time the service has to give the import's memory back (src/http/import-memory.ts).
          if (sampler) {
            clearInterval(sampler);
            sampleRss();
            routePeak = Math.max(routePeak, scenarioRssMax);
            rssRightAfterRoute = Math.max(rssRightAfterRoute, rssNow());
            await new Promise((r) => setTimeout(r, 1000));
            rssAfterRoute = Math.max(rssAfterRoute, rssNow());
          }
          if (res.status >= 300) failures.push(`${c} :import ${module} ${format}: ${res.status} ${text.slice(0, 500)}`);
          else {
            const report = JSON.parse(text) as { created?: number; rows?: number; insertMs?: number };
            const n = c === 'route' ? report.created : report.rows;
            if (n !== importRows) failures.push(`${c} :import ${module} ${format}: ${n} rows written of ${importRows}: ${text.slice(0, 300)}`);
            if (c === 'limit') limitInsertMs += report.insertMs ?? 0;
          }
          r[c] = importRows / s;
          await postJson('service', '/__bench/cleanup', { prefix: PREFIX[module], afterSequence: before.sequence });
          log(`  ${c} round ${k + 1}: ${Math.round(r[c])} rows/s${c === 'route' ? `; service RSS right after ${Math.round(rssRightAfterRoute)} MB, 1 s after ${Math.round(rssAfterRoute)} MB` : ''}`);
        }
      }
      const routeToLimit = spread(got.map((r) => r.route / r.limit));
      out.push({
        module, format, rows: importRows, bodyMb: round(body.length / 1048576, 1),
        routeRowsPerSecond: round(median(got.map((r) => r.route)), 0), floorRowsPerSecond: round(median(got.map((r) => r.floor)), 0), limitRowsPerSecond: round(median(got.map((r) => r.limit)), 0),
        routeToLimit, floorToLimit: spread(got.map((r) => r.floor / r.limit)),
        limitInsertOnlyRowsPerSecond: round(importRows / (limitInsertMs / importRounds / 1000), 0),
        met: routeToLimit.median >= 0.33, rssMaxMb: round(routePeak, 0), rssAfterMb: round(rssAfterRoute, 0), rssRightAfterMb: round(rssRightAfterRoute, 0), rounds: got,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- the newer modules' writes (smoke only)
/** Supervision findings (an inspection, a finding, the findings :import) and opinions (the public intake, an agency's
 *  opinion, the opinions :import): once each, every answer must be 2xx. Webhooks: bench/webhooks.ts --smoke. */
async function modulesSmoke() {
  const m = manifest;
  const call = async (path: string, body: unknown, headers: Record<string, string> = auth(m.keys.admin)) => {
    const res = await fetch(bases.service + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await res.text();
    if (res.status >= 300) failures.push(`POST ${path}: ${res.status} ${text.slice(0, 400)}`);
    return (text ? JSON.parse(text) : {}) as { id?: string };
  };
  const key = (k: string) => ({ ...auth(m.keys.admin), 'idempotency-key': `bench-${k}-${Date.now()}` });
  const unitId = m.editorUnitId;
  const inspection = await call('/v1/inspections', {
    campaignId: m.campaignId, kind: 'spot_check', title: '基准抽查', inspectingBody: '自治区效能办', unitIds: [unitId], plannedStartOn: m.today, plannedEndOn: m.today,
  });
  await call(`/v1/inspections/${inspection.id}:start`, {});
  await call(`/v1/inspections/${inspection.id}/findings`, { unitId, rating: 'insufficient', description: '窗口办事时限公示不全', requirement: '补全公示', dueOn: `${m.today.slice(0, 4)}-12-31` });
  await call(`/v1/findings:import?inspectionId=${inspection.id}`, { items: [{ unitId, externalId: 'BENCH-JC-1', rating: 'good', description: '窗口服务好' }] }, key('findings'));
  await call('/v1/public/opinions', { kind: 'complaint', text: '办事拖拉，推诿扯皮。', submitterKind: 'public', anonymous: true }, {});
  await call('/v1/opinions', { kind: 'suggestion', channel: 'forum', unitId, text: '建议精简报表', submitterKind: 'cppcc_member', anonymous: true });
  await call('/v1/opinions:import', { items: [{ kind: 'suggestion', unitId, text: '表格太多', submitterKind: 'civil_servant', anonymous: true }] }, key('opinions'));
  log('• newer modules: an inspection, a finding, the findings :import, the public opinion intake, an opinion, the opinions :import');
}

// ---------------------------------------------------------------- main
async function main() {
  const machine = {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    taskset: hasTaskset,
    memoryGb: Math.round(Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024 / 1024),
    loadAverageAtStart: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
  if (hasTaskset) spawnSync('taskset', ['-cp', '1', String(process.pid)]);
  log(`data set ${dbPath} (scale ${manifest.scale}); ${rounds} rounds × ${duration} s after ${warmup} s warm-up per column; ${connections} connections; taskset ${hasTaskset}`);
  const started = performance.now();

  // All three servers run as esbuild bundles, like `npm start`: dist/server.mjs, dist/bench-server.mjs (the same app
  // plus the raw routes) and dist/limit-server.mjs (the bare limit). tsx would add its loader's memory and hooks.
  execFileSync(process.execPath, ['scripts/build.mjs', '--bench'], { stdio: 'ignore' });
  log('cold start…');
  const cold = await coldStart();
  log(`  cold start to /readyz: ${cold.ms.map((m) => Math.round(m)).join(', ')} ms (node -e 0: ${Math.round(cold.nodeBareMs)} ms)`);

  const server = startNode('dist/bench-server.mjs', 0, 0);
  const limit = startNode('dist/limit-server.mjs', 0, 0);
  serverPid = server.pid!;
  try {
    bases.service = (await waitForLine(server, /listening (http:\/\/[^\s]+)/))[1];
    bases.limit = (await waitForLine(limit, /listening (http:\/\/[^\s]+)/))[1];
    const rssIdle = rssNow();
    const results: ScenarioResult[] = [];
    for (const sc of scenarios()) results.push(await measure(sc));
    // null when no request scenario ran (e.g. --only import).
    const rssUnderLoad = results.length ? rssMax : null;
    const imports = !only || only.includes('import') ? await importRun() : [];
    if (smoke) await modulesSmoke();

    const coldMs = round(median(cold.ms), 0);
    const rssAfterImports = imports.length ? Math.max(...imports.map((i) => i.rssAfterMb)) : null;
    const out = {
      at: new Date().toISOString(),
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      minutes: round((performance.now() - started) / 60_000, 1),
      machine,
      dataSet: { path: dbPath, scale: manifest.scale, counts: manifest.counts, listOverdueMatches: manifest.listOverdueMatches },
      settings: { rounds, duration, warmup, connections, smoke, quick, importRows, importRounds, importFormats, importModules },
      scenarios: results,
      imports,
      coldStart: { ms: coldMs, runs: cold.ms.map((m) => round(m, 0)), nodeBareMs: round(cold.nodeBareMs, 0), budget: '< 1000 ms', met: coldMs < 1000 },
      rss: {
        idleMb: round(rssIdle, 0), underLoadMaxMb: rssUnderLoad === null ? null : round(rssUnderLoad, 0), withImportsMaxMb: round(rssMax, 0), afterImportsMaxMb: rssAfterImports,
        budget: '< 300 MB under load and after the imports', met: (rssUnderLoad === null || rssUnderLoad < 300) && (rssAfterImports === null || rssAfterImports < 300),
      },
      failures,
    };
    mkdirSync(outDir, { recursive: true });
    const file = `${outDir}/results-${out.at.replace(/[:.]/g, '-')}.json`;
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    writeFileSync(`${outDir}/latest.json`, `${JSON.stringify(out, null, 2)}\n`);
    printTable(out);
    log(`results: ${file} (${out.minutes} min)`);
  } finally {
    await Promise.all([stopChild(server), stopChild(limit)]);
  }
  if (failures.length) {
    log(`FAILED:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

function printTable(res: { scenarios: ScenarioResult[]; imports: ImportResult[]; coldStart: { ms: number; met: boolean }; rss: { idleMb: number; underLoadMaxMb: number | null; withImportsMaxMb: number; afterImportsMaxMb: number | null; met: boolean } }) {
  const pad = (s: string | number, n: number) => String(s) + ' '.repeat(Math.max(0, n - [...String(s)].length));
  const verdict = (met: boolean | null, budget: string | null) => (budget ? `${budget}: ${met ? 'met' : 'MISSED'}` : '');
  const lines = [
    `${pad('scenario', 58)} ${pad('limit', 8)} ${pad('floor', 8)} ${pad('route', 8)} ${pad('p50/p99', 9)} ${pad('floor/limit', 12)} ${pad('route/limit (min–max)', 22)} ${pad('RSS', 5)} budget`,
    ...res.scenarios.map((s) =>
      `${pad(s.scenario, 58)} ${pad(s.columns.limit.rps, 8)} ${pad(s.columns.floor.rps, 8)} ${pad(s.columns.route.rps, 8)} ${pad(`${s.columns.route.p50}/${s.columns.route.p99}`, 9)} ${pad(s.floorToLimit.median, 12)} ${pad(`${s.routeToLimit.median} (${s.routeToLimit.min}–${s.routeToLimit.max})`, 22)} ${pad(s.memoryAfterMb.rss, 5)} ${verdict(s.met, s.budget)}`,
    ),
    ...res.imports.map((i) =>
      `${pad(`:import ${i.module} ${i.format} (rows/s)`, 58)} ${pad(i.limitRowsPerSecond, 8)} ${pad(i.floorRowsPerSecond, 8)} ${pad(i.routeRowsPerSecond, 8)} ${pad('', 9)} ${pad(i.floorToLimit.median, 12)} ${pad(`${i.routeToLimit.median} (${i.routeToLimit.min}–${i.routeToLimit.max})`, 22)} ${pad(`${i.rssRightAfterMb}→${i.rssAfterMb}`, 9)} ${verdict(i.met, 'route/limit ≥ 0.33')}`,
    ),
    `cold start to /readyz: ${res.coldStart.ms} ms (< 1000: ${res.coldStart.met ? 'met' : 'MISSED'}); service RSS idle ${res.rss.idleMb} MB, under load max ${res.rss.underLoadMaxMb ?? '–'} MB, ` +
      `during the imports max ${res.rss.withImportsMaxMb} MB, 1 s after an import max ${res.rss.afterImportsMaxMb ?? '–'} MB (< 300 under load and after the imports: ${res.rss.met ? 'met' : 'MISSED'})`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
