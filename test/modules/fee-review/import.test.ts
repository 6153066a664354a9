import { makeApp, eventsOf, type TestContext } from '../../helpers/app.js';
import { tickingClock } from '../../helpers/clock.js';
import { dbState } from '../../helpers/db-state.js';

let t: TestContext;
let editor: string;
beforeEach(async () => {
  t = await makeApp({ clock: tickingClock('2027-03-01T02:00:00Z') });
  editor = t.key(['unit_editor'], t.unit['gx-mzt']);
});
afterEach(() => t.close());

const HEADER = '项目编码,项目名称,执收单位,收费类别,设立级次,政策依据,收费标准,资金管理方式,涉企,现行收费(元),年收费量';
const count = (table: string) => (t.app.deps.sqlite.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;
const idem = (k: string) => ({ 'idempotency-key': k, 'content-type': 'text/csv' });

function csvRow(i: number, overrides: Partial<Record<string, string>> = {}): string {
  const r = {
    code: `GX-${String(i).padStart(5, '0')}`,
    name: `行政事业性收费${i}`,
    unit: i % 2 ? '自治区民政厅' : t.unit['gx-450100'],
    category: i % 3 ? '行政性' : '事业性',
    level: i % 4 ? '中央/国家' : '自治区',
    basis: '"财综〔2004〕5号《关于公布行政事业性收费项目的通知》；桂价费〔2010〕12号"',
    standard: i % 5 ? '10元/件' : '5-20元/次',
    fund: i % 2 ? '缴入地方国库' : '',
    affects: i % 2 ? '是' : '否',
    charge: i % 7 ? '12.5' : '',
    volume: i % 7 ? String(i * 3) : '',
    ...overrides,
  };
  return [r.code, r.name, r.unit, r.category, r.level, r.basis, r.standard, r.fund, r.affects, r.charge, r.volume].join(',');
}
const csv = (rows: string[]) => `\uFEFF${HEADER}\n${rows.join('\n')}\n`;

describe('fee item import', () => {
  test('when a 5,000-row CSV with Chinese headers is imported, then every row commits in one transaction with its audit event', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => csvRow(i + 1));
    const eventsBefore = count('events');
    const res = await t.client(t.admin).post('/v1/fee-items:import', csv(rows), idem('imp-5000'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, created: 5000, updated: 0, unchanged: 0, rows: 5000 });
    expect(count('fee_items')).toBe(5000);
    expect(count('events') - eventsBefore).toBe(5000);
    // One transaction: the clock ticks on every read (tickingClock), yet every row carries the one instant read when the
    // transaction began, and the 5,000 audit events are contiguous in the change feed (nothing interleaved).
    const instants = t.app.deps.sqlite.prepare('SELECT count(DISTINCT created_at) created, count(DISTINCT updated_at) updated, min(created_at) first FROM fee_items').get() as { created: number; updated: number; first: string };
    expect(instants).toEqual({ created: 1, updated: 1, first: expect.stringMatching(/^2027-03-01T02:00:00\.\d{3}Z$/) });
    const span = t.app.deps.sqlite.prepare("SELECT min(sequence) lo, max(sequence) hi, count(*) n FROM events WHERE entity = 'fee_item'").get() as { lo: number; hi: number; n: number };
    expect(span.n).toBe(5000);
    expect(span.hi - span.lo + 1).toBe(5000);
    const item = (await t.client(t.admin).get('/v1/fee-items?pageSize=1')).json().items[0];
    expect(item).toMatchObject({
      code: 'GX-00001',
      collectingUnitId: t.unit['gx-mzt'],
      category: 'administrative',
      basisLevel: 'national',
      bases: [{ documentNumber: '财综〔2004〕5号', title: '关于公布行政事业性收费项目的通知' }, { documentNumber: '桂价费〔2010〕12号' }],
      standard: { kind: 'fixed', amountFen: 1000, per: '件' },
      fundManagement: 'local_treasury',
      affectsEnterprises: true,
      currentChargeFen: 1250,
      annualVolume: 3,
    });
    const ranged = (await t.client(t.admin).get('/v1/fee-items?pageSize=500')).json().items.find((i: { code: string }) => i.code === 'GX-00005');
    expect(ranged.standard).toEqual({ kind: 'range', minFen: 500, maxFen: 2000, per: '次' });
  });

  test('when one row of 5,000 is bad, then 422 names it and nothing is written', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => csvRow(i + 1, i === 4321 ? { standard: '12.555元/件' } : {}));
    const before = dbState(t.app.deps.sqlite, ['idempotency_keys']);
    const res = await t.client(t.admin).post('/v1/fee-items:import', csv(rows), idem('imp-bad'));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'IMPORT_INVALID', rows: 5000, errors: [{ in: 'row', row: 4323, pointer: '/收费标准' }] });
    expect(res.json().errors).toHaveLength(1);
    // Every table (items, decisions, reviews, catalogues, the audit events) is as it was.
    expect(dbState(t.app.deps.sqlite, ['idempotency_keys'])).toEqual(before);
    expect(count('fee_items')).toBe(0);
    expect(t.app.deps.sqlite.prepare("SELECT count(*) n FROM events WHERE entity = 'fee_item'").get()).toEqual({ n: 0 });
  });

  test('when several rows are bad, then the 422 lists every one of them', async () => {
    const rows = [
      csvRow(1),
      csvRow(2, { unit: '不存在的单位' }),
      csvRow(3, { category: '经营性' }),
      csvRow(4, { level: '市' }),
      csvRow(5, { charge: '1.234' }),
      csvRow(6, { code: 'GX-00001' }),
      csvRow(7, { standard: '免费' }),
    ];
    const before = dbState(t.app.deps.sqlite, ['idempotency_keys']);
    const res = await t.client(t.admin).post('/v1/fee-items:import', csv(rows), idem('imp-many'));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { row: number; pointer: string }) => [e.row, e.pointer])).toEqual([
      [3, '/执收单位'],
      [4, '/收费类别'],
      [5, '/设立级次'],
      [6, '/现行收费(元)'],
      [7, '/项目编码'],
      [8, '/收费标准'],
    ]);
    expect(dbState(t.app.deps.sqlite, ['idempotency_keys'])).toEqual(before);
  });

  test('when the import is a dry run, then the report counts and nothing is written', async () => {
    const before = dbState(t.app.deps.sqlite, ['idempotency_keys']);
    const res = await t.client(t.admin).post('/v1/fee-items:import?dryRun=true', csv([csvRow(1), csvRow(2)]), idem('imp-dry'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, created: 2, updated: 0, unchanged: 0, rows: 2 });
    expect(dbState(t.app.deps.sqlite, ['idempotency_keys'])).toEqual(before);
  });

  test('when the same rows are imported again, one changed, then rows upsert by code: unchanged and updated', async () => {
    await t.client(t.admin).post('/v1/fee-items:import', csv([csvRow(1), csvRow(2), csvRow(3)]), idem('imp-a'));
    const res = await t.client(t.admin).post('/v1/fee-items:import', csv([csvRow(1), csvRow(2), csvRow(3, { standard: '8元/件' })]), idem('imp-b'));
    expect(res.json()).toMatchObject({ dryRun: false, created: 0, updated: 1, unchanged: 2, rows: 3 });
    const item = (await t.client(t.admin).get('/v1/fee-items?pageSize=3')).json().items[2];
    expect(item).toMatchObject({ code: 'GX-00003', version: 2, standard: { kind: 'fixed', amountFen: 800 } });
    expect(eventsOf(t.app, item.id).map((e) => e.action)).toEqual(['create', 'update']);
  });

  test('when a JSON row has 12.5 in a Fen field, then 422 points at it and nothing is written', async () => {
    const good = { code: 'J1', name: '证照工本费', collectingUnitId: t.unit['gx-mzt'], category: 'administrative', basisLevel: 'national', bases: [{ documentNumber: '财综〔2004〕5号' }], standard: { kind: 'fixed', amountFen: 1000, per: '本' } };
    const before = dbState(t.app.deps.sqlite, ['idempotency_keys']);
    const res = await t.client(editor).post('/v1/fee-items:import', { items: [good, { ...good, code: 'J2', standard: { kind: 'fixed', amountFen: 12.5, per: '本' } }] }, { 'idempotency-key': 'json-1' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 2, pointer: '/standard/amountFen' })]);
    expect(dbState(t.app.deps.sqlite, ['idempotency_keys'])).toEqual(before);
    const ok = await t.client(editor).post('/v1/fee-items:import', { items: [good] }, { 'idempotency-key': 'json-2' });
    expect(ok.json()).toMatchObject({ created: 1 });
  });

  test('when a unit editor imports another agency’s fee, then 422 FORBIDDEN_UNIT', async () => {
    const res = await t.client(editor).post('/v1/fee-items:import', csv([csvRow(1), csvRow(2)]), idem('imp-forbidden'));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 3, code: 'FORBIDDEN_UNIT' })]);
  });

  test('when the Idempotency-Key is missing, then 400; a reader imports, then 403; a column is missing, then 422', async () => {
    expect((await t.client(t.admin).post('/v1/fee-items:import', csv([csvRow(1)]), { 'content-type': 'text/csv' })).statusCode).toBe(400);
    const reader = t.key(['reader'], t.unit.gx);
    expect((await t.client(reader).post('/v1/fee-items:import', csv([csvRow(1)]), idem('r'))).statusCode).toBe(403);
    const res = await t.client(t.admin).post('/v1/fee-items:import', '项目编码,项目名称\nA,B\n', idem('cols'));
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toContainEqual(expect.objectContaining({ row: 1, pointer: '/执收单位', code: 'MISSING_COLUMN' }));
  });
});
