// Every import names agencies the same way (issue 21.6, src/modules/units/resolver.ts): the seed's short name 财政厅
// is 自治区财政厅 in the ledger, fee, approval, findings and opinions imports alike, and a short name two agencies share
// is the row error AMBIGUOUS_UNIT naming both, in the column the sheet gave it.
import { makeApp, type TestContext } from '../../helpers/app.js';
import { preparedDuring } from '../../helpers/statements.js';
import { setup } from '../supervision/fixtures.js';

let t: TestContext;
let campaignId: string;
let inspectionId: string;
const cityFinance: string[] = [];
beforeAll(async () => {
  t = await makeApp({ now: '2027-03-01T02:00:00Z' });
  // Two agencies that share the short name 财政局.
  for (const [city, name] of [['gx-450100', '南宁市财政局'], ['gx-450200', '柳州市财政局']] as const) {
    const res = await t.client(t.admin).post('/v1/units', { name, shortName: '财政局', kind: 'department', level: 'city', divisionCode: city.slice(3), parentId: t.unit[city] });
    expect(res.statusCode).toBe(201);
    cityFinance.push(res.json().id);
  }
  const s = await setup(t);
  campaignId = s.campaign.id;
  inspectionId = (await s.inspection('spot_check', [t.unit['gx-czt'], ...cityFinance])).id;
});
afterAll(() => t.close());

interface Import {
  name: string;
  url: () => string;
  /** A sheet of one row naming the agency `unit`; `n` keeps the natural keys apart between tests. */
  csv: (unit: string, n: number) => string;
  column: string;
  /** The agency of the record a row wrote. */
  unitOf: string;
}
const IMPORTS: Import[] = [
  {
    name: 'ledger',
    url: () => `/v1/rectification-items:import?campaignId=${campaignId}`,
    csv: (u, n) => `外部编号,整改事项,牵头单位,完成时限\nREF-${n},清理收费,${u},2027-06-30\n`,
    column: '/牵头单位',
    unitOf: 'SELECT lead_unit_id FROM rectification_items WHERE id = ?',
  },
  {
    name: 'fee',
    url: () => '/v1/fee-items:import',
    csv: (u, n) => `项目编码,项目名称,执收单位,收费类别,设立级次,政策依据,收费标准\nGX-REF-${n},收费${n},${u},行政性,中央/国家,财综〔2004〕5号,10元/件\n`,
    column: '/执收单位',
    unitOf: 'SELECT collecting_unit_id FROM fee_items WHERE id = ?',
  },
  {
    name: 'approval catalogue',
    url: () => '/v1/approval-items:import',
    csv: (u, n) => `事项编码,事项名称,实施机关,设定依据\nSP-REF-${n},审批事项${n},${u},《行政许可法》\n`,
    column: '/实施机关',
    unitOf: 'SELECT implementing_unit_id FROM approval_items WHERE id = ?',
  },
  {
    name: 'findings',
    url: () => `/v1/findings:import?inspectionId=${inspectionId}`,
    csv: (u, n) => `外部编号,被检查单位,评定,发现问题\nJC-REF-${n},${u},成效明显,窗口服务好\n`,
    column: '/被检查单位',
    unitOf: 'SELECT unit_id FROM inspection_findings WHERE id = ?',
  },
  {
    name: 'opinions',
    url: () => '/v1/opinions:import',
    csv: (u, n) => `外部编号,类型,涉及单位,意见内容,提出人身份\nYJ-REF-${n},建议,${u},表格太多,服务对象\n`,
    column: '/涉及单位',
    unitOf: 'SELECT unit_id FROM opinions WHERE id = ?',
  },
];

let n = 0;
const post = (imp: Import, unit: string) => t.client(t.admin).post(imp.url(), imp.csv(unit, ++n) as never, { 'content-type': 'text/csv', 'idempotency-key': `ref-${n}` });

describe.each(IMPORTS)('the $name import', (imp) => {
  test('when a row names the agency by its short name 财政厅, then the record is 自治区财政厅’s', async () => {
    const res = await post(imp, '财政厅');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 1 });
    const id = res.json().results[0].id;
    expect(t.app.deps.sqlite.prepare(imp.unitOf).pluck().get(id)).toBe(t.unit['gx-czt']);
  });

  test('when a row names a short name two agencies share, then 422 AMBIGUOUS_UNIT in its column names both and nothing is written', async () => {
    const res = await post(imp, '财政局');
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      {
        in: 'row', row: 2, pointer: imp.column, code: 'AMBIGUOUS_UNIT',
        detail: `"财政局" is the short name of 2 agencies: 南宁市财政局 (${cityFinance[0]})、柳州市财政局 (${cityFinance[1]}); name one by its id, externalId or credit code`,
      },
    ]);
  });

  test('when a sheet of 40 rows is imported instead of 4, then no more statements are prepared and none reads the units (indexed per import from a statement prepared once)', async () => {
    const sheet = (rows: number) => {
      const lines = Array.from({ length: rows }, () => imp.csv('财政厅', ++n).split('\n'));
      return [lines[0][0], ...lines.map((l) => l[1])].join('\n');
    };
    const run = (rows: number) => async () => {
      const res = await t.client(t.admin).post(imp.url(), sheet(rows) as never, { 'content-type': 'text/csv', 'idempotency-key': `cost-${++n}` });
      expect(res.json()).toMatchObject({ created: rows });
    };
    await run(2)(); // first-use preparations out of the way
    const small = await preparedDuring(t.app.deps.sqlite, run(4));
    const large = await preparedDuring(t.app.deps.sqlite, run(40));
    expect(large.length).toBe(small.length);
    expect(large.filter((s) => /\bfrom\s+"?units"?(\s|$)/i.test(s))).toEqual([]);
  });
});
