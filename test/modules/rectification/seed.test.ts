import { makeApp, type TestContext } from '../../helpers/app.js';
import { createCampaignRow } from './helpers.js';
import { systemActor } from '../../../src/http/auth.js';
import { createPlanTasks } from '../../../src/modules/rectification/index.js';
import { seedRectification } from '../../../src/modules/rectification/seed.js';

let t: TestContext;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

describe('the plan’s tasks', () => {
  test('when the plan’s tasks are created for a campaign, then tasks 1–5.4 are top-level items with their agencies and deadlines', async () => {
    const campaignId = createCampaignRow(t, 2027);
    const deps = t.app.deps;
    const n = deps.db.transaction((tx) => createPlanTasks(deps, tx, systemActor(), campaignId, 2027));
    expect(n).toBe(11);
    const items = (await t.client(t.admin).get(`/v1/rectification-items?campaignId=${campaignId}&topLevel=true&orderBy=code&pageSize=100`)).json().items;
    expect(items.map((i: { taskCode: string }) => i.taskCode)).toEqual(['1', '2', '3.1', '3.2', '3.3', '4.1', '4.2', '5.1', '5.2', '5.3', '5.4']);
    const fee = items.find((i: { taskCode: string }) => i.taskCode === '5.1');
    expect(fee).toMatchObject({ title: '全面清理行政事业性收费', leadUnitId: t.unit['gx-czt'], coUnitIds: [t.unit['gx-wjj']], deadline: '2027-05-31', deadlineText: '5月底前', status: 'not_started' });
    const assoc = items.find((i: { taskCode: string }) => i.taskCode === '5.4');
    expect(assoc.coUnitIds).toHaveLength(4);
    expect(assoc.deadline).toBe('2027-10-31');
    // 5.3 相对集中行政处罚权: 地级市政府负责 — one child per prefecture-level city, rolled up into the task.
    const penalty = items.find((i: { taskCode: string }) => i.taskCode === '5.3');
    expect(penalty.childrenCount).toBe(14);
    const children = (await t.client(t.admin).get(`/v1/rectification-items?parentId=${penalty.id}&pageSize=100`)).json().items;
    expect(children.map((c: { leadUnitId: string }) => c.leadUnitId).sort()).toEqual(Object.entries(t.unit).filter(([e]) => /^gx-45\d{4}$/.test(e)).map(([, id]) => id).sort());
    expect(children[0]).toMatchObject({ deadline: '2027-08-31', taskCode: '5.3', parentId: penalty.id });
  });

  test('when the module seeder runs, then it fills the default campaign found by template and year, and does nothing without one', async () => {
    const deps = t.app.deps;
    deps.db.transaction((tx) => seedRectification({ deps, tx, actor: systemActor(), campaignYear: 2027 }));
    expect((await t.client(t.admin).get('/v1/rectification-items')).json().items).toHaveLength(0);
    createCampaignRow(t, 2027);
    deps.db.transaction((tx) => seedRectification({ deps, tx, actor: systemActor(), campaignYear: 2027 }));
    expect((await t.client(t.admin).get('/v1/rectification-items?topLevel=true&pageSize=100')).json().items).toHaveLength(11);
    expect((await t.client(t.admin).get('/v1/rectification-items?pageSize=100')).json().items).toHaveLength(11 + 14);
  });
});
