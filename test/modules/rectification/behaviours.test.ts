// Issue 22: an item submitted for 销号 after its deadline and then accepted is completed, but not "completed on time",
// on the item and in the unit's scorecard; one submitted on its deadline day is.
import { describe, expect, test } from '@jest/globals';
import { type TestContext } from '../../helpers/app.js';
import { freshSetupEachTest, type Setup } from '../supervision/fixtures.js';

let t: TestContext;
let s: Setup;
freshSetupEachTest((app, fixture) => {
  t = app;
  s = fixture;
});

const url = (id: string, tail = '') => `/v1/rectification-items/${id}${tail}`;

describe('completed on time (issue 22)', () => {
  test('an item submitted the day after its deadline and accepted is not completed on time, on the item and in the scorecard; one submitted on the deadline day is', async () => {
    const lead = t.client(t.key(['unit_editor'], s.nanning));
    const card = async () => (await s.admin.get(`/v1/units/${s.nanning}/scorecard?campaignId=${s.campaign.id}`)).json();
    const onDay = (await s.admin.post('/v1/rectification-items', { campaignId: s.campaign.id, title: '按期事项', leadUnitId: s.nanning, deadline: '2027-03-20' })).json().id;
    const late = s.item.id; // deadline 2027-03-20
    for (const id of [onDay, late]) {
      expect((await lead.post(url(id, ':start'))).statusCode).toBe(200);
      expect((await lead.post(url(id, '/progress'), { percent: 100, completedWork: '已全部完成' })).statusCode).toBe(201);
    }
    t.clock.set('2027-03-20T15:59:00Z'); // 23:59 of the deadline day in Shanghai
    expect((await lead.post(url(onDay, ':submit'), { actualResult: '已完成' })).json().status).toBe('pending_acceptance');
    t.clock.set('2027-03-20T16:00:00Z'); // the next day in Shanghai
    expect((await lead.post(url(late, ':submit'), { actualResult: '已完成' })).json().status).toBe('pending_acceptance');
    t.clock.set('2027-03-22T02:00:00Z');
    expect((await s.admin.post(url(late, ':accept'), {})).json()).toMatchObject({ status: 'completed', completedOnTime: false });
    expect(await card()).toMatchObject({ itemsCompletedOnTime: 0 });
    expect((await s.admin.post(url(onDay, ':accept'), {})).json()).toMatchObject({ status: 'completed', completedOnTime: true });
    expect(await card()).toMatchObject({ itemsCompletedOnTime: 1, itemsOverdue: 0 });
  });
});
