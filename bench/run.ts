// Load benchmarks against the physical limit (issue 7): `npm run bench [-- --quick] [-- --db bench/data/bench.db]`.
// Starts bench/server.ts, bundled like `npm start` (dist/bench-server.mjs: the real app + baseline routes), on the generated file in a child process pinned to core 0,
// pins this process (the autocannon load generator) to core 1, and for every scenario alternates rounds of the
// scenario and of its baseline (so drift and the noise of a shared machine hit both), after a warm-up of each.
// Also: :import of 100,000 approval items against a raw prepared insert of the same rows, cold start of the real
// server (src/server.ts) to /readyz on the full file, and the server's RSS under load.
// Writes bench/out/results-<time>.json (and latest.json) and prints a table. --smoke: every scenario once, briefly,
// non-zero exit on any error or non-2xx.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { type BenchManifest, parseArgs } from './lib.js';

const args = parseArgs(process.argv.slice(2));
const smoke = Boolean(args.smoke);
const quick = Boolean(args.quick);
const dbPath = resolve(String(args.db ?? 'bench/data/bench.db'));
const outDir = resolve(String(args.out ?? 'bench/out'));
const rounds = Number(args.rounds ?? (smoke ? 1 : quick ? 3 : 5));
const duration = Number(args.duration ?? (quick ? 2 : 5));
const warmup = Number(args.warmup ?? (quick ? 1 : 2));
const connections = Number(args.connections ?? 10);
const importRows = Number(args['import-rows'] ?? (smoke ? 200 : 100_000));
const importRounds = Number(args['import-rounds'] ?? (smoke ? 1 : quick ? 1 : 5));
const only = args.only ? String(args.only).split(',') : null;

if (!existsSync(dbPath)) throw new Error(`${dbPath} does not exist: run npm run bench:generate first`);
const manifest = JSON.parse(readFileSync(`${dbPath}.keys.json`, 'utf8')) as BenchManifest;
const hasTaskset = spawnSync('taskset', ['--version']).status === 0 && cpus().length >= 2;
const log = (s: string) => process.stderr.write(`${s}\n`);
const failures: string[] = [];

const serverEnv = (port: number) => ({
  ...process.env,
  DATABASE_PATH: dbPath,
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  DOCS: 'false',
  SEED: 'none',
  RATE_LIMIT_MAX: '1000000',
  RATE_LIMIT_PUBLIC_MAX: '1000000',
  // The import blocks the loop for seconds by design (one synchronous transaction): no shedding during the bench.
  MAX_EVENT_LOOP_DELAY_MS: '0',
  BENCH_BASELINES: '1',
});

function startNode(script: string, port: number, core: number | null): ChildProcess {
  const nodeArgs = script.endsWith('.ts') ? ['--import', 'tsx', script] : [script];
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
/** `slow`: a call that takes about a second (an aggregate over 1M rows): one connection and at least 6 s a round, so the
 *  round completes calls instead of queueing 10 of them behind each other (which also starved the next scenario). */
interface Target { name: string; headers?: Record<string, string>; paths: string[]; slow?: boolean }

let serverPid = 0;
let rssMax = 0;
/** The RSS high-water mark of the current pair (scenario and baseline rounds), to tell which one holds memory. */
let pairRssMax = 0;
const rssNow = () => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${serverPid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
};

async function load(base: string, target: Target, seconds: number): Promise<Round> {
  let i = 0;
  const sampler = setInterval(() => {
    const now = rssNow();
    rssMax = Math.max(rssMax, now);
    pairRssMax = Math.max(pairRssMax, now);
  }, 200);
  const result = await autocannon({
    url: base,
    connections: target.slow ? 1 : connections,
    ...(smoke ? { amount: Math.max(connections, target.paths.length > 1 ? 20 : 10) } : { duration: target.slow ? Math.max(seconds, 6) : seconds }),
    headers: target.headers,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: target.paths[i++ % target.paths.length] }) }],
  });
  clearInterval(sampler);
  const r: Round = { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
  if (r.non2xx || r.errors) {
    // One probe tells what went wrong.
    const res = await fetch(base + target.paths[0], { headers: target.headers });
    failures.push(`${target.name}: ${r.non2xx} non-2xx, ${r.errors} errors (probe: ${res.status} ${(await res.text()).slice(0, 300)})`);
  }
  return r;
}

interface Pair { scenario: string; baseline: string; budget?: { ratio: number }; p99BudgetMs?: number; scenarioRounds: Round[]; baselineRounds: Round[]; rssMaxMb?: number; memoryAfter?: Record<string, number> }

async function pair(base: string, scenario: Target, baseline: Target, extra: Partial<Pair> = {}): Promise<Pair> {
  log(`• ${scenario.name} vs ${baseline.name}`);
  pairRssMax = rssNow();
  if (!smoke) {
    await load(base, baseline, warmup);
    await load(base, scenario, warmup);
  }
  const p: Pair = { scenario: scenario.name, baseline: baseline.name, scenarioRounds: [], baselineRounds: [], ...extra };
  for (let k = 0; k < rounds; k++) {
    // Alternate which goes first, so neither always runs on a warmer (or noisier) machine.
    if (k % 2 === 0) (p.baselineRounds.push(await load(base, baseline, duration)), p.scenarioRounds.push(await load(base, scenario, duration)));
    else (p.scenarioRounds.push(await load(base, scenario, duration)), p.baselineRounds.push(await load(base, baseline, duration)));
  }
  p.rssMaxMb = round(pairRssMax, 0);
  const mem = (await (await fetch(`${base}/__bench/memory`)).json()) as Record<string, number>;
  p.memoryAfter = Object.fromEntries(Object.entries(mem).map(([k, v]) => [k, round(v / 1048576, 0)]));
  log(`  RSS max during the pair: ${p.rssMaxMb} MB; after it (MB): ${JSON.stringify(p.memoryAfter)}`);
  return p;
}

// ---------------------------------------------------------------- import
async function importRun(base: string) {
  const units = manifest.keys;
  void units;
  const unitIds = [manifest.listUnitId, manifest.editorUnitId];
  const body = (prefix: string) =>
    JSON.stringify({
      items: Array.from({ length: importRows }, (_, i) => ({
        code: `${prefix}${String(i).padStart(6, '0')}`,
        name: `基准导入审批事项${i}号核发`,
        implementingUnitId: unitIds[i % unitIds.length],
        kind: i % 5 === 0 ? 'non_licence' : 'licence',
        bases: [{ level: 'regional_regulation', title: '广西壮族自治区行政审批条例', article: `第${(i % 60) + 1}条`, role: 'setting' }],
        siblingProvinces: 'unknown',
        remarks: '基准测试数据',
      })),
    });
  const post = async (path: string, payload: string, headers: Record<string, string> = {}) => {
    const res = await fetch(base + path, { method: 'POST', body: payload, headers: { 'content-type': 'application/json', ...headers } });
    const text = await res.text();
    if (res.status >= 300) failures.push(`POST ${path}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as Record<string, number>;
  };
  const maxSeq = async () => ((await (await fetch(`${base}/__bench/max-sequence`)).json()) as { sequence: number }).sequence;
  const apiRates: number[] = [];
  const rawRates: number[] = [];
  for (let k = 0; k < importRounds; k++) {
    const prefix = `BENCH-${Date.now().toString(36)}-${k}-`;
    const payload = body(prefix);
    const seq0 = await maxSeq();
    rssMax = Math.max(rssMax, rssNow());
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssNow())), 100);
    const t = performance.now();
    const report = await post('/v1/approval-items:import', payload, { authorization: `Bearer ${manifest.keys.admin}`, 'idempotency-key': `bench-${prefix}` });
    const s = (performance.now() - t) / 1000;
    clearInterval(sampler);
    if (report.created !== importRows && !failures.length) failures.push(`import created ${report.created} of ${importRows}`);
    apiRates.push(importRows / s);
    await post('/__bench/cleanup', JSON.stringify({ prefix, afterSequence: seq0 }));
    const raw = await post('/__bench/raw-insert', payload);
    rawRates.push(importRows / (raw.ms / 1000));
    await post('/__bench/cleanup', JSON.stringify({ prefix, afterSequence: seq0 }));
    log(`  import round ${k + 1}: API ${Math.round(importRows / s)} rows/s (${s.toFixed(2)} s end to end), raw insert ${Math.round(importRows / (raw.ms / 1000))} rows/s`);
  }
  return { rows: importRows, apiRowsPerSecond: apiRates, rawRowsPerSecond: rawRates };
}

// ---------------------------------------------------------------- main
async function main() {
  const machine = {
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    taskset: hasTaskset,
    memoryGb: Math.round(Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) / 1024 / 1024),
  };
  if (hasTaskset) spawnSync('taskset', ['-cp', '1', String(process.pid)]);
  log(`data set ${dbPath} (scale ${manifest.scale}); ${rounds} rounds × ${duration} s after ${warmup} s warm-up; ${connections} connections; taskset ${hasTaskset}`);

  // Both servers run as esbuild bundles, like `npm start`: dist/server.mjs and dist/bench-server.mjs (the same app plus
  // the baseline routes). tsx over the sources would add its loader's memory to the RSS and its hooks to start-up.
  execFileSync(process.execPath, ['scripts/build.mjs', '--bench'], { stdio: 'ignore' });
  log('cold start…');
  const cold = await coldStart();
  log(`  cold start to /readyz: ${cold.ms.map((m) => Math.round(m)).join(', ')} ms (node -e 0: ${Math.round(cold.nodeBareMs)} ms)`);

  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = startNode('dist/bench-server.mjs', port, 0);
  serverPid = server.pid!;
  if (hasTaskset) {
    // taskset execs node, so the child's pid is the server's.
  }
  const base = (await waitForLine(server, /listening (http:\/\/[^\s]+)/))[1];
  const rssIdle = rssNow();
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  const ids = manifest.itemIds.slice(0, 500);
  const t = manifest.today;
  const pairs: Pair[] = [];
  const want = (n: string) => !only || only.includes(n);
  try {
    const bare: Target = { name: 'bare JSON route', paths: ['/__bench/bare'] };
    const rawPoint: Target = { name: 'raw point read', paths: ids.map((id) => `/__bench/item/${id}`) };
    if (want('bare')) pairs.push(await pair(base, rawPoint, bare));
    if (want('get')) pairs.push(await pair(base, { name: 'GET item by id (unit key, ETag)', headers: auth(manifest.keys.unitEditor), paths: ids.map((id) => `/v1/rectification-items/${id}`) }, rawPoint, { budget: { ratio: 0.7 } }));
    if (want('fee')) {
      pairs.push(await pair(base, { name: 'public fee check', paths: manifest.feeChecks.map((c) => `/v1/public/fee-catalogue/check?unit=${c.unit}&item=${encodeURIComponent(c.item)}`) }, rawPoint, { budget: { ratio: 0.8 } }));
    }
    if (want('list')) {
      pairs.push(await pair(
        base,
        { name: 'filtered list of 50 (involvesUnitId+status+overdue)', headers: auth(manifest.keys.inspector), paths: [`/v1/rectification-items?involvesUnitId=${manifest.listUnitId}&status=${manifest.listStatus}&overdue=true&pageSize=50`] },
        { name: 'raw 50-row list', paths: [`/__bench/list?unitId=${manifest.listUnitId}&status=${manifest.listStatus}&today=${t}`] },
        { budget: { ratio: 0.8 }, p99BudgetMs: 10 },
      ));
    }
    if (want('list-arrays')) {
      // A stricter reference than the issue's: the raw list with array rows (no budget; see RESULTS.md).
      pairs.push(await pair(
        base,
        { name: 'filtered list of 50 (same)', headers: auth(manifest.keys.inspector), paths: [`/v1/rectification-items?involvesUnitId=${manifest.listUnitId}&status=${manifest.listStatus}&overdue=true&pageSize=50`] },
        { name: 'raw 50-row list, array rows', paths: [`/__bench/list-arrays?unitId=${manifest.listUnitId}&status=${manifest.listStatus}&today=${t}`] },
      ));
    }
    if (want('stats')) {
      // The service caches the aggregate until the next write; the raw query recomputes it every call (1 connection each).
      pairs.push(await pair(base, { name: 'stats (groupBy=status, campaign)', headers: auth(manifest.keys.reader), paths: [`/v1/rectification-items/stats?groupBy=status&campaignId=${manifest.campaignId}`], slow: true }, { name: 'raw stats query (uncached)', paths: [`/__bench/stats?campaignId=${manifest.campaignId}`], slow: true }));
    }
    if (want('events')) {
      pairs.push(await pair(base, { name: 'change feed page of 500', headers: auth(manifest.keys.reader), paths: manifest.eventsAfter.map((a) => `/v1/events?after=${a}&pageSize=500`) }, { name: 'raw 500-event page', paths: manifest.eventsAfter.map((a) => `/__bench/events?after=${a}`) }));
    }
    const rssUnderLoad = rssMax;
    const imp = want('import') ? await importRun(base) : null;

    const rows = pairs.map((p) => {
      const s = median(p.scenarioRounds.map((r) => r.rps));
      const b = median(p.baselineRounds.map((r) => r.rps));
      const ratios = p.scenarioRounds.map((r, k) => r.rps / p.baselineRounds[k].rps);
      const p99 = median(p.scenarioRounds.map((r) => r.p99));
      return {
        scenario: p.scenario,
        baseline: p.baseline,
        rps: round(s, 0),
        baselineRps: round(b, 0),
        ratio: round(median(ratios), 3),
        ratioMin: round(Math.min(...ratios), 3),
        ratioMax: round(Math.max(...ratios), 3),
        rpsSpread: [round(Math.min(...p.scenarioRounds.map((r) => r.rps)), 0), round(Math.max(...p.scenarioRounds.map((r) => r.rps)), 0)],
        p50: median(p.scenarioRounds.map((r) => r.p50)),
        p99,
        baselineP50: median(p.baselineRounds.map((r) => r.p50)),
        baselineP99: median(p.baselineRounds.map((r) => r.p99)),
        budget: p.budget ? `ratio ≥ ${p.budget.ratio}${p.p99BudgetMs ? `, p99 < ${p.p99BudgetMs} ms` : ''}` : null,
        met: p.budget ? median(ratios) >= p.budget.ratio && (!p.p99BudgetMs || p99 < p.p99BudgetMs) : null,
        rssMaxMb: p.rssMaxMb,
        memoryAfterMb: p.memoryAfter,
        rounds: { scenario: p.scenarioRounds, baseline: p.baselineRounds },
      };
    });
    // Like the other pairs: the median of each round's ratio (a round is one API import and one raw insert, back to
    // back), so drift on this shared machine hits both sides of a ratio.
    const importRatios = imp ? imp.apiRowsPerSecond.map((a, k) => a / imp.rawRowsPerSecond[k]) : [];
    const importRow = imp && {
      rows: imp.rows,
      apiRowsPerSecond: round(median(imp.apiRowsPerSecond), 0),
      rawRowsPerSecond: round(median(imp.rawRowsPerSecond), 0),
      ratio: round(median(importRatios), 3),
      ratioMin: round(Math.min(...importRatios), 3),
      ratioMax: round(Math.max(...importRatios), 3),
      rounds: imp,
      budget: 'ratio ≥ 0.33',
      met: median(importRatios) >= 0.33,
    };
    const coldMs = round(median(cold.ms), 0);
    const results = {
      at: new Date().toISOString(),
      command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      machine,
      dataSet: { path: dbPath, scale: manifest.scale, counts: manifest.counts, listOverdueMatches: manifest.listOverdueMatches },
      settings: { rounds, duration, warmup, connections, smoke, quick },
      scenarios: rows,
      import: importRow,
      coldStart: { ms: coldMs, runs: cold.ms.map((m) => round(m, 0)), nodeBareMs: round(cold.nodeBareMs, 0), budget: '< 1000 ms', met: coldMs < 1000 },
      rss: { idleMb: round(rssIdle, 0), underLoadMaxMb: round(rssUnderLoad, 0), withImportMaxMb: round(rssMax, 0), budget: '< 300 MB under load', met: rssUnderLoad < 300 },
      failures,
    };
    mkdirSync(outDir, { recursive: true });
    const file = `${outDir}/results-${results.at.replace(/[:.]/g, '-')}.json`;
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(`${outDir}/latest.json`, `${JSON.stringify(results, null, 2)}\n`);
    printTable(results);
    log(`results: ${file}`);
  } finally {
    await stopChild(server);
  }
  if (failures.length) {
    log(`FAILED:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

function printTable(res: {
  scenarios: Array<{ scenario: string; baseline: string; rps: number; baselineRps: number; ratio: number; ratioMin: number; ratioMax: number; p50: number; p99: number; budget: string | null; met: boolean | null }>;
  import: { apiRowsPerSecond: number; rawRowsPerSecond: number; ratio: number; ratioMin: number; ratioMax: number; met: boolean } | null;
  coldStart: { ms: number; met: boolean };
  rss: { idleMb: number; underLoadMaxMb: number; withImportMaxMb: number; met: boolean };
}) {
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));
  const lines = [
    `${pad('scenario', 52)} ${pad('req/s', 8)} ${pad('p50/p99 ms', 12)} ${pad('baseline', 18)} ${pad('base req/s', 10)} ${pad('ratio (min–max)', 20)} budget`,
    ...res.scenarios.map((s) =>
      `${pad(s.scenario, 52)} ${pad(String(s.rps), 8)} ${pad(`${s.p50}/${s.p99}`, 12)} ${pad(s.baseline, 18)} ${pad(String(s.baselineRps), 10)} ${pad(`${s.ratio} (${s.ratioMin}–${s.ratioMax})`, 20)} ${s.budget ? `${s.budget}: ${s.met ? 'met' : 'MISSED'}` : ''}`,
    ),
  ];
  if (res.import) lines.push(`${pad(':import approval items (rows/s)', 52)} ${pad(String(res.import.apiRowsPerSecond), 8)} ${pad('', 12)} ${pad('raw insert', 18)} ${pad(String(res.import.rawRowsPerSecond), 10)} ${pad(`${res.import.ratio} (${res.import.ratioMin}–${res.import.ratioMax})`, 20)} ratio ≥ 0.33: ${res.import.met ? 'met' : 'MISSED'}`);
  lines.push(`cold start to /readyz: ${res.coldStart.ms} ms (< 1000: ${res.coldStart.met ? 'met' : 'MISSED'}); RSS idle ${res.rss.idleMb} MB, under load max ${res.rss.underLoadMaxMb} MB (< 300: ${res.rss.met ? 'met' : 'MISSED'}), with the import ${res.rss.withImportMaxMb} MB`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
