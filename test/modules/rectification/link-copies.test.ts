// The item row keeps sorted copies of its links (co_unit_ids, participant_unit_ids, problem_ids) so that a page or a
// point read is one statement (issue 7). Every write path must keep them equal to the link tables, which still drive
// the involvesUnitId filter and agency visibility; the migration fills them for rows written before they existed.
import { readFileSync, readdirSync } from 'node:fs';
import { makeApp, type TestContext } from '../../helpers/app.js';
import { problems } from '../../../src/db/schema/index.js';
import { createCampaignRow, createItem } from './helpers.js';

let t: TestContext;
let campaignId: string;
beforeEach(async () => {
  t = await makeApp();
  campaignId = createCampaignRow(t);
});
afterEach(() => t.close());

interface Copies { co: string[]; participants: string[]; problems: string[] }

/** The copies on the row, and what the link tables say, for one item. */
function copiesOf(id: string): { row: Copies; tables: Copies & { lead: string[] } } {
  const { sqlite } = t.app.deps;
  const r = sqlite.prepare('SELECT co_unit_ids AS co, participant_unit_ids AS p, problem_ids AS pr FROM rectification_items WHERE id = ?').get(id) as Record<string, string>;
  const role = (name: string) =>
    (sqlite.prepare('SELECT unit_id AS u FROM rectification_item_units WHERE item_id = ? AND role = ? ORDER BY unit_id').all(id, name) as { u: string }[]).map((x) => x.u);
  const probs = (sqlite.prepare('SELECT problem_id AS p FROM rectification_item_problems WHERE item_id = ? ORDER BY problem_id').all(id) as { p: string }[]).map((x) => x.p);
  return {
    row: { co: JSON.parse(r.co), participants: JSON.parse(r.p), problems: JSON.parse(r.pr) },
    tables: { lead: role('lead'), co: role('co'), participants: role('participant'), problems: probs },
  };
}

/** The link rows of an item with their rowids: a rewrite (delete and insert) gives new rowids even for the same values. */
function linkRows(id: string) {
  const { sqlite } = t.app.deps;
  return {
    units: sqlite.prepare('SELECT rowid AS r, unit_id AS u, role FROM rectification_item_units WHERE item_id = ? ORDER BY rowid').all(id),
    problems: sqlite.prepare('SELECT rowid AS r, problem_id AS p FROM rectification_item_problems WHERE item_id = ? ORDER BY rowid').all(id),
  };
}

/** Every insert, update and delete on the two link tables from now on (temporary triggers on this connection). */
function watchLinkWrites(): () => string[] {
  const { sqlite } = t.app.deps;
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS link_writes (what TEXT)');
  sqlite.exec('DELETE FROM link_writes');
  for (const table of ['rectification_item_units', 'rectification_item_problems']) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      sqlite.exec(`CREATE TEMP TRIGGER IF NOT EXISTS watch_${table}_${op} AFTER ${op} ON main.${table} BEGIN INSERT INTO link_writes VALUES ('${op} ${table}'); END`);
    }
  }
  return () => (sqlite.prepare('SELECT what FROM link_writes').all() as { what: string }[]).map((r) => r.what);
}

function expectInStep(id: string) {
  const { row, tables } = copiesOf(id);
  expect(row).toEqual({ co: tables.co, participants: tables.participants, problems: tables.problems });
  return { row, tables };
}

function addProblems(n: number): string[] {
  const now = t.clock.now().toISOString();
  const ids = Array.from({ length: n }, (_, i) => `01900000-0000-7000-8000-0000000000b${i}`);
  for (const id of ids) {
    t.app.deps.db.insert(problems).values({ id, campaignId, unitId: t.unit['gx-fzb'], dimension: 'efficiency', category: 'approval', source: 'self', channel: 'forum', description: '审批环节多', createdAt: now, updatedAt: now }).run();
  }
  return ids;
}

const sorted = (xs: string[]) => [...xs].sort();

describe('rectification items: the link copies on the row', () => {
  test('when an item names the lead again among co-operating units and a unit in both lists, then each unit is stored once in its strongest role, sorted, in the row and the tables alike', async () => {
    const [bb, czt, wjj, fzb] = [t.unit['gx-bb'], t.unit['gx-czt'], t.unit['gx-wjj'], t.unit['gx-fzb']];
    const [p1, p2] = addProblems(2);
    const item = await createItem(t, campaignId, { coUnitIds: [wjj, fzb, bb], participantUnitIds: [bb, czt], problemIds: [p2, p1] });
    expect(item).toMatchObject({ coUnitIds: sorted([wjj, bb]), participantUnitIds: [czt], problemIds: sorted([p1, p2]) });
    const { tables } = expectInStep(item.id);
    expect(tables.lead).toEqual([fzb]);
    const read = (await t.client(t.admin).get(`/v1/rectification-items/${item.id}`)).json();
    expect(read).toMatchObject({ coUnitIds: sorted([wjj, bb]), participantUnitIds: [czt], problemIds: sorted([p1, p2]) });
  });

  test('when the lead moves to a co-operating unit, then it leaves the co list, the old lead loses sight of the item, and lists by involvement follow', async () => {
    const [bb, czt, fzb] = [t.unit['gx-bb'], t.unit['gx-czt'], t.unit['gx-fzb']];
    const item = await createItem(t, campaignId, { coUnitIds: [bb, czt] });
    const oldLeadKey = t.key(['unit_editor'], fzb);
    expect((await t.client(oldLeadKey).get(`/v1/rectification-items/${item.id}`)).statusCode).toBe(200);
    const res = await t.client(t.admin).patch(`/v1/rectification-items/${item.id}`, { leadUnitId: bb, reason: '职责调整' }, { 'if-match': '"1"' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ leadUnitId: bb, coUnitIds: [czt] });
    const { tables } = expectInStep(item.id);
    expect(tables.lead).toEqual([bb]);
    expect((await t.client(oldLeadKey).get(`/v1/rectification-items/${item.id}`)).statusCode).toBe(404);
    const byBb = (await t.client(t.admin).get(`/v1/rectification-items?involvesUnitId=${bb}`)).json();
    expect(byBb.items.map((i: { id: string }) => i.id)).toEqual([item.id]);
    expect((await t.client(t.admin).get(`/v1/rectification-items?involvesUnitId=${fzb}`)).json().items).toEqual([]);
  });

  test('when PATCH replaces the participants and the problems, then row and tables change together; an unchanged list leaves both alone', async () => {
    const [bb, czt, wjj] = [t.unit['gx-bb'], t.unit['gx-czt'], t.unit['gx-wjj']];
    const [p1, p2, p3] = addProblems(3);
    const item = await createItem(t, campaignId, { participantUnitIds: [bb], problemIds: [p1] });
    const res = await t.client(t.admin).patch(`/v1/rectification-items/${item.id}`, { participantUnitIds: [wjj, czt], problemIds: [p3, p2] }, { 'if-match': '"1"' });
    expect(res.json()).toMatchObject({ participantUnitIds: sorted([wjj, czt]), problemIds: sorted([p2, p3]) });
    const written = expectInStep(item.id);
    const linksBefore = linkRows(item.id);
    const writes = watchLinkWrites();
    expect(linksBefore.units).toHaveLength(3);
    expect(linksBefore.problems).toHaveLength(2);
    const same = await t.client(t.admin).patch(`/v1/rectification-items/${item.id}`, { participantUnitIds: [czt, wjj], title: '新标题' }, { 'if-match': '"2"' });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ participantUnitIds: sorted([wjj, czt]), title: '新标题', version: 3 });
    // Left alone: no insert, update or delete on either link table (a delete and re-insert of the same values would
    // even reuse the rowids), the same link rows and the same copies on the row.
    expect(writes()).toEqual([]);
    expect(linkRows(item.id)).toEqual(linksBefore);
    expect(expectInStep(item.id)).toEqual(written);
  });

  test('when an import row changes the co-operating units of an existing item, then row and tables change together', async () => {
    const [bb, czt] = [t.unit['gx-bb'], t.unit['gx-czt']];
    const base = { externalId: 'OA-9', campaignId, title: '事项', leadUnitId: t.unit['gx-fzb'], deadline: '2027-06-30' };
    await t.client(t.admin).post('/v1/rectification-items:import', { items: [{ ...base, coUnitIds: [bb] }] }, { 'idempotency-key': 'lc-1' });
    const res = await t.client(t.admin).post('/v1/rectification-items:import', { items: [{ ...base, coUnitIds: [czt, bb] }] }, { 'idempotency-key': 'lc-2' });
    expect(res.json()).toMatchObject({ created: 0, updated: 1 });
    const id = (t.app.deps.sqlite.prepare("SELECT id FROM rectification_items WHERE external_id = 'OA-9'").get() as { id: string }).id;
    expect(expectInStep(id).row.co).toEqual(sorted([bb, czt]));
  });

  test('when rows were written before the copies existed, then the migration fills them from the link tables', async () => {
    const [p1] = addProblems(1);
    const a = await createItem(t, campaignId, { coUnitIds: [t.unit['gx-czt'], t.unit['gx-bb']], participantUnitIds: [t.unit['gx-wjj']], problemIds: [p1] });
    const b = await createItem(t, campaignId);
    const before = [copiesOf(a.id).row, copiesOf(b.id).row];
    const { sqlite } = t.app.deps;
    sqlite.exec("UPDATE rectification_items SET co_unit_ids = '[]', participant_unit_ids = '[]', problem_ids = '[]'");
    expect(copiesOf(a.id).row).toEqual({ co: [], participants: [], problems: [] });
    const file = readdirSync('migrations').find((f) => f.endsWith('_070_rectification_item_links.sql'))!;
    sqlite.exec(readFileSync(`migrations/${file}`, 'utf8'));
    expect([copiesOf(a.id).row, copiesOf(b.id).row]).toEqual(before);
    expect(before[0].co).toHaveLength(2);
  });
});
