// externalId on the approval catalogue and the fee items (issue 12.14): imported from 外部编号 (CSV/xlsx) or
// externalId (JSON), exported in the same column so the sheet imports back unchanged, unique in its register.
import { makeApp, type TestContext } from '../../helpers/app.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

let n = 0;
const post = (url: string, body: unknown, type = 'text/csv') => t.client(t.admin).post(url, typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': type, 'idempotency-key': `ext-${++n}` });
const csvOf = (rows: string[][]) => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';

const registers = [
  {
    name: 'approval items',
    list: '/v1/approval-items',
    table: 'approval_items',
    header: ['事项编码', '外部编号', '事项名称', '实施机关'],
    row: (code: string, ext: string) => [code, ext, `审批事项${code}`, '自治区财政厅'],
    json: (code: string, ext: string) => ({ code, externalId: ext, name: `审批事项${code}`, implementingUnit: '自治区财政厅' }),
  },
  {
    name: 'fee items',
    list: '/v1/fee-items',
    table: 'fee_items',
    header: ['项目编码', '外部编号', '项目名称', '执收单位', '收费类别', '设立级次', '政策依据', '收费标准'],
    row: (code: string, ext: string) => [code, ext, `收费${code}`, '自治区民政厅', '行政性', '自治区', '桂价费〔2010〕12号', '10元/件'],
    json: (code: string, ext: string) => ({
      code, externalId: ext, name: `收费${code}`, collectingUnitId: t.unit['gx-mzt'], category: 'administrative', basisLevel: 'regional', bases: [{ documentNumber: '桂价费〔2010〕12号' }], standard: { kind: 'fixed', amountFen: 1000, per: '件' },
    }),
  },
];

describe.each(registers)('$name', (reg) => {
  const stored = () => t.app.deps.sqlite.prepare(`SELECT code, external_id AS externalId FROM ${reg.table} ORDER BY code`).all();

  test('when a sheet carries 外部编号, then it is stored, exported in the same column, and the export imports back unchanged', async () => {
    const res = await post(`${reg.list}:import`, csvOf([reg.header, reg.row('X-1', 'OA-001'), reg.row('X-2', 'OA-002')]));
    expect([res.statusCode, res.json().created]).toEqual([200, 2]);
    expect(stored()).toEqual([{ code: 'X-1', externalId: 'OA-001' }, { code: 'X-2', externalId: 'OA-002' }]);
    const exported = await t.client(t.admin).get(`${reg.list}:export?format=csv`);
    const lines = exported.body.replace(/^\ufeff/, '').trim().split(/\r?\n/).map((l) => l.split(','));
    const col = lines[0].indexOf('外部编号');
    expect(col).toBeGreaterThanOrEqual(0);
    expect(lines.slice(1).map((l) => l[col]).sort()).toEqual(['OA-001', 'OA-002']);
    const again = await post(`${reg.list}:import`, exported.body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect((await t.client(t.admin).get(`${reg.list}?externalId=OA-002`)).json().items.map((i: { code: string }) => i.code)).toEqual(['X-2']);
  });

  test('when a JSON row carries externalId, then it is stored; a later row without it keeps it', async () => {
    expect((await post(`${reg.list}:import`, { items: [reg.json('J-1', 'JX-1')] }, 'application/json')).json()).toMatchObject({ created: 1 });
    const { externalId: _e, ...without } = reg.json('J-1', 'JX-1');
    expect((await post(`${reg.list}:import`, { items: [without] }, 'application/json')).json()).toMatchObject({ unchanged: 1 });
    expect(stored()).toEqual([{ code: 'J-1', externalId: 'JX-1' }]);
  });

  test('when two rows carry the same 外部编号, then 422 DUPLICATE_KEY on the second and nothing is written', async () => {
    const res = await post(`${reg.list}:import`, csvOf([reg.header, reg.row('D-1', 'SAME'), reg.row('D-2', 'SAME')]));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 3, pointer: '/外部编号', code: 'DUPLICATE_KEY' })]);
    expect(stored()).toEqual([]);
  });

  test('when a row names the 外部编号 of a record with another code, then 422 CONFLICT and nothing changes', async () => {
    await post(`${reg.list}:import`, csvOf([reg.header, reg.row('C-1', 'HELD')]));
    const res = await post(`${reg.list}:import`, csvOf([reg.header, reg.row('C-2', 'HELD')]));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 2, pointer: '/外部编号', code: 'CONFLICT' })]);
    expect(stored()).toEqual([{ code: 'C-1', externalId: 'HELD' }]);
  });
});
