// Rows/s of each :import (ledger, approval, fee; JSON, CSV and xlsx bodies) against a raw prepared insert of the same rows
// into the same tables in the same server process, on a fresh file database, and the server's RSS after each import
// (after a full GC). The server is a child process (the real app over HTTP); this process only builds the bodies.
//   tsx bench/import-rate.ts [--rows 100000] [--kinds ledger,approval,fee] [--formats json,csv,xlsx]
import { fork, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { systemClock } from '../src/lib/clock.js';
import { systemActor } from '../src/http/auth.js';
import { seedUnits } from '../src/modules/units/seed.js';
import { createApiKeyService } from '../src/modules/api-keys/service.js';
import { campaigns, units } from '../src/db/schema/index.js';
import { newId } from '../src/lib/ids.js';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const N = Number(arg('rows', '100000'));
const kinds = arg('kinds', 'ledger,approval,fee').split(',');
const formats = arg('formats', 'json,csv').split(',');
const mb = (n: number) => Math.round(n / 1048576);


interface Ctx { unitIds: string[]; unitNames: string[]; campaignId: string }
const pad = (p: string, i: number) => `${p}${String(i).padStart(6, '0')}`;
const rowsOf = (c: Ctx) => ({
  ledger: (p: string, i: number) => ({
    code: pad(p, i), title: `基准整改事项${i}号清理审批`, description: '对各种行政审批事项进行再次清理', taskCode: `${(i % 9) + 1}.1`,
    leadUnitId: c.unitIds[i % c.unitIds.length], coUnitIds: [c.unitIds[(i + 1) % c.unitIds.length]], responsibleLeader: '李四', deadline: '2027-06-30',
  }),
  approval: (p: string, i: number) => ({
    code: pad(p, i), name: `基准导入审批事项${i}号核发`, implementingUnitId: c.unitIds[i % c.unitIds.length], kind: i % 5 === 0 ? 'non_licence' : 'licence',
    bases: [{ level: 'regional_regulation', title: '广西壮族自治区行政审批条例', article: `第${(i % 60) + 1}条`, role: 'setting' }], siblingProvinces: 'unknown', remarks: '基准测试数据',
  }),
  fee: (p: string, i: number) => ({
    code: pad(p, i), name: `基准收费项目${i}号`, collectingUnitId: c.unitIds[i % c.unitIds.length], category: 'administrative', basisLevel: 'regional',
    bases: [{ documentNumber: `桂价费〔2010〕${i % 90}号` }], standard: { kind: 'fixed', amountFen: 1000 + (i % 50), per: '件' },
  }),
});

/** Linux: the resident MB of the process by kind of mapping (the malloc heap, anonymous maps, files), to tell what keeps the RSS. */
function residentByMapping(): string {
  let text: string;
  try {
    text = readFileSync('/proc/self/smaps', 'utf8');
  } catch {
    return 'no /proc';
  }
  const kb: Record<string, number> = {};
  let kind = '';
  for (const line of text.split('\n')) {
    const m = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m) kind = m[1] === '' ? 'anon' : m[1].startsWith('/') ? (m[1].endsWith('.node') || m[1].includes('.so') || m[1].endsWith('/node') ? 'code' : 'file') : m[1];
    else if (line.startsWith('Rss:')) kb[kind] = (kb[kind] ?? 0) + Number(line.split(/\s+/)[1]);
  }
  return Object.entries(kb).filter(([, v]) => v >= 1024).map(([k, v]) => `${k} ${Math.round(v / 1024)}`).join(', ');
}

/** The server: the real app on a fresh file database, plus the raw inserts and the memory reading over IPC. */
async function server() {
  const dir = mkdtempSync(join(tmpdir(), 'import-rate-'));
  const app = await buildApp({ config: testConfig({ DATABASE_PATH: join(dir, 'bench.db'), IMPORT_BODY_LIMIT_BYTES: 1_000_000_000 }), clock: systemClock, logger: false });
  await app.ready();
  const { deps } = app;
  deps.db.transaction((tx) => seedUnits({ deps, tx, actor: systemActor(), campaignYear: 2027 }));
  const unitRows = deps.db.select().from(units).all();
  const admin = createApiKeyService(deps).create(systemActor(), { name: 'bench', unitId: unitRows.find((u) => u.externalId === 'gx')!.id, roles: ['admin'] }).secret;
  const now = new Date().toISOString();
  const campaignId = newId();
  deps.db.insert(campaigns).values({ id: campaignId, title: '基准活动', year: 2027, template: 'work-style-efficiency', regionUnitId: unitRows[0].id, startsOn: '2027-02-21', endsOn: '2028-02-28', status: 'running', createdAt: now, updatedAt: now }).run();
  const ctx: Ctx = { unitIds: unitRows.map((u) => u.id), unitNames: unitRows.map((u) => u.name), campaignId };
  const rows = rowsOf(ctx);
  const { sqlite } = deps;
  const statements = {
    ledger: sqlite.prepare(`INSERT INTO rectification_items (id, seq, code, campaign_id, task_code, title, description, lead_unit_id, responsible_leader, deadline, co_unit_ids, created_at, updated_at)
      VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM rectification_items), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    approval: sqlite.prepare('INSERT INTO approval_items (id, code, name, implementing_unit_id, kind, bases, sibling_provinces, remarks, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    fee: sqlite.prepare('INSERT INTO fee_items (id, code, name, collecting_unit_id, category, basis_level, bases, standard_kind, amount_fen, per, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
  };
  const rawRow = {
    ledger: (p: string, i: number) => {
      const r = rows.ledger(p, i);
      statements.ledger.run(newId(), r.code, campaignId, r.taskCode, r.title, r.description, r.leadUnitId, r.responsibleLeader, r.deadline, JSON.stringify(r.coUnitIds), now, now);
    },
    approval: (p: string, i: number) => {
      const r = rows.approval(p, i);
      statements.approval.run(newId(), r.code, r.name, r.implementingUnitId, r.kind, JSON.stringify(r.bases), r.siblingProvinces, r.remarks, now, now);
    },
    fee: (p: string, i: number) => {
      const r = rows.fee(p, i);
      statements.fee.run(newId(), r.code, r.name, r.collectingUnitId, r.category, r.basisLevel, JSON.stringify(r.bases), r.standard.kind, r.standard.amountFen, r.standard.per, now, now);
    },
  };
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  process.on('message', (m: { raw?: keyof typeof rawRow; prefix: string; n: number } | { mem: true } | { stop: true }) => {
    if ('raw' in m && m.raw) {
      const t = performance.now();
      sqlite.transaction(() => {
        for (let i = 0; i < m.n; i++) rawRow[m.raw!](m.prefix, i);
      })();
      process.send!({ ms: performance.now() - t });
    } else if ('mem' in m) {
      (global as { gc?: () => void }).gc?.();
      // maxRSS: the process's high-water mark so far (KB), i.e. the peak of the import just answered when it is the largest yet.
      process.send!({ ...process.memoryUsage(), maxRss: process.resourceUsage().maxRSS * 1024, maps: residentByMapping() });
    } else {
      void app.close().then(() => {
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      });
    }
  });
  process.send!({ base, admin, ctx });
}

async function main() {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--server'], { execArgv: ['--expose-gc', '--import', 'tsx'] });
  // A failed round must not leave the server running.
  process.on('exit', () => child.kill());
  const next = () => new Promise<Record<string, unknown>>((res) => child.once('message', (m) => res(m as Record<string, unknown>)));
  const { base, admin, ctx } = (await next()) as { base: string; admin: string; ctx: Ctx };
  const ask = async (m: object) => {
    const reply = next();
    child.send(m);
    return reply;
  };
  const rows = rowsOf(ctx);
  const csvCell = (s: unknown) => (/[",\n]/.test(String(s)) ? `"${String(s).replace(/"/g, '""')}"` : String(s));
  const nameOf = (id: string) => ctx.unitNames[ctx.unitIds.indexOf(id)];
  const csv: Record<string, { header: string; line: (p: string, i: number) => unknown[] }> = {
    ledger: { header: '编号,整改事项,任务,牵头单位,配合单位,责任领导,完成时限,整改内容', line: (p, i) => { const r = rows.ledger(p, i); return [r.code, r.title, r.taskCode, nameOf(r.leadUnitId), nameOf(r.coUnitIds[0]), r.responsibleLeader, r.deadline, r.description]; } },
    approval: { header: '事项编码,事项名称,实施机关,设定依据,备注,类型', line: (p, i) => { const r = rows.approval(p, i); return [r.code, r.name, r.implementingUnitId, `广西壮族自治区行政审批条例第${(i % 60) + 1}条`, r.remarks, r.kind]; } },
    fee: { header: '项目编码,项目名称,执收单位,收费类别,设立级次,政策依据,收费标准', line: (p, i) => { const r = rows.fee(p, i); return [r.code, r.name, r.collectingUnitId, '行政性', '自治区', r.bases[0].documentNumber, `${(1000 + (i % 50)) / 100}元/件`]; } },
  };
  const routes: Record<string, string> = { ledger: `/v1/rectification-items:import?campaignId=${ctx.campaignId}`, approval: '/v1/approval-items:import', fee: '/v1/fee-items:import' };
  const bodyOf = async (kind: 'ledger' | 'approval' | 'fee', format: string, p: string): Promise<string | Buffer> => {
    if (format === 'xlsx') {
      // The same rows as the CSV, as a workbook written by exceljs' streaming writer (inline strings, as Excel exports do not matter here).
      const ExcelJS = (await import('exceljs')).default;
      const stream = new PassThrough();
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(csv[kind].header.split(',')).commit();
      for (let i = 0; i < N; i++) ws.addRow(csv[kind].line(p, i)).commit();
      ws.commit();
      await wb.commit();
      return Buffer.concat(chunks);
    }
    if (format === 'json') return JSON.stringify({ items: Array.from({ length: N }, (_, i) => rows[kind](p, i)) });
    const lines = [csv[kind].header];
    for (let i = 0; i < N; i++) lines.push(csv[kind].line(p, i).map(csvCell).join(','));
    return lines.join('\n');
  };
  console.log(`server RSS before the imports: ${mb((await ask({ mem: true })).rss as number)} MB`);
  let round = 0;
  for (const kind of kinds as Array<'ledger' | 'approval' | 'fee'>) {
    for (const format of formats) {
      const p = `B${++round}-`;
      const payload = await bodyOf(kind, format, p);
      const t = performance.now();
      const res = await fetch(base + routes[kind], { method: 'POST', body: payload, headers: { authorization: `Bearer ${admin}`, 'idempotency-key': `bench-${p}`, 'content-type': format === 'json' ? 'application/json' : format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv' } });
      const text = await res.text();
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`${kind} ${format}: ${res.status} ${text.slice(0, 500)}`);
      const created = (JSON.parse(text) as { created: number }).created;
      if (created !== N) throw new Error(`${kind} ${format}: created ${created} of ${N}`);
      const mem = await ask({ mem: true });
      const rawMs = (await ask({ raw: kind, prefix: `R${round}-`, n: N })).ms as number;
      console.log(`${kind.padEnd(8)} ${format.padEnd(4)} ${N} rows: API ${Math.round(N / (ms / 1000))} rows/s (${(ms / 1000).toFixed(2)} s), raw insert ${Math.round(N / (rawMs / 1000))} rows/s, ratio ${(rawMs / ms).toFixed(3)}, server RSS after ${mb(mem.rss as number)} MB, peak so far ${mb(mem.maxRss as number)} MB (heap used ${mb(mem.heapUsed as number)} of ${mb(mem.heapTotal as number)} MB, external ${mb(mem.external as number)} MB; resident MB by mapping: ${mem.maps as string})`);
    }
  }
  child.send({ stop: true });
}
(process.argv.includes('--server') ? server() : main()).catch((e) => {
  console.error(e);
  process.exit(1);
});
