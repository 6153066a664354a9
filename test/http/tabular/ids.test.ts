// Ids inside import rows are accepted in any case and stored lower-case (issue 12.15: platforms on .NET / SQL Server
// send upper-case GUIDs), in a CSV cell, an xlsx cell and a JSON row, for every import whose rows name agencies or
// other records by id — like ids in paths, queries and JSON bodies.
import ExcelJS from 'exceljs';
import { makeApp, type TestContext } from '../../helpers/app.js';
import { setup } from '../../modules/supervision/fixtures.js';

let t: TestContext;
let s: Awaited<ReturnType<typeof setup>>;
let inspectionId: string;
beforeEach(async () => {
  t = await makeApp({ now: '2027-03-01T02:00:00Z' });
  s = await setup(t);
  inspectionId = (await s.inspection('spot_check')).id;
});
afterEach(() => t.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UP = (id: string) => id.toUpperCase();
const csvOf = (rows: string[][]) => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('表').addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface Case {
  name: string;
  url: () => string;
  /** The sheet: header and one row naming records by upper-case id. */
  sheet: () => string[][];
  /** The same row as JSON, ids upper-case. */
  json: () => Record<string, unknown>;
  /** The stored ids of the imported record (compared with the lower-case ids). */
  stored: () => unknown;
  expected: () => unknown;
}

const cases: Case[] = [
  {
    name: 'rectification ledger',
    url: () => `/v1/rectification-items:import?campaignId=${UP(s.campaign.id)}`,
    sheet: () => [['外部编号', '整改事项', '牵头单位', '配合单位', '完成时限'], ['UP-1', '压缩办件时限', UP(s.nanning), UP(s.liuzhou), '2027-06-30']],
    json: () => ({ externalId: 'UP-1', title: '压缩办件时限', campaignId: UP(s.campaign.id), leadUnitId: UP(s.nanning), coUnitIds: [UP(s.liuzhou)], deadline: '2027-06-30' }),
    stored: () => t.app.deps.sqlite.prepare("SELECT campaign_id AS campaignId, lead_unit_id AS lead, co_unit_ids AS co FROM rectification_items WHERE external_id = 'UP-1'").get(),
    expected: () => ({ campaignId: s.campaign.id, lead: s.nanning, co: JSON.stringify([s.liuzhou]) }),
  },
  {
    name: 'approval catalogue',
    url: () => '/v1/approval-items:import',
    sheet: () => [['事项编码', '事项名称', '实施机关', '类型'], ['UP-A1', '建设工程规划许可', UP(s.nanning), '行政许可']],
    json: () => ({ code: 'UP-A1', name: '建设工程规划许可', implementingUnitId: UP(s.nanning), kind: 'licence' }),
    stored: () => t.app.deps.sqlite.prepare("SELECT implementing_unit_id AS unit FROM approval_items WHERE code = 'UP-A1'").get(),
    expected: () => ({ unit: s.nanning }),
  },
  {
    name: 'fee items',
    url: () => '/v1/fee-items:import',
    sheet: () => [['项目编码', '项目名称', '执收单位', '收费类别', '设立级次', '政策依据', '收费标准'], ['UP-F1', '证照工本费', UP(s.nanning), '行政性', '自治区', '桂价费〔2010〕12号', '10元/件']],
    json: () => ({ code: 'UP-F1', name: '证照工本费', collectingUnitId: UP(s.nanning), category: 'administrative', basisLevel: 'regional', bases: [{ documentNumber: '桂价费〔2010〕12号' }], standard: { kind: 'fixed', amountFen: 1000, per: '件' } }),
    stored: () => t.app.deps.sqlite.prepare("SELECT collecting_unit_id AS unit FROM fee_items WHERE code = 'UP-F1'").get(),
    expected: () => ({ unit: s.nanning }),
  },
  {
    name: 'findings',
    url: () => '/v1/findings:import',
    sheet: () => [['外部编号', '检查编号', '被检查单位', '评定', '发现问题'], ['UP-J1', UP(inspectionId), UP(s.nanning), '成效明显', '窗口服务好']],
    json: () => ({ externalId: 'UP-J1', inspectionId: UP(inspectionId), unitId: UP(s.nanning), rating: 'good', description: '窗口服务好' }),
    stored: () => t.app.deps.sqlite.prepare("SELECT inspection_id AS inspection, unit_id AS unit FROM inspection_findings WHERE external_id = 'UP-J1'").get(),
    expected: () => ({ inspection: inspectionId, unit: s.nanning }),
  },
  {
    name: 'opinions',
    url: () => '/v1/opinions:import',
    sheet: () => [['外部编号', '类型', '渠道', '涉及单位', '意见内容', '提出人身份'], ['UP-O1', '建议', '12345热线', UP(s.nanning), '表格太多', '服务对象']],
    json: () => ({ externalId: 'UP-O1', kind: 'suggestion', channel: 'hotline_12345', unitId: UP(s.nanning), text: '表格太多', submitterKind: 'service_recipient', anonymous: true }),
    stored: () => t.app.deps.sqlite.prepare("SELECT unit_id AS unit FROM opinions WHERE external_id = 'UP-O1'").get(),
    expected: () => ({ unit: s.nanning }),
  },
];

describe.each(cases)('$name import', (c) => {
  const send = (body: unknown, type: string, key: string) => s.admin.post(c.url(), body, { 'content-type': type, 'idempotency-key': `${c.name.replace(/ /g, '-')}-${key}` });

  test('when a CSV cell names a record by its upper-case id, then the row is imported and the id is stored lower-case', async () => {
    const res = await send(csvOf(c.sheet()), 'text/csv', 'csv');
    expect([res.statusCode, res.json().created, res.json().detail]).toEqual([200, 1, undefined]);
    expect(c.stored()).toEqual(c.expected());
  });

  test('when an xlsx cell names a record by its upper-case id, then the row is imported and the id is stored lower-case', async () => {
    const res = await send(await xlsxOf(c.sheet()), XLSX, 'xlsx');
    expect([res.statusCode, res.json().created, res.json().detail]).toEqual([200, 1, undefined]);
    expect(c.stored()).toEqual(c.expected());
  });

  test('when a JSON row names records by upper-case ids, then the row is imported and the ids are stored lower-case', async () => {
    const res = await send(JSON.stringify({ items: [c.json()] }), 'application/json', 'json');
    expect([res.statusCode, res.json().created, res.json().detail]).toEqual([200, 1, undefined]);
    expect(c.stored()).toEqual(c.expected());
  });
});
