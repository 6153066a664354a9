// The catalogue import: CSV with the Chinese headers of published lists, JSON, dry run, all or nothing.
import { makeApp, type TestContext } from '../../helpers/app.js';
import { setUp, type Fx } from './fixtures.js';
import { dbState } from '../../helpers/db-state.js';

let t: TestContext;
let fx: Fx;
beforeEach(async () => {
  t = await makeApp();
  fx = setUp(t);
});
afterEach(() => t.close());

const count = (table: string) => (t.app.deps.sqlite.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;
const csvHeader = '事项编码,事项名称,实施机关,设定依据,实施依据,备注';
const key = (k: string) => ({ 'idempotency-key': k });

function bigCsv(n: number, bad?: number): string {
  const lines = [csvHeader];
  for (let i = 1; i <= n; i++) {
    const agency = i % 3 === 0 ? '自治区物价局' : '自治区财政厅';
    const unit = i === bad ? '不存在的机关' : agency;
    lines.push(`GX-${String(i).padStart(6, '0')},"审批事项第${i}号",${unit},《某条例》第${i % 50}条,《实施办法》,`);
  }
  return lines.join('\n');
}

describe('import of approval items', () => {
  test('when 10,000 CSV rows are dry-run, then nothing is written; committed, then all are created in one go with their audit events', async () => {
    const csv = bigCsv(10_000);
    const eventsBefore = count('events');
    const before = dbState(t.app.deps.sqlite, ['idempotency_keys']);
    const dry = await t.client(t.admin).post('/v1/approval-items:import?dryRun=true', csv, key('dry-1'));
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, created: 10_000, updated: 0, unchanged: 0, rows: 10_000 });
    expect(dbState(t.app.deps.sqlite, ['idempotency_keys'])).toEqual(before);

    const res = await t.client(t.admin).post('/v1/approval-items:import', csv, key('real-1'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, created: 10_000, updated: 0, unchanged: 0, rows: 10_000 });
    expect(count('approval_items')).toBe(10_000);
    expect(count('events')).toBe(eventsBefore + 10_000);
    const row = t.app.deps.sqlite.prepare("SELECT kind, bases, implementing_unit_id AS u FROM approval_items WHERE code = 'GX-000003'").get() as { kind: string; bases: string; u: string };
    expect(row.kind).toBe('licence');
    expect(row.u).toBe(fx.wjj);
    expect(JSON.parse(row.bases)).toEqual([
      { level: 'unknown', title: '《某条例》第3条', article: null, role: 'setting' },
      { level: 'unknown', title: '《实施办法》', article: null, role: 'implementing' },
    ]);

    // The same file again changes nothing; a changed row updates.
    const again = await t.client(t.admin).post('/v1/approval-items:import', csv.replace('"审批事项第7号"', '"审批事项第7号(修订)"'), key('real-2'));
    expect(again.json()).toMatchObject({ dryRun: false, created: 0, updated: 1, unchanged: 9_999, rows: 10_000 });
  });

  test('when ?format= is not json, csv or xlsx, then 400 naming the accepted values (not a 500 from the error handler)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/approval-items:import?format=pdf', headers: { authorization: `Bearer ${t.admin}`, 'content-type': 'text/csv', ...key('fmt') }, payload: `${csvHeader}\nAP-1,事项,自治区财政厅,依据,,\n` });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ in: 'query', pointer: '/format', detail: 'must be one of: json, csv, xlsx' }] });
    expect(count('approval_items')).toBe(0);
  });

  test('when one of 10,000 rows names an unknown agency, then 422 names the row and nothing is written', async () => {
    const before = dbState(t.app.deps.sqlite, ['idempotency_keys']);
    const res = await t.client(t.admin).post('/v1/approval-items:import', bigCsv(10_000, 4_321), key('bad-1'));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'IMPORT_INVALID', rows: 10_000, errors: [{ in: 'row', row: 4_322, pointer: '/实施机关', code: 'UNKNOWN_UNIT' }] });
    expect(res.json().errors).toHaveLength(1);
    // Every table, the audit events included, is as it was.
    expect(dbState(t.app.deps.sqlite, ['idempotency_keys'])).toEqual(before);
  });

  test('when rows have 类型 and 依据层级 and the agency by credit code or id, then they are read', async () => {
    t.app.deps.sqlite.prepare("UPDATE units SET credit_code = '11450000MB1234567X' WHERE id = ?").run(fx.wjj);
    const csv = ['事项编码,事项名称,实施机关,设定依据,实施依据,备注,类型,依据层级', `A-1,甲,11450000MB1234567X,国务院第412号令,,保留,非行政许可审批,国务院决定`, `A-2,乙,${fx.czt},《广西某条例》,,,行政许可,regional_regulation`].join('\r\n');
    const res = await t.client(t.admin).post('/v1/approval-items:import', `\ufeff${csv}`, key('types-1'));
    expect(res.statusCode).toBe(200);
    const items = (await t.client(t.admin).get('/v1/approval-items?orderBy=code')).json().items;
    expect(items.map((i: { code: string; kind: string; implementingUnitId: string; remarks: string | null }) => [i.code, i.kind, i.implementingUnitId, i.remarks])).toEqual([
      ['A-1', 'non_licence', fx.wjj, '保留'],
      ['A-2', 'licence', fx.czt, null],
    ]);
    expect(items[0].bases[0].level).toBe('state_council_decision');
    expect(items[1].bases[0].level).toBe('regional_regulation');
  });

  test('when several rows are bad, then every bad row is listed with its pointer', async () => {
    const csv = [csvHeader, 'B-1,甲,自治区财政厅,,,', 'B-1,乙,自治区财政厅,,,', ',丙,自治区财政厅,,,', 'B-4,丁,自治区财政厅,,,'].join('\n');
    const res = await t.client(t.admin).post('/v1/approval-items:import', csv, key('bad-2'));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { row: number; pointer: string; code: string }) => [e.row, e.pointer, e.code])).toEqual([
      [3, '/事项编码', 'DUPLICATE_KEY'],
      [4, '/事项编码', 'REQUIRED'],
    ]);
  });

  test('when 类型 or 依据层级 is not a known word, then INVALID_ENUM lists the accepted values with their zh-CN labels (JSON too)', async () => {
    const csv = [`${csvHeader},类型,依据层级`, 'E-1,甲,自治区财政厅,,,,许可证,', 'E-2,乙,自治区财政厅,《条例》,,,,部门文件'].join('\n');
    const res = await t.client(t.admin).post('/v1/approval-items:import', csv, key('enum-1'));
    expect(res.statusCode).toBe(422);
    const [kind, level] = res.json().errors;
    expect(kind).toMatchObject({ row: 2, pointer: '/类型', code: 'INVALID_ENUM' });
    expect(kind.detail).toContain('行政许可 (licence)');
    expect(kind.detail).toContain('非行政许可审批 (non_licence)');
    expect(level).toMatchObject({ row: 3, pointer: '/依据层级', code: 'INVALID_ENUM' });
    expect(level.detail).toContain('(law)');
    const json = await t.client(t.admin).post('/v1/approval-items:import', { items: [{ code: 'J-9', name: '丙', implementingUnitId: fx.czt, kind: 'permit' }] }, key('enum-2'));
    expect(json.json().errors[0]).toMatchObject({ row: 1, pointer: '/kind', code: 'INVALID_ENUM' });
    expect(json.json().errors[0].detail).toContain('licence (行政许可)');
  });

  test('when 5 of 7 rows are bad, some with several errors, then the summary says 5 of 7', async () => {
    const csv = [
      `${csvHeader},类型`,
      'C-1,甲,自治区财政厅,,,,',
      'C-2,,不存在的机关,,,,许可证',
      ',,自治区财政厅,,,,',
      'C-1,丁,自治区财政厅,,,,',
      'C-5,戊,不存在的机关,,,,',
      'C-6,己,自治区财政厅,,,,',
      'C-7,庚,自治区财政厅,,,,坏类型',
    ].join('\n');
    const res = await t.client(t.admin).post('/v1/approval-items:import', csv, key('count-1'));
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/^5 of 7 rows are not valid/);
    expect(res.json()).toMatchObject({ rows: 7, badRows: 5 });
    expect(new Set(res.json().errors.map((e: { row: number }) => e.row))).toEqual(new Set([3, 4, 5, 6, 8]));
  });

  test('when a row re-creates an item cancelled for the same agency as filing, then 422 RECREATED_AS_FILING (A6)', async () => {
    t.app.deps.sqlite.prepare(
      "INSERT INTO approval_items (id, code, name, implementing_unit_id, kind, bases, status, created_at, updated_at) VALUES ('01900000-0000-7000-8000-00000000000c', 'OLD-1', '建筑企业资质审批', ?, 'licence', '[]', 'cancelled', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z')",
    ).run(fx.czt);
    const res = await t.client(t.admin).post('/v1/approval-items:import', [csvHeader, 'NEW-1,建筑企业资质备案,自治区财政厅,,,', 'NEW-2,建筑企业资质备案,自治区物价局,,,'].join('\n'), key('a6-1'));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 2, pointer: '/事项名称', code: 'RECREATED_AS_FILING' })]);
    // An existing code of the agency renamed to the matching name is an update, not a re-creation; other names pass.
    t.app.deps.sqlite.prepare(
      "INSERT INTO approval_items (id, code, name, implementing_unit_id, kind, bases, status, created_at, updated_at) VALUES ('01900000-0000-7000-8000-00000000000d', 'EX-1', '建筑企业资质登记核验', ?, 'licence', '[]', 'active', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z')",
    ).run(fx.czt);
    const ok = await t.client(t.admin).post('/v1/approval-items:import', [csvHeader, 'EX-1,建筑企业资质备案,自治区财政厅,,,', 'NEW-3,采矿许可证核发,自治区财政厅,,,'].join('\n'), key('a6-2'));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ created: 1, updated: 1 });
  });

  test('when the CSV has an unknown column or lacks 事项编码, then 422 naming both', async () => {
    const res = await t.client(t.admin).post('/v1/approval-items:import', '事项名称,实施机关,颜色\n甲,自治区财政厅,红', key('hdr-1'));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code])).toEqual([['/颜色', 'UNKNOWN_COLUMN'], ['/事项编码', 'MISSING_COLUMN']]);
  });

  test('when JSON rows are imported, then they upsert by code; an invalid row gives 422 with its JSON pointer', async () => {
    const items = [
      { code: 'J-1', name: '甲', implementingUnitId: fx.czt, kind: 'non_licence', bases: [{ level: 'state_council_document', title: '国发〔2004〕16号' }] },
      { code: 'J-2', name: '乙', implementingUnit: '自治区财政厅' },
    ];
    const ok = await t.client(t.admin).post('/v1/approval-items:import', { items }, key('json-1'));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ created: 2 });
    const bad = await t.client(t.admin).post('/v1/approval-items:import', { items: [{ code: 'J-3', name: '丙', implementingUnitId: fx.czt, kind: 'permit' }] }, key('json-2'));
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0]).toMatchObject({ row: 1, pointer: '/kind' });
    expect(count('approval_items')).toBe(2);
  });

  test('when the Idempotency-Key is missing, then 400; a non-admin, then 403; an unknown query parameter, then 400', async () => {
    expect((await t.client(t.admin).post('/v1/approval-items:import', { items: [] })).statusCode).toBe(400);
    expect((await t.client(fx.editor).post('/v1/approval-items:import', { items: [] }, key('k-1'))).statusCode).toBe(403);
    const q = await t.client(t.admin).post('/v1/approval-items:import?dry=1', { items: [] }, key('k-2'));
    expect(q.statusCode).toBe(400);
    expect(q.json().errors[0].pointer).toBe('/dry');
  });

  test('when the same Idempotency-Key is replayed, then the first report comes back and nothing is imported twice', async () => {
    const csv = bigCsv(3);
    const first = await t.client(t.admin).post('/v1/approval-items:import', csv, key('same'));
    const second = await t.client(t.admin).post('/v1/approval-items:import', csv, key('same'));
    expect(second.statusCode).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
  });
});
