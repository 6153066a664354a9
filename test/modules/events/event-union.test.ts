// Issue 21.5: the Event union types before/after of rectification_item, inspection, opinion and api_key too, per
// action where the shape differs. Real events, read from GET /v1/events, validate against the generated contract with
// Ajv (JSON Schema 2020-12, as OpenAPI 3.1 reads it); a wrong shape does not; api_key events carry the key as the API
// shows it, never its hash or secret.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { makeApp, type TestContext } from '../../helpers/app.js';
import { setup } from '../supervision/fixtures.js';
import { issueBootstrapKey } from '../../../src/seed.js';
import { systemActor } from '../../../src/lib/actor.js';
import { createApiKeyService } from '../../../src/modules/api-keys/service.js';

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

type Json = Record<string, any>;
let t: TestContext;
let validate: ValidateFunction;
let feed: Json[];
let apiKeyId: string;

beforeAll(async () => {
  t = await makeApp();
  const s = await setup(t);
  const lead = t.client(t.key(['unit_editor'], s.nanning));
  // 整改事项: create (setup), start, a progress report of the lead (report_progress, then the roll-up: progress), update, submit.
  const item = `/v1/rectification-items/${s.item.id}`;
  const steps = [
    await lead.post(`${item}:start`),
    await lead.post(`${item}/progress`, { percent: 100, completedWork: '已压缩至5个工作日' }),
    await lead.patch(item, { responsibleLeader: '张三' }, { 'if-match': (await lead.get(item)).headers.etag as string }),
    await lead.post(`${item}:submit`, { actualResult: '审批时限压缩一半' }),
    // 督促检查: create and start (setup), conclude, which delivers the conclusion to the unit (deliver_conclusion).
    await s.inspector.post(`/v1/inspections/${(await s.inspection('organised')).id}:conclude`, { conclusion: '整改到位。' }),
  ];
  // 意见建议: a public submission with contact details, routed, its contact read (read_contact).
  const submitted = await t.client().post('/v1/public/opinions', { kind: 'complaint', text: '窗口办事排队时间长', submitterKind: 'public', anonymous: false, contact: { name: '李四', phone: '13900139000' } });
  const opinionId = (await s.admin.get(`/v1/opinions?number=${submitted.json().number}`)).json().items[0].id;
  steps.push(await s.admin.post(`/v1/opinions/${opinionId}:route`, { leadUnitId: s.nanning }));
  steps.push(await s.admin.get(`/v1/opinions/${opinionId}/contact?reason=${encodeURIComponent('电话回访')}`));
  // API keys: the bootstrap key of a first start, a key created and revoked.
  issueBootstrapKey(t.app.deps);
  apiKeyId = createApiKeyService(t.app.deps).create(systemActor(), { name: '南宁市政务平台同步', unitId: s.nanning, roles: ['reader'] }).key.id;
  steps.push(await s.admin.post(`/v1/api-keys/${apiKeyId}:revoke`));
  expect(steps.filter((r) => r.statusCode >= 300).map((r) => r.body)).toEqual([]);

  feed = [];
  for (let after = 0; ; ) {
    const page = (await s.admin.get(`/v1/events?after=${after}&pageSize=500`)).json();
    feed.push(...page.items);
    if (page.lastSequence === after) break;
    after = page.lastSequence;
  }
  const doc = t.app.swagger() as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema({ $id: 'contract', components: doc.components }, 'contract');
  validate = ajv.compile({ $ref: 'contract#/components/schemas/Event' });
});
afterAll(() => t.close());

const of = (entity: string, action: string) => feed.find((e) => e.entity === entity && e.action === action);
const errorsOf = (event: unknown) => (validate(event) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

test.each([
  ['rectification_item', ['create', 'start', 'report_progress', 'progress', 'update', 'submit']],
  ['inspection', ['create', 'start', 'conclude', 'deliver_conclusion']],
  ['opinion', ['submit', 'route', 'read_contact']],
  ['api_key', ['create', 'revoke']],
])('when real %s events are read from the feed, then each validates against the typed Event union', (entity, actions) => {
  for (const action of actions) {
    const events = feed.filter((e) => e.entity === entity && e.action === action);
    expect([action, events.length > 0]).toEqual([action, true]);
    for (const e of events) expect([action, errorsOf(e)]).toEqual([action, []]);
  }
});

test('when every event of the feed is checked, then all validate (every entity is typed)', () => {
  const bad = feed.map((e) => [`${e.entity}.${e.action}`, errorsOf(e)] as const).filter(([, errors]) => errors.length);
  expect(bad).toEqual([]);
});

test.each([
  ['a ledger item whose title is a number', 'rectification_item', 'create', (e: Json) => (e.after.title = 42)],
  ['a roll-up carrying the whole item', 'rectification_item', 'progress', (e: Json) => (e.after = of('rectification_item', 'start')!.after)],
  ['a progress report without its percent', 'rectification_item', 'report_progress', (e: Json) => delete e.after.percent],
  ['an inspection of an unknown kind', 'inspection', 'create', (e: Json) => (e.after.kind = 'surprise')],
  ['a conclusion delivery without the conclusion', 'inspection', 'deliver_conclusion', (e: Json) => delete e.after.conclusion],
  ['an opinion in an unknown state', 'opinion', 'route', (e: Json) => (e.after.status = 'lost')],
  ['a contact read with a payload', 'opinion', 'read_contact', (e: Json) => (e.after = { name: '李四' })],
  ['an API key whose roles are one string', 'api_key', 'create', (e: Json) => (e.after.roles = 'admin')],
])('when an event carries %s, then it fails the union', (_name, entity, action, spoil) => {
  const event = structuredClone(of(entity, action)!);
  expect(errorsOf(event)).toEqual([]);
  spoil(event);
  expect(errorsOf(event)).not.toEqual([]);
});

test('when api_key events are read, then before/after hold exactly the fields GET /v1/api-keys/{keyId} shows: no hash, no secret', async () => {
  const shown = (await t.client(t.admin).get(`/v1/api-keys/${apiKeyId}`)).json();
  const events = feed.filter((e) => e.entity === 'api_key');
  expect(events.length).toBeGreaterThanOrEqual(3);
  for (const e of events) for (const side of [e.before, e.after].filter(Boolean)) expect(Object.keys(side).sort()).toEqual(Object.keys(shown).sort());
  const text = JSON.stringify(events);
  expect(text).not.toMatch(/secret|hash|xn_[0-9a-f]{16}_/i);
  expect(of('api_key', 'revoke')).toMatchObject({ entityId: apiKeyId, before: { revokedAt: null }, after: { id: apiKeyId, revokedAt: expect.any(String) } });
});
