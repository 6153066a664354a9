// The raw routes of the benchmark (issue 13): one module, imported by bench/limit-server.ts (a bare Fastify process: the
// limit) and by bench/server.ts (the same routes inside the service's process: the app's floor), so both run the same
// prepared statements with the same response schemas. Each route is what a plain better-sqlite3 + Fastify route would
// do for a scenario of bench/run.ts: no auth, no checks beyond the statement itself, no audit event.
//   GET  /__bench/bare                    a JSON route without the database
//   GET  /__bench/item/:id                point read of a ledger item
//   GET  /__bench/lead-list               the 50-row list of a lead agency's items in a status
//   GET  /__bench/list                    the 50-row list of an agency's overdue items in a status (link table)
//   POST /__bench/items                   insert of an item (same columns) and its lead agency's link row
//   PATCH /__bench/items/:id?version=     versioned update (412 when the version moved), like PATCH with If-Match
//   POST /__bench/items/:id/status        lifecycle-like status update of the row and its link rows (409 when not in `from`)
//   POST /__bench/items/:id/progress      a progress report insert and the item's progress update
//   GET  /__bench/events?after=           a 500-event feed page
//   GET  /__bench/fee-check?unit=&item=   the public fee check's read
//   GET  /__bench/stats?campaignId=       the ledger stats aggregate (uncached)
//   POST /__bench/import/:module?format=  raw prepared inserts of an import body's rows (ledger, approval, fee, opinions,
//                                         findings with &inspectionId=), JSON, or
//                                         CSV / xlsx parsed with the service's libraries (csv-parse, exceljs)
//   POST /__bench/cleanup, GET /__bench/memory, GET /__bench/max-sequence: housekeeping for the runner
import type Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { parse as parseCsv } from 'csv-parse/sync';
import { Type } from 'typebox';
import { newId } from '../src/lib/ids.js';
import { fullCollection } from '../src/lib/gc.js';

const Str = Type.String({ maxLength: 4000 });
const NStr = Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]);
const Num = Type.Number();
const NNum = Type.Union([Type.Number(), Type.Null()]);
/** The raw row of rectification_items, as SQLite returns it (the same columns the service's item is made of). */
export const ItemRow = Type.Object({
  id: Str, seq: Num, code: Str, external_id: NStr, campaign_id: Str, task_code: NStr, title: Str, description: NStr, lead_unit_id: Str,
  responsible_leader: NStr, deadline: Str, deadline_text: NStr, parent_id: NStr, weight: Num, expected_result: NStr, actual_result: NStr,
  status: Str, progress: Num, latest_progress_text: NStr, latest_reported_on: NStr, submitted_at: NStr, completed_at: NStr,
  completed_on_time: NNum, children_count: Num, version: Num, created_at: Str, updated_at: Str,
  co_unit_ids: Str, participant_unit_ids: Str, problem_ids: Str,
});
export const EventRow = Type.Object({
  sequence: Num, occurred_at: Str, api_key_id: NStr, unit_id: NStr, request_id: NStr, entity: Str, entity_id: Str, action: Str, before: NStr, after: NStr, reason: NStr,
});
export const ReportRow = Type.Object({
  id: Str, item_id: Str, unit_id: Str, reported_on: Str, percent: Num, completed_work: Str, next_steps: NStr, issues: NStr, support_needed: NStr, api_key_id: NStr, created_at: Str,
});
export const FeeEntryRow = Type.Object({
  catalogue_version: Num, fee_item_id: Str, review_id: NStr, status: Str, code: Str, name: Str, unit_id: Str, unit_name: Str, unit_credit_code: NStr,
  category: Str, basis_level: Str, bases: Str, standard_kind: Str, amount_fen: NNum, min_fen: NNum, max_fen: NNum, per: Str, approved_standard_fen: NNum,
});
const notFound = { type: 'about:blank', title: 'Not Found', status: 404 };

/** The prepared statements of every raw route (and the SQL the runner's scenarios compare the service with). */
export function rawStatements(sqlite: Database.Database) {
  return {
    pointRead: sqlite.prepare('SELECT * FROM rectification_items WHERE id = ?'),
    // The issue's list: 50 items of a lead agency in a status, in deadline order (the service's leadUnitId + status).
    leadListRead: sqlite.prepare('SELECT * FROM rectification_items WHERE lead_unit_id = ? AND status = ? ORDER BY deadline, id LIMIT 50'),
    // The same tables and the same index range as the service's "involvesUnitId + status + overdue" list.
    listRead: sqlite.prepare(
      `SELECT i.* FROM rectification_item_units iu JOIN rectification_items i ON i.id = iu.item_id
        WHERE iu.unit_id = ? AND iu.status = ? AND iu.deadline < ? ORDER BY iu.deadline, iu.item_id LIMIT 50`,
    ),
    // The service's insert: the same columns, seq as the next number (the full-text index's rowid).
    insertItem: sqlite.prepare(
      `INSERT INTO rectification_items (id, seq, code, external_id, campaign_id, task_code, title, description, lead_unit_id, responsible_leader, deadline, deadline_text,
         parent_id, weight, expected_result, actual_result, status, progress, latest_progress_text, latest_reported_on, submitted_at, completed_at, completed_on_time,
         children_count, version, created_at, updated_at, co_unit_ids, participant_unit_ids, problem_ids)
       VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM rectification_items), ?, NULL, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, 1, ?, NULL, 'not_started', 0, NULL, NULL, NULL, NULL, NULL,
         0, 1, ?, ?, '[]', '[]', '[]') RETURNING *`,
    ),
    insertLink: sqlite.prepare("INSERT INTO rectification_item_units (item_id, unit_id, role, status, deadline) VALUES (?, ?, 'lead', 'not_started', ?)"),
    updateItem: sqlite.prepare('UPDATE rectification_items SET expected_result = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ? RETURNING *'),
    updateStatus: sqlite.prepare(
      `UPDATE rectification_items SET status = ?, submitted_at = CASE WHEN ? = 'pending_acceptance' THEN ? ELSE NULL END, version = version + 1, updated_at = ?
        WHERE id = ? AND status = ? RETURNING *`,
    ),
    updateLinkStatus: sqlite.prepare('UPDATE rectification_item_units SET status = ? WHERE item_id = ?'),
    insertReport: sqlite.prepare(
      `INSERT INTO progress_reports (id, item_id, unit_id, reported_on, percent, completed_work, next_steps, issues, support_needed, api_key_id, created_at)
       VALUES (?, ?, (SELECT lead_unit_id FROM rectification_items WHERE id = ?), ?, ?, ?, NULL, NULL, NULL, NULL, ?) RETURNING *`,
    ),
    updateProgress: sqlite.prepare(
      'UPDATE rectification_items SET progress = ?, latest_progress_text = ?, latest_reported_on = ?, version = version + 1, updated_at = ? WHERE id = ? RETURNING *',
    ),
    eventsRead: sqlite.prepare('SELECT * FROM events WHERE sequence > ? ORDER BY sequence LIMIT 500'),
    feeCheck: sqlite.prepare(
      `SELECT * FROM fee_catalogue_entries WHERE catalogue_version = (SELECT max(version) FROM fee_catalogues) AND code = ? AND unit_credit_code = ?`,
    ),
    // The service's stats SQL for groupBy=status, written out with column aliases.
    statsRead: sqlite.prepare(
      `SELECT status AS key, count(*) AS total, sum(status = 'completed') AS completed, sum(status = 'completed' AND completed_on_time = 1) AS completedOnTime,
              sum(deadline < ? AND status NOT IN ('completed', 'cancelled')) AS overdue, sum(CASE WHEN status <> 'cancelled' THEN progress ELSE 0 END) AS progressSum,
              sum(status <> 'cancelled') AS progressN
         FROM rectification_items WHERE campaign_id = ? GROUP BY status ORDER BY status`,
    ),
    insertApproval: sqlite.prepare(
      `INSERT INTO approval_items (id, code, name, implementing_unit_id, kind, bases, sibling_provinces, statutory_level, mainly_implemented_at, remarks, status, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', 1, ?, ?)`,
    ),
    insertFee: sqlite.prepare(
      `INSERT INTO fee_items (id, code, name, collecting_unit_id, category, basis_level, bases, fund_management, affects_enterprises, standard_kind, amount_fen, min_fen, max_fen, per,
         current_charge_fen, annual_volume, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ),
    // An opinion as received (受理): the row, its visibility link to the agency concerned, its contact when given.
    insertOpinion: sqlite.prepare(
      `INSERT INTO opinions (id, number, external_id, kind, channel, unit_id, text, submitter_kind, anonymous, has_contact, status, route_due_on, text_hash, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, 1, ?, ?)`,
    ),
    insertOpinionLink: sqlite.prepare("INSERT INTO opinion_units (opinion_id, unit_id, role) VALUES (?, ?, 'concerned')"),
    insertOpinionContact: sqlite.prepare('INSERT INTO opinion_contacts (opinion_id, name, phone) VALUES (?, ?, ?)'),
    insertFinding: sqlite.prepare(
      `INSERT INTO inspection_findings (id, inspection_id, unit_id, external_id, rating, description, requirement, due_on, status, delivered_at, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ),
    maxSequence: sqlite.prepare('SELECT coalesce(max(sequence), 0) AS sequence FROM events'),
    maxItemSeq: sqlite.prepare('SELECT coalesce(max(seq), 0) AS seq FROM rectification_items'),
  };
}

/** The sheets' headers, shared with bench/run.ts (which writes the CSV and xlsx bodies of the same rows). */
export const SHEETS = {
  ledger: ['编号', '整改事项', '牵头单位', '责任领导', '完成时限', '整改内容'],
  approval: ['事项编码', '事项名称', '实施机关', '设定依据', '类型', '依据层级', '备注'],
  fee: ['项目编码', '项目名称', '执收单位', '收费类别', '设立级次', '政策依据', '收费标准', '涉企', '现行收费(元)', '年收费量'],
  opinions: ['外部编号', '类型', '涉及单位', '意见内容', '提出人身份', '是否匿名', '联系人', '联系电话'],
  findings: ['外部编号', '被检查单位', '评定', '发现问题', '整改要求', '整改时限'],
} as const;
export type ImportModule = keyof typeof SHEETS;

type Rec = Record<string, unknown>;
/** What the service's sheet readers would make of a row, for the rows the bench writes (words it uses only). */
const APPROVAL_KIND: Record<string, string> = { 行政许可: 'licence', 非行政许可: 'non_licence' };
const APPROVAL_LEVEL: Record<string, string> = { 地方性法规: 'regional_regulation', 法律: 'law', 行政法规: 'administrative_regulation' };
const FEE_CATEGORY: Record<string, string> = { 行政性: 'administrative', 事业性: 'institutional' };
const FEE_LEVEL: Record<string, string> = { 自治区: 'regional', 国家: 'national' };
const OPINION_KIND: Record<string, string> = { 投诉: 'complaint', 建议: 'suggestion', 咨询: 'consultation' };
const SUBMITTER_KIND: Record<string, string> = { 服务对象: 'service_recipient', 社会各界: 'public' };
const FINDING_RATING: Record<string, string> = { 成效明显: 'good', 工作不力: 'insufficient', 有不足: 'deficient' };

export interface RawRouteOptions {
  /** Route config (the service's floor marks the routes public, so no key is asked). */
  routeConfig?: Record<string, unknown>;
  importBodyLimit: number;
  now: () => Date;
}

/** Registers the raw routes on `app` (a bare Fastify instance, or an encapsulated scope of the service's app). */
export async function registerRawRoutes(app: FastifyInstance, sqlite: Database.Database, o: RawRouteOptions) {
  const s = rawStatements(sqlite);
  const today = () => new Date(o.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const opts = (response: object) => ({ config: o.routeConfig ?? {}, schema: { hide: true, response: { 200: response } } });
  const write = (response: object, code = 200) => ({ config: o.routeConfig ?? {}, schema: { hide: true, response: { [code]: response } } });
  const unitByName = new Map<string, string>();
  for (const u of sqlite.prepare('SELECT id, name, short_name, credit_code FROM units').all() as Array<{ id: string; name: string; short_name: string | null; credit_code: string | null }>) {
    unitByName.set(u.name, u.id);
    if (u.credit_code) unitByName.set(u.credit_code, u.id);
  }
  const unitOf = (ref: unknown) => unitByName.get(String(ref)) ?? String(ref);

  // Sheet bodies arrive as bytes (any type but JSON): parsed here with the same libraries as the service's pipeline.
  if (!app.hasContentTypeParser('application/octet-stream')) {
    app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: o.importBodyLimit }, (_req, body, done) => done(null, body));
  }

  app.get('/__bench/bare', opts(Type.Object({ hello: Str })), async () => ({ hello: 'world' }));
  app.get('/__bench/item/:id', opts(ItemRow), async (request, reply) => {
    const row = s.pointRead.get((request.params as { id: string }).id);
    return row ?? reply.code(404 as 200).send((notFound) as never);
  });
  app.get('/__bench/lead-list', opts(Type.Object({ items: Type.Array(ItemRow) })), async (request) => {
    const q = request.query as { unitId: string; status: string };
    return { items: s.leadListRead.all(q.unitId, q.status) };
  });
  app.get('/__bench/list', opts(Type.Object({ items: Type.Array(ItemRow) })), async (request) => {
    const q = request.query as { unitId: string; status: string; today: string };
    return { items: s.listRead.all(q.unitId, q.status, q.today) };
  });
  const insertItems = sqlite.transaction((rows: Rec[], campaignId: string, ts: string) => {
    let last: unknown;
    for (const d of rows) {
      last = s.insertItem.get(newId(), d.code, d.campaignId ?? campaignId, d.taskCode ?? null, d.title, d.description ?? null, d.leadUnitId, d.responsibleLeader ?? null,
        d.deadline, d.expectedResult ?? null, ts, ts);
      s.insertLink.run((last as { id: string }).id, d.leadUnitId, d.deadline);
    }
    return last;
  });
  app.post('/__bench/items', write(ItemRow, 201), async (request, reply) => {
    const ts = o.now().toISOString();
    return reply.code(201).send(insertItems([request.body as Rec], '', ts));
  });
  app.patch('/__bench/items/:id', opts(ItemRow), async (request, reply) => {
    const { id } = request.params as { id: string };
    const row = s.updateItem.get((request.body as Rec).expectedResult, o.now().toISOString(), id, Number((request.query as { version: string }).version));
    return row ?? reply.code(412 as 200).send(({ ...notFound, title: 'Precondition Failed', status: 412 }) as never);
  });
  const setStatus = sqlite.transaction((id: string, from: string, to: string, ts: string) => {
    const row = s.updateStatus.get(to, to, ts, ts, id, from);
    if (row) s.updateLinkStatus.run(to, id);
    return row;
  });
  app.post('/__bench/items/:id/status', opts(ItemRow), async (request, reply) => {
    const { from, to } = request.body as { from: string; to: string };
    const row = setStatus((request.params as { id: string }).id, from, to, o.now().toISOString());
    return row ?? reply.code(409 as 200).send(({ ...notFound, title: 'Conflict', status: 409 }) as never);
  });
  const report = sqlite.transaction((id: string, percent: number, text: string, ts: string) => {
    const on = today();
    const rep = s.insertReport.get(newId(), id, id, on, percent, text, ts);
    const item = s.updateProgress.get(percent, text, on, ts, id);
    return { report: rep, item };
  });
  app.post('/__bench/items/:id/progress', write(Type.Object({ report: ReportRow, item: ItemRow }), 201), async (request, reply) => {
    const b = request.body as { percent: number; completedWork: string };
    return reply.code(201).send(report((request.params as { id: string }).id, b.percent, b.completedWork, o.now().toISOString()));
  });
  app.get('/__bench/events', opts(Type.Object({ items: Type.Array(EventRow) })), async (request) => {
    return { items: s.eventsRead.all(Number((request.query as { after?: string }).after ?? 0)) };
  });
  app.get('/__bench/fee-check', opts(FeeEntryRow), async (request, reply) => {
    const q = request.query as { unit: string; item: string };
    return s.feeCheck.get(q.item, q.unit) ?? reply.code(404 as 200).send((notFound) as never);
  });
  app.get('/__bench/stats', opts(Type.Object({ groups: Type.Array(Type.Object({ key: NStr, total: Num, completed: NNum, completedOnTime: NNum, overdue: NNum, progressSum: NNum, progressN: NNum })) })), async (request) => {
    return { groups: s.statsRead.all(today(), (request.query as { campaignId: string }).campaignId) };
  });

  // ---------------------------------------------------------------- imports: the rows of a body, raw prepared inserts
  const sheetRows = async (body: Buffer, format: string): Promise<Array<Record<string, string>>> => {
    if (format === 'csv') return parseCsv(body, { columns: true, bom: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).map((v) => (v == null ? '' : String(v)));
    const out: Array<Record<string, string>> = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const vals = row.values as unknown[];
      const rec: Record<string, string> = {};
      for (let c = 1; c < header.length; c++) if (vals[c] != null) rec[header[c]] = String(vals[c]);
      out.push(rec);
    });
    return out;
  };
  const fromSheet: Record<ImportModule, (v: Record<string, string>) => Rec> = {
    ledger: (v) => ({ code: v['编号'], title: v['整改事项'], leadUnitId: unitOf(v['牵头单位']), responsibleLeader: v['责任领导'], deadline: v['完成时限'], description: v['整改内容'] }),
    approval: (v) => ({
      code: v['事项编码'], name: v['事项名称'], implementingUnitId: unitOf(v['实施机关']), kind: APPROVAL_KIND[v['类型']] ?? 'licence',
      bases: [{ level: APPROVAL_LEVEL[v['依据层级']] ?? 'unknown', title: v['设定依据'], role: 'setting' }], remarks: v['备注'],
    }),
    fee: (v) => {
      const m = /^(\d+(?:\.\d+)?)元\/(.+)$/.exec(v['收费标准'] ?? '');
      const doc = /^(.*?)《(.+?)》$/.exec(v['政策依据'] ?? '');
      return {
        code: v['项目编码'], name: v['项目名称'], collectingUnitId: unitOf(v['执收单位']), category: FEE_CATEGORY[v['收费类别']], basisLevel: FEE_LEVEL[v['设立级次']],
        bases: [doc ? { documentNumber: doc[1], title: doc[2] } : { documentNumber: v['政策依据'] }],
        standard: { kind: 'fixed', amountFen: m ? Math.round(Number(m[1]) * 100) : 0, per: m ? m[2] : '件' },
        affectsEnterprises: v['涉企'] === '是', currentChargeFen: Math.round(Number(v['现行收费(元)']) * 100), annualVolume: Number(v['年收费量']),
      };
    },
    opinions: (v) => ({
      externalId: v['外部编号'], kind: OPINION_KIND[v['类型']] ?? v['类型'], unitId: unitOf(v['涉及单位']), text: v['意见内容'], submitterKind: SUBMITTER_KIND[v['提出人身份']] ?? v['提出人身份'],
      anonymous: v['是否匿名'] === '是', ...(v['联系电话'] ? { contact: { name: v['联系人'], phone: v['联系电话'] } } : {}),
    }),
    findings: (v) => ({
      externalId: v['外部编号'], unitId: unitOf(v['被检查单位']), rating: FINDING_RATING[v['评定']] ?? v['评定'], description: v['发现问题'],
      ...(v['整改要求'] ? { requirement: v['整改要求'] } : {}), ...(v['整改时限'] ? { dueOn: v['整改时限'] } : {}),
    }),
  };
  const insertApprovals = sqlite.transaction((rows: Rec[], ts: string) => {
    for (const d of rows) {
      s.insertApproval.run(newId(), d.code, d.name, d.implementingUnitId, d.kind ?? 'licence', JSON.stringify(d.bases ?? []), d.siblingProvinces ?? 'unknown',
        d.statutoryLevel ?? null, d.mainlyImplementedAt ?? null, d.remarks ?? null, ts, ts);
    }
  });
  const insertFees = sqlite.transaction((rows: Rec[], ts: string) => {
    for (const d of rows) {
      const st = d.standard as { kind: string; amountFen?: number; minFen?: number; maxFen?: number; per: string };
      s.insertFee.run(newId(), d.code, d.name, d.collectingUnitId, d.category, d.basisLevel, JSON.stringify(d.bases), d.fundManagement ?? null, d.affectsEnterprises ? 1 : 0,
        st.kind, st.amountFen ?? null, st.minFen ?? null, st.maxFen ?? null, st.per, d.currentChargeFen ?? null, d.annualVolume ?? null, ts, ts);
    }
  });
  // The opinion's number and its first due day as a plain route would have them: a counter in the process, tomorrow.
  let opinionNumber = 0;
  const insertOpinions = sqlite.transaction((rows: Rec[], ts: string) => {
    const due = new Date(o.now().getTime() + 32 * 3600_000).toISOString().slice(0, 10);
    for (const d of rows) {
      const id = newId();
      const contact = d.contact as { name?: string; phone?: string } | undefined;
      s.insertOpinion.run(id, `RAW-${process.pid}-${++opinionNumber}`, d.externalId ?? null, d.kind, d.channel ?? 'hotline_12345', d.unitId ?? null, d.text, d.submitterKind,
        d.anonymous ? 1 : 0, contact ? 1 : 0, due, String(d.text), ts, ts);
      if (d.unitId) s.insertOpinionLink.run(id, d.unitId);
      if (contact) s.insertOpinionContact.run(id, contact.name ?? null, contact.phone ?? null);
    }
  });
  const insertFindings = sqlite.transaction((rows: Rec[], inspectionId: string, ts: string) => {
    for (const d of rows) {
      s.insertFinding.run(newId(), inspectionId, d.unitId, d.externalId ?? null, d.rating, d.description, d.requirement ?? null, d.dueOn ?? null,
        d.rating === 'good' ? 'no_action' : 'awaiting_response', ts, ts, ts);
    }
  });
  app.post('/__bench/import/:module', { bodyLimit: o.importBodyLimit, config: o.routeConfig ?? {}, schema: { hide: true } }, async (request) => {
    const module = (request.params as { module: ImportModule }).module;
    const q = request.query as { format?: string; campaignId?: string; inspectionId?: string };
    const t0 = performance.now();
    const rows = Buffer.isBuffer(request.body) ? (await sheetRows(request.body, q.format ?? 'csv')).map(fromSheet[module]) : (request.body as { items: Rec[] }).items;
    const t1 = performance.now();
    const ts = o.now().toISOString();
    if (module === 'ledger') insertItems(rows, q.campaignId ?? '', ts);
    else if (module === 'approval') insertApprovals(rows, ts);
    else if (module === 'opinions') insertOpinions(rows, ts);
    else if (module === 'findings') insertFindings(rows, q.inspectionId ?? '', ts);
    else insertFees(rows, ts);
    return { rows: rows.length, parseMs: t1 - t0, insertMs: performance.now() - t1 };
  });

  /** Undo a write scenario: rows by code prefix, ledger items after a seq, and every event after `afterSequence`. */
  app.post('/__bench/cleanup', { config: o.routeConfig ?? {}, schema: { hide: true } }, async (request) => {
    const { prefix, afterSequence, afterItemSeq } = request.body as { prefix?: string; afterSequence: number; afterItemSeq?: number };
    // Foreign keys off for the undo: nothing references these fresh rows, and checking each deleted row would scan the
    // unindexed referencing columns (approval_reviews' merge columns).
    sqlite.pragma('foreign_keys = OFF');
    const out = sqlite.transaction(() => {
      const n: Record<string, number> = {};
      const items = (where: string, ...args: unknown[]) => {
        const sub = `SELECT id FROM rectification_items WHERE ${where}`;
        n.links = (n.links ?? 0) + sqlite.prepare(`DELETE FROM rectification_item_units WHERE item_id IN (${sub})`).run(...args).changes;
        n.reports = (n.reports ?? 0) + sqlite.prepare(`DELETE FROM progress_reports WHERE item_id IN (${sub})`).run(...args).changes;
        n.itemProblems = (n.itemProblems ?? 0) + sqlite.prepare(`DELETE FROM rectification_item_problems WHERE item_id IN (${sub})`).run(...args).changes;
        n.items = (n.items ?? 0) + sqlite.prepare(`DELETE FROM rectification_items WHERE ${where}`).run(...args).changes;
      };
      if (prefix) {
        items('code >= ? AND code < ?', prefix, `${prefix}~`);
        n.approvals = sqlite.prepare('DELETE FROM approval_items WHERE code >= ? AND code < ?').run(prefix, `${prefix}~`).changes;
        n.fees = sqlite.prepare('DELETE FROM fee_items WHERE code >= ? AND code < ?').run(prefix, `${prefix}~`).changes;
        // Opinions and findings by external id (their links and contacts go with them: ON DELETE CASCADE is off here).
        const opinionIds = `SELECT id FROM opinions WHERE external_id >= ? AND external_id < ?`;
        sqlite.prepare(`DELETE FROM opinion_units WHERE opinion_id IN (${opinionIds})`).run(prefix, `${prefix}~`);
        sqlite.prepare(`DELETE FROM opinion_contacts WHERE opinion_id IN (${opinionIds})`).run(prefix, `${prefix}~`);
        n.opinions = sqlite.prepare('DELETE FROM opinions WHERE external_id >= ? AND external_id < ?').run(prefix, `${prefix}~`).changes;
        n.findings = sqlite.prepare('DELETE FROM inspection_findings WHERE external_id >= ? AND external_id < ?').run(prefix, `${prefix}~`).changes;
      }
      if (afterItemSeq !== undefined) items('seq > ?', afterItemSeq);
      n.events = sqlite.prepare('DELETE FROM events WHERE sequence > ?').run(afterSequence).changes;
      n.idempotency = sqlite.prepare("DELETE FROM idempotency_keys WHERE key LIKE 'bench-%'").run().changes;
      return n;
    })();
    sqlite.pragma('foreign_keys = ON');
    return out;
  });
  /**
   * Where the memory is (sampled by bench/run.ts after each scenario): V8 heap, external buffers, RSS. `?collect=1`
   * first runs a full collection: the runner asks for one before an import's route rounds, so that the garbage the
   * floor's raw imports left in the service's process is not counted as the route's.
   */
  app.get('/__bench/memory', { config: o.routeConfig ?? {}, schema: { hide: true } }, async (request) => {
    if ((request.query as { collect?: string }).collect === '1') fullCollection()();
    return process.memoryUsage();
  });
  app.get('/__bench/max-sequence', { config: o.routeConfig ?? {}, schema: { hide: true } }, async () => ({
    sequence: (s.maxSequence.get() as { sequence: number }).sequence,
    itemSeq: (s.maxItemSeq.get() as { seq: number }).seq,
  }));
}
