// Rows/s of each :import (ledger, approval, fee) against a raw prepared insert of the same rows, in process, on a
// fresh file database; RSS after each import. `tsx bench/import-rate.ts [--rows 100000] [--kinds ledger,approval,fee]
// [--formats json,csv]`. P3's harness (bench/run.ts) times the same requests over HTTP; this is the quick loop.
import { mkdtempSync, rmSync } from 'node:fs';
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

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'import-rate-'));
  const app = await buildApp({ config: testConfig({ DATABASE_PATH: join(dir, 'bench.db'), IMPORT_BODY_LIMIT_BYTES: 1_000_000_000 }), clock: systemClock, logger: false });
  await app.ready();
  const { deps } = app;
  deps.db.transaction((tx) => seedUnits({ deps, tx, actor: systemActor(), campaignYear: 2027 }));
  const unitRows = deps.db.select().from(units).all();
  const unitIds = unitRows.map((u) => u.id);
  const unitName = new Map(unitRows.map((u) => [u.id, u.name]));
  const admin = createApiKeyService(deps).create(systemActor(), { name: 'bench', unitId: unitRows.find((u) => u.externalId === 'gx')!.id, roles: ['admin'] }).secret;
  const now = new Date().toISOString();
  const campaignId = newId();
  deps.db.insert(campaigns).values({ id: campaignId, title: '基准活动', year: 2027, template: 'work-style-efficiency', regionUnitId: unitIds[0], startsOn: '2027-02-21', endsOn: '2028-02-28', status: 'running', createdAt: now, updatedAt: now }).run();
  const sqlite = deps.sqlite;

  const ledgerRow = (p: string, i: number) => ({
    code: `${p}${String(i).padStart(6, '0')}`, title: `基准整改事项${i}号清理审批`, description: '对各种行政审批事项进行再次清理', taskCode: `${(i % 9) + 1}.1`,
    leadUnitId: unitIds[i % unitIds.length], coUnitIds: [unitIds[(i + 1) % unitIds.length]], responsibleLeader: '李四', deadline: '2027-06-30',
  });
  const approvalRow = (p: string, i: number) => ({
    code: `${p}${String(i).padStart(6, '0')}`, name: `基准导入审批事项${i}号核发`, implementingUnitId: unitIds[i % unitIds.length], kind: i % 5 === 0 ? 'non_licence' : 'licence',
    bases: [{ level: 'regional_regulation', title: '广西壮族自治区行政审批条例', article: `第${(i % 60) + 1}条`, role: 'setting' }], siblingProvinces: 'unknown', remarks: '基准测试数据',
  });
  const feeRow = (p: string, i: number) => ({
    code: `${p}${String(i).padStart(6, '0')}`, name: `基准收费项目${i}号`, collectingUnitId: unitIds[i % unitIds.length], category: 'administrative', basisLevel: 'regional',
    bases: [{ documentNumber: `桂价费〔2010〕${i % 90}号` }], standard: { kind: 'fixed', amountFen: 1000 + (i % 50), per: '件' },
  });
  const csvCell = (s: unknown) => (/[",\n]/.test(String(s)) ? `"${String(s).replace(/"/g, '""')}"` : String(s));
  const ledgerCsv = (p: string) => {
    const lines = ['编号,整改事项,任务,牵头单位,配合单位,责任领导,完成时限,整改内容'];
    for (let i = 0; i < N; i++) {
      const r = ledgerRow(p, i);
      lines.push([r.code, r.title, r.taskCode, unitName.get(r.leadUnitId), unitName.get(r.coUnitIds[0]), r.responsibleLeader, r.deadline, r.description].map(csvCell).join(','));
    }
    return lines.join('\n');
  };
  const approvalCsv = (p: string) => {
    const lines = ['事项编码,事项名称,实施机关,设定依据,备注,类型'];
    for (let i = 0; i < N; i++) {
      const r = approvalRow(p, i);
      lines.push([r.code, r.name, r.implementingUnitId, `广西壮族自治区行政审批条例第${(i % 60) + 1}条`, r.remarks, r.kind].map(csvCell).join(','));
    }
    return lines.join('\n');
  };
  const feeCsv = (p: string) => {
    const lines = ['项目编码,项目名称,执收单位,收费类别,设立级次,政策依据,收费标准'];
    for (let i = 0; i < N; i++) {
      const r = feeRow(p, i);
      lines.push([r.code, r.name, r.collectingUnitId, '行政性', '自治区', r.bases[0].documentNumber, `${(1000 + (i % 50)) / 100}元/件`].map(csvCell).join(','));
    }
    return lines.join('\n');
  };

  // The raw prepared insert of the same rows into the same table (triggers included), one transaction.
  const raw: Record<string, (p: string) => number> = {
    ledger(p) {
      const ins = sqlite.prepare(`INSERT INTO rectification_items (id, seq, code, campaign_id, task_code, title, description, lead_unit_id, responsible_leader, deadline, co_unit_ids, created_at, updated_at)
        VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM rectification_items), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const t = performance.now();
      sqlite.transaction(() => {
        for (let i = 0; i < N; i++) {
          const r = ledgerRow(p, i);
          ins.run(newId(), r.code, campaignId, r.taskCode, r.title, r.description, r.leadUnitId, r.responsibleLeader, r.deadline, JSON.stringify(r.coUnitIds), now, now);
        }
      })();
      return performance.now() - t;
    },
    approval(p) {
      const ins = sqlite.prepare(`INSERT INTO approval_items (id, code, name, implementing_unit_id, kind, bases, sibling_provinces, remarks, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const t = performance.now();
      sqlite.transaction(() => {
        for (let i = 0; i < N; i++) {
          const r = approvalRow(p, i);
          ins.run(newId(), r.code, r.name, r.implementingUnitId, r.kind, JSON.stringify(r.bases), r.siblingProvinces, r.remarks, now, now);
        }
      })();
      return performance.now() - t;
    },
    fee(p) {
      const ins = sqlite.prepare(`INSERT INTO fee_items (id, code, name, collecting_unit_id, category, basis_level, bases, standard_kind, amount_fen, per, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      const t = performance.now();
      sqlite.transaction(() => {
        for (let i = 0; i < N; i++) {
          const r = feeRow(p, i);
          ins.run(newId(), r.code, r.name, r.collectingUnitId, r.category, r.basisLevel, JSON.stringify(r.bases), r.standard.kind, r.standard.amountFen, r.standard.per, now, now);
        }
      })();
      return performance.now() - t;
    },
  };
  const routes: Record<string, string> = { ledger: `/v1/rectification-items:import?campaignId=${campaignId}`, approval: '/v1/approval-items:import', fee: '/v1/fee-items:import' };
  const jsonBody: Record<string, (p: string) => string> = {
    ledger: (p) => JSON.stringify({ items: Array.from({ length: N }, (_, i) => ledgerRow(p, i)) }),
    approval: (p) => JSON.stringify({ items: Array.from({ length: N }, (_, i) => approvalRow(p, i)) }),
    fee: (p) => JSON.stringify({ items: Array.from({ length: N }, (_, i) => feeRow(p, i)) }),
  };
  const csvBody: Record<string, (p: string) => string> = { ledger: ledgerCsv, approval: approvalCsv, fee: feeCsv };

  (global as { gc?: () => void }).gc?.();
  console.log(`RSS before the imports: ${mb(process.memoryUsage().rss)} MB (run with node --expose-gc --import tsx to collect before each reading)`);
  let round = 0;
  for (const kind of kinds) {
    for (const format of formats) {
      const p = `B${++round}-`;
      let payload: string | undefined = format === 'json' ? jsonBody[kind](p) : csvBody[kind](p);
      const t = performance.now();
      const res = await app.inject({ method: 'POST', url: routes[kind], payload, headers: { authorization: `Bearer ${admin}`, 'idempotency-key': `bench-${p}`, 'content-type': format === 'json' ? 'application/json' : 'text/csv' } });
      const ms = performance.now() - t;
      payload = undefined;
      if (res.statusCode !== 200) throw new Error(`${kind} ${format}: ${res.statusCode} ${res.body.slice(0, 500)}`);
      const created = (res.json() as { created: number }).created;
      if (created !== N) throw new Error(`${kind} ${format}: created ${created} of ${N}`);
      (global as { gc?: () => void }).gc?.();
      const mem = process.memoryUsage();
      const rawMs = raw[kind](`R${round}-`);
      console.log(`${kind.padEnd(8)} ${format.padEnd(4)} ${N} rows: API ${Math.round(N / (ms / 1000))} rows/s (${(ms / 1000).toFixed(2)} s), raw insert ${Math.round(N / (rawMs / 1000))} rows/s, ratio ${(rawMs / ms).toFixed(3)}, RSS after ${mb(mem.rss)} MB (heap used ${mb(mem.heapUsed)} of ${mb(mem.heapTotal)} MB, external ${mb(mem.external)} MB)`);
    }
  }
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
