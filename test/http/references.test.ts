// Ids named in request bodies (issue 11, defect 6): with agency B's key, every body field that names agency A's object
// answers exactly as an id that does not exist (same status, code, detail and errors, the id aside), and writes nothing.
import { createCampaignRow, makeApp, type Response, type TestContext } from '../helpers/app.js';

let t: TestContext;
let campaignId: string;
let A: string; // 自治区财政厅: owns the objects
let B: string; // 自治区卫计委: the other agency
let editorA: string;
let editorB: string;
const NOWHERE = '01900000-0000-7000-8000-00000000abcd';

// One app for the file (issue 22): each test creates its own data and asserts only on what it created.
beforeAll(async () => {
  t = await makeApp();
  campaignId = createCampaignRow(t);
  A = t.unit['gx-czt'];
  B = t.unit['gx-wjj'];
  editorA = t.key(['unit_editor'], A);
  editorB = t.key(['unit_editor'], B);
});
afterAll(() => t.close());

async function created(res: Promise<Response>): Promise<{ id: string; version: number }> {
  const r = await res;
  if (r.statusCode !== 201) throw new Error(`fixture: ${r.statusCode} ${r.body}`);
  return r.json();
}
const problemOf = (token: string) =>
  created(t.client(token).post('/v1/problems', { campaignId, dimension: 'efficiency', category: 'ef_3', source: 'public', channel: 'suggestion_box', description: '群众办事要跑多个窗口。' }));
const itemOf = (token: string, unit: string, over: Record<string, unknown> = {}) =>
  created(t.client(token).post('/v1/rectification-items', { campaignId, title: '清理行政审批事项', leadUnitId: unit, deadline: '2027-06-30', ...over }));
let seq = 0;
const approvalItemOf = (unit: string) =>
  created(
    t.client(t.admin).post('/v1/approval-items', {
      code: `REF-${++seq}`,
      name: `测试审批事项${seq}`,
      implementingUnitId: unit,
      kind: 'licence',
      bases: [{ level: 'law', title: '《中华人民共和国行政许可法》', article: '第十二条' }],
      siblingProvinces: 'commonly_set',
    }),
  );
const feeItemOf = (unit: string) =>
  created(
    t.client(t.admin).post('/v1/fee-items', {
      code: `GXSF-REF-${++seq}`,
      name: `测试收费${seq}`,
      collectingUnitId: unit,
      category: 'administrative',
      basisLevel: 'national',
      bases: [{ documentNumber: '财综〔2004〕5号', title: '关于公布取消和停止征收的行政事业性收费项目的通知' }],
      standard: { kind: 'fixed', amountFen: 1000, per: '件' },
    }),
  );

/** Everything stored except idempotency records: a write of any kind changes it. */
function fingerprint(): string {
  const db = t.app.deps.sqlite;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' AND name <> 'idempotency_keys'").all() as Array<{ name: string }>;
  return tables.map(({ name }) => `${name}:${JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())}`).join('\n');
}

/** The answer with the id named taken out (requestId and instance differ per request). */
function answer(res: Response, id: string) {
  const body = res.json() as Record<string, unknown>;
  const strip = (s: unknown) => (typeof s === 'string' ? s.split(id).join('<id>') : s);
  return {
    status: res.statusCode,
    code: body.code,
    title: body.title,
    detail: strip(body.detail),
    errors: ((body.errors as Array<Record<string, unknown>> | undefined) ?? []).map((e) => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, strip(v)]))),
  };
}

interface Case {
  field: string;
  /** Creates agency A's object and returns its id and how B's request names an id. */
  setUp(): Promise<{ theirs: string; send: (id: string) => Promise<Response> }>;
}

const cases: Case[] = [
  {
    field: 'POST /v1/rectification-items problemIds',
    async setUp() {
      const theirs = (await problemOf(editorA)).id;
      return { theirs, send: (id) => t.client(editorB).post('/v1/rectification-items', { campaignId, title: '整改', leadUnitId: B, deadline: '2027-06-30', problemIds: [id] }) };
    },
  },
  {
    field: 'PATCH /v1/rectification-items/{id} problemIds',
    async setUp() {
      const theirs = (await problemOf(editorA)).id;
      const mine = await itemOf(editorB, B);
      return { theirs, send: (id) => t.client(editorB).patch(`/v1/rectification-items/${mine.id}`, { problemIds: [id] }, { 'if-match': `"${mine.version}"` }) };
    },
  },
  {
    field: 'POST /v1/rectification-items parentId',
    async setUp() {
      const theirs = (await itemOf(editorA, A)).id;
      return { theirs, send: (id) => t.client(editorB).post('/v1/rectification-items', { campaignId, title: '整改', leadUnitId: B, deadline: '2027-06-30', parentId: id }) };
    },
  },
  {
    field: 'POST /v1/rectification-items leadUnitId (ownership)',
    async setUp() {
      return { theirs: A, send: (id) => t.client(editorB).post('/v1/rectification-items', { campaignId, title: '整改', leadUnitId: id, deadline: '2027-06-30' }) };
    },
  },
  {
    field: 'POST /v1/problems unitId (ownership)',
    async setUp() {
      return {
        theirs: A,
        send: (id) => t.client(editorB).post('/v1/problems', { campaignId, unitId: id, dimension: 'efficiency', category: 'ef_3', source: 'public', channel: 'suggestion_box', description: '窗口多。' }),
      };
    },
  },
  {
    field: 'POST /v1/commitments unitId (ownership)',
    async setUp() {
      return {
        theirs: A,
        send: (id) =>
          t.client(editorB).post('/v1/commitments', { campaignId, unitId: id, level: 'unit', items: [{ content: '一律进驻政务服务中心', dueDate: '2027-06-30' }], channel: 'media', mediaName: '广西日报', publishedOn: '2027-03-01' }),
      };
    },
  },
  {
    field: 'POST /v1/approval-items implementingUnitId (ownership)',
    async setUp() {
      return {
        theirs: A,
        send: (id) =>
          t.client(editorB).post('/v1/approval-items', { code: 'REF-X', name: '某审批', implementingUnitId: id, kind: 'licence', bases: [{ level: 'law', title: '《行政许可法》', article: '第十二条' }], siblingProvinces: 'commonly_set' }),
      };
    },
  },
  {
    field: 'POST /v1/approval-reviews itemId',
    async setUp() {
      const theirs = (await approvalItemOf(A)).id;
      return { theirs, send: (id) => t.client(editorB).post('/v1/approval-reviews', { campaignId, itemId: id, disposition: 'retain', rationale: '仍有必要' }) };
    },
  },
  {
    field: 'POST /v1/approval-reviews mergeIntoItemId',
    async setUp() {
      const theirs = (await approvalItemOf(A)).id;
      const mine = (await approvalItemOf(B)).id;
      return { theirs, send: (id) => t.client(editorB).post('/v1/approval-reviews', { campaignId, itemId: mine, disposition: 'merge', mergeIntoItemId: id, rationale: '合并' }) };
    },
  },
  {
    field: 'PATCH /v1/approval-reviews/{id} mergeIntoItemId',
    async setUp() {
      const theirs = (await approvalItemOf(A)).id;
      const mine = (await approvalItemOf(B)).id;
      const review = await created(t.client(editorB).post('/v1/approval-reviews', { campaignId, itemId: mine, disposition: 'retain', rationale: '仍有必要' }));
      return {
        theirs,
        send: (id) => t.client(editorB).patch(`/v1/approval-reviews/${review.id}`, { disposition: 'merge', mergeIntoItemId: id, rationale: '合并' }, { 'if-match': `"${review.version}"` }),
      };
    },
  },
  {
    field: 'POST /v1/fee-items collectingUnitId (ownership)',
    async setUp() {
      return {
        theirs: A,
        send: (id) =>
          t.client(editorB).post('/v1/fee-items', {
            code: 'GXSF-REF-X',
            name: '某收费',
            collectingUnitId: id,
            category: 'administrative',
            basisLevel: 'national',
            bases: [{ documentNumber: '财综〔2004〕5号', title: '通知' }],
            standard: { kind: 'fixed', amountFen: 1000, per: '件' },
          }),
      };
    },
  },
  {
    field: 'POST /v1/fee-reviews feeItemId',
    async setUp() {
      const theirs = (await feeItemOf(A)).id;
      return { theirs, send: (id) => t.client(editorB).post('/v1/fee-reviews', { campaignId, feeItemId: id }) };
    },
  },
];

describe('a body field naming another agency’s object answers as if it did not exist (issue 11, defect 6)', () => {
  test.each(cases.map((c) => [c.field, c] as const))('%s', async (_field, c) => {
    const { theirs, send } = await c.setUp();
    const before = fingerprint();
    const foreign = await send(theirs);
    const missing = await send(NOWHERE);
    expect(foreign.statusCode).toBeGreaterThanOrEqual(400);
    expect(foreign.statusCode).toBeLessThan(500);
    expect(answer(foreign, theirs)).toEqual(answer(missing, NOWHERE));
    expect(fingerprint()).toBe(before);
  });
});

describe('the same fields still accept what the caller may see', () => {
  test('when B links its own problem, or an admin links A’s problem, then 201 with the link', async () => {
    const own = (await problemOf(editorB)).id;
    const res = await t.client(editorB).post('/v1/rectification-items', { campaignId, title: '整改', leadUnitId: B, deadline: '2027-06-30', problemIds: [own] });
    expect(res.statusCode).toBe(201);
    expect(res.json().problemIds).toEqual([own]);
    const theirs = (await problemOf(editorA)).id;
    expect((await t.client(t.admin).post('/v1/rectification-items', { campaignId, title: '整改', leadUnitId: B, deadline: '2027-06-30', problemIds: [theirs] })).statusCode).toBe(201);
  });

  test('when B patches its own item with A’s problem, then 400 pointing at the entry, worded as for a problem that does not exist', async () => {
    const theirs = (await problemOf(editorA)).id;
    const mine = await itemOf(editorB, B);
    const res = await t.client(editorB).patch(`/v1/rectification-items/${mine.id}`, { problemIds: [theirs] }, { 'if-match': `"${mine.version}"` });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toEqual({ in: 'body', pointer: '/problemIds/0', detail: `problem ${theirs} does not exist` });
  });
});

describe('imports check the ids their rows name like any body', () => {
  test('when a ledger import updates an item with a problem or an agency that does not exist, then 422 names the row and nothing is written', async () => {
    const item = await itemOf(t.admin, A, { code: 'ZG-REF-1' });
    const before = fingerprint();
    const res = await t.client(t.admin).post(
      `/v1/rectification-items:import?campaignId=${campaignId}`,
      { items: [{ code: 'ZG-REF-1', title: '清理行政审批事项', leadUnitId: A, deadline: '2027-06-30', problemIds: [NOWHERE], coUnitIds: [NOWHERE] }] },
      { 'idempotency-key': 'ref-import-1' },
    );
    expect(res.statusCode).toBe(422);
    // The import vocabulary's code for an agency that does not exist (or is not the caller's: the same answer).
    expect(res.json().errors).toEqual([expect.objectContaining({ in: 'row', row: 1, code: 'UNKNOWN_UNIT', pointer: '/coUnitIds', detail: `unit ${NOWHERE} does not exist` })]);
    expect(fingerprint()).toBe(before);
    expect((await t.client(t.admin).get(`/v1/rectification-items/${item.id}`)).json().problemIds).toEqual([]);
  });

  test('when a ledger import row names only a problem that does not exist, then the row error is UNKNOWN_REFERENCE', async () => {
    await itemOf(t.admin, A, { code: 'ZG-REF-2' });
    const before = fingerprint();
    const res = await t.client(t.admin).post(
      `/v1/rectification-items:import?campaignId=${campaignId}`,
      { items: [{ code: 'ZG-REF-2', title: '清理行政审批事项', leadUnitId: A, deadline: '2027-06-30', problemIds: [NOWHERE] }] },
      { 'idempotency-key': 'ref-import-2' },
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ in: 'row', row: 1, code: 'UNKNOWN_REFERENCE', pointer: '/problemIds', detail: `problem ${NOWHERE} does not exist` })]);
    expect(fingerprint()).toBe(before);
  });
});
