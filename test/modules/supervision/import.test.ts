// Findings from paper forms: JSON or CSV with the export's Chinese headers, all or nothing, dry run, idempotency.
import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { type TestContext } from '../../helpers/app.js';
import { preparedDuring } from '../../helpers/statements.js';
import { freshSetupEachTest, type Setup } from './fixtures.js';

let t: TestContext;
let s: Setup;
freshSetupEachTest((app, fixture) => {
  t = app;
  s = fixture;
});

const count = () => (t.app.deps.sqlite.prepare('SELECT count(*) AS n FROM inspection_findings').get() as { n: number }).n;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const key = (k: string) => ({ 'idempotency-key': k, 'content-type': 'text/csv' });

describe('importing findings', () => {
  test('a CSV with Chinese headers and zh-CN labels records each finding with its consequence; the export reads back; a second run is unchanged', async () => {
    const spot = await s.inspection('spot_check');
    const csv = `外部编号,被检查单位,检查对象类型,检查对象编号,评定,发现问题,整改要求,整改时限\nJC-001,南宁市,整改事项,${s.item.id},走过场/形式主义,台账补写,重新整改,2027-04-30\nJC-002,gx-450100,,,成效明显,窗口服务好,,\n`;
    const dry = await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}&dryRun=true`, csv, key('dry'));
    expect(dry.json()).toMatchObject({ dryRun: true, created: 2, rows: 2 });
    expect(count()).toBe(0);
    const res = await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}`, csv, key('run'));
    expect(res.json()).toMatchObject({ dryRun: false, created: 2, unchanged: 0 });
    expect((await s.admin.get(`/v1/rectification-items/${s.item.id}`)).json()).toMatchObject({ status: 'in_progress', deadline: '2027-04-30' });
    const exported = await s.admin.get(`/v1/findings:export?inspectionId=${spot.id}&format=csv`);
    const lines = exported.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('序号,外部编号,检查编号,被检查单位,检查对象类型,检查对象编号,评定,发现问题,整改要求,整改时限,状态,是否逾期,反馈时间');
    expect(lines).toHaveLength(3);
    const again = await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}`, exported.body, key('again'));
    expect(again.json()).toMatchObject({ created: 0, unchanged: 2 });
  });

  test('when CSV rows are bad, then each error names its Excel row and Chinese column with the shared codes (an unknown rating lists the zh-CN labels) and nothing is written', async () => {
    // Issue 12: one error vocabulary for every import, columns by their Chinese headers for CSV/xlsx.
    const spot = await s.inspection('spot_check');
    const other = (await s.admin.post('/v1/rectification-items', { campaignId: s.campaign.id, title: '别的', leadUnitId: s.liuzhou, deadline: '2027-05-01' })).json();
    const header = '外部编号,被检查单位,检查对象类型,检查对象编号,评定,发现问题,整改要求,整改时限';
    const post = async (k: string, rows: string[]) => {
      const res = await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}`, [header, ...rows].join('\n'), key(k));
      expect(res.statusCode).toBe(422);
      return res.json().errors as Array<{ row: number; pointer: string; code: string; detail: string }>;
    };
    // Rows checked before any is written: the cells, the agency, duplicates within the file.
    const checked = await post('bad-1', ['JC-201,南宁市,,,很好,窗口服务好,,', 'JC-202,不存在的单位,,,成效明显,窗口服务好,,', 'JC-203,南宁市,,,成效明显,好,,', 'JC-203,南宁市,,,成效明显,重复编号,,']);
    expect(checked.map((e) => [e.row, e.pointer, e.code])).toEqual([
      [2, '/评定', 'INVALID_ENUM'],
      [3, '/被检查单位', 'UNKNOWN_UNIT'],
      [5, '/外部编号', 'DUPLICATE_KEY'],
    ]);
    expect(checked[0].detail).toContain('成效明显');
    // Rows the service refuses while writing (the plan's consequences): the same columns, the shared codes.
    const refused = await post('bad-2', ['JC-204,南宁市,,,工作不力,缺时限,,', `JC-205,南宁市,整改事项,${other.id},有不足,对象不属于该单位,补课,2027-04-01`]);
    expect(refused.map((e) => [e.row, e.pointer, e.code])).toEqual([
      [2, '/整改时限', 'RULE_VIOLATION'],
      [3, '/检查对象编号', 'RULE_VIOLATION'],
    ]);
    expect(count()).toBe(0);
  });

  test('an xlsx workbook with the same headers imports like the CSV; an unreadable or empty one is a 422, not a 500', async () => {
    const spot = await s.inspection('spot_check');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('督查发现问题').addRows([['外部编号', '被检查单位', '评定', '发现问题'], ['JC-X1', '南宁市', '成效明显', '窗口服务好']]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const headers = (k: string) => ({ 'idempotency-key': k, 'content-type': XLSX });
    const res = await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}`, xlsx, headers('x1'));
    expect(res.json()).toMatchObject({ dryRun: false, created: 1, rows: 1 });
    expect(count()).toBe(1);
    for (const [k, body] of [['x2', Buffer.from('PK\u0003\u0004garbage')], ['x3', Buffer.alloc(0)]] as const) {
      const bad = await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}`, body, headers(k));
      expect([k, bad.statusCode, bad.json().code]).toEqual([k, 422, 'IMPORT_INVALID']);
    }
    expect(count()).toBe(1);
  });

  test('one bad row writes nothing and the 422 lists every bad row; the key is required and replays', async () => {
    const spot = await s.inspection('spot_check');
    const other = (await s.admin.post('/v1/rectification-items', { campaignId: s.campaign.id, title: '别的', leadUnitId: s.liuzhou, deadline: '2027-05-01' })).json();
    const body = { items: [
      { unitId: s.nanning, rating: 'good', description: '好' },
      { unitId: s.liuzhou, rating: 'good', description: '未被检查的单位' },
      { unitId: s.nanning, rating: 'insufficient', description: '缺时限' },
      { unitId: s.nanning, rating: 'deficient', description: '对象不属于该单位', dueOn: '2027-04-01', subjectKind: 'rectification_item', subjectId: other.id },
    ] };
    // A row that breaks the JSON schema is a 400 for the whole body before any row is read (as every import).
    expect((await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}`, { items: [{ ...body.items[0], rating: 'unknown' }] }, { 'idempotency-key': 'k0' })).statusCode).toBe(400);
    expect((await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}`, body)).statusCode).toBe(400);
    const res = await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}`, body, { 'idempotency-key': 'k1' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('IMPORT_INVALID');
    expect(res.json().errors.map((e: { row: number; pointer: string }) => [e.row, e.pointer])).toEqual([[2, '/unitId'], [3, '/dueOn'], [4, '/subjectId']]);
    expect(count()).toBe(0);
    const ok = { items: [body.items[0]] };
    const first = await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}`, ok, { 'idempotency-key': 'k2' });
    const replay = await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}`, ok, { 'idempotency-key': 'k2' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(first.json());
    expect(count()).toBe(1);
    expect((await t.client(t.key(['unit_editor'], s.nanning)).post(`/v1/findings:import?inspectionId=${spot.id}`, ok, { 'idempotency-key': 'k3' })).statusCode).toBe(403);
  });

  test('an xlsx sheet goes through the shared import pipeline: dates typed as officials do, a control character is a CONTROL_CHARACTER row error, format=csv returns the sheet with results', async () => {
    const spot = await s.inspection('spot_check');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('发现问题').addRows([
      ['外部编号', '被检查单位', '评定', '发现问题', '整改要求', '整改时限'],
      ['JC-101', '南宁市', '工作不力', '窗口_x0007_排长队' /* Excel's escape of U+0007 */, '增开窗口', '2027年4月30日'],
    ]);
    const xlsx = async () => Buffer.from(await wb.xlsx.writeBuffer());
    const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const bad = await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}`, await xlsx(), { 'idempotency-key': 'x1', 'content-type': type });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([expect.objectContaining({ in: 'row', row: 2, pointer: '/发现问题', code: 'CONTROL_CHARACTER' })]);
    expect(count()).toBe(0);
    wb.getWorksheet('发现问题')!.getCell('D2').value = '窗口排长队';
    const ok = await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}&format=csv`, await xlsx(), { 'idempotency-key': 'x2', 'content-type': type });
    expect(ok.statusCode).toBe(200);
    const lines = ok.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('外部编号,被检查单位,评定,发现问题,整改要求,整改时限,导入结果,记录ID,记录编号');
    expect(lines[1]).toMatch(/^JC-101,南宁市,工作不力,窗口排长队,增开窗口,.*,新建,[0-9a-f-]{36},$/);
    expect((await s.admin.get(`/v1/findings?inspectionId=${spot.id}`)).json().items).toEqual([expect.objectContaining({ externalId: 'JC-101', rating: 'insufficient', dueOn: '2027-04-30' })]);
  });
});

describe('the findings import’s cost per row (issue 21, without timing)', () => {
  test('when 40 findings are imported instead of 4, then no more statements are prepared (no query built per row) and each is recorded and delivered', async () => {
    const spot = await s.inspection('spot_check');
    const importOf = async (prefix: string, n: number) => {
      const items = Array.from({ length: n }, (_, i) => ({ externalId: `${prefix}-${i}`, unitId: s.nanning, rating: i % 2 ? 'good' : 'insufficient', description: `发现问题${i}`, ...(i % 2 ? {} : { requirement: '整改', dueOn: '2027-04-30' }) }));
      const res = await s.inspector.post(`/v1/findings:import?inspectionId=${spot.id}`, { items }, { 'idempotency-key': `cost-${prefix}` });
      expect(res.json()).toMatchObject({ rows: n, created: n });
    };
    await importOf('warm', 2); // first-use preparations out of the way
    const small = await preparedDuring(t.app.deps.sqlite, () => importOf('small', 4));
    const large = await preparedDuring(t.app.deps.sqlite, () => importOf('large', 40));
    expect(large.length).toBe(small.length);
    const stored = t.app.deps.sqlite
      .prepare("SELECT status, count(*) AS n, count(responded_late) AS respondedLate FROM inspection_findings WHERE external_id LIKE 'large-%' GROUP BY status ORDER BY status")
      .all();
    // Delivered on record (a spot check is announced); respondedLate stays null (no answer yet), never false.
    expect(stored).toEqual([{ status: 'awaiting_response', n: 20, respondedLate: 0 }, { status: 'no_action', n: 20, respondedLate: 0 }]);
  });
});
