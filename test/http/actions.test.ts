// Issue 12.10: every action whose input is all optional accepts no body, `{}`, and an empty JSON body alike (one
// mechanism in route-conventions.ts), and still refuses unknown fields. Checked over every action in the contract.
import { makeApp, type TestContext } from '../helpers/app.js';

type Json = Record<string, any>;
let t: TestContext;
beforeAll(async () => {
  t = await makeApp();
});
afterAll(() => t.close());

const MISSING = '01900000-0000-7000-8000-00000000abcd';

function optionalBodyActions(): string[] {
  const doc = t.app.swagger() as Json;
  return Object.entries(doc.paths as Json)
    .filter(([path, item]) => /\}:[a-zA-Z]+$/.test(path) && item.post?.requestBody?.required === false)
    .map(([path]) => path.replace(/\{[^}]+\}/g, MISSING));
}

test('the contract has actions with an optional body in every module that has actions', () => {
  const urls = optionalBodyActions();
  for (const prefix of ['/v1/campaigns/', '/v1/phases/', '/v1/problems/', '/v1/rectification-items/', '/v1/approval-reviews/', '/v1/api-keys/']) {
    expect([prefix, urls.some((u) => u.startsWith(prefix))]).toEqual([prefix, true]);
  }
});

test('when an optional-body action gets no body, {} or an empty JSON body, then the body is accepted (the missing resource is the answer)', async () => {
  const auth = { authorization: `Bearer ${t.admin}` };
  const bad: string[] = [];
  for (const url of optionalBodyActions()) {
    const variants: Array<[string, Json]> = [
      ['no body', { headers: auth }],
      ['{}', { headers: { ...auth, 'content-type': 'application/json' }, payload: '{}' }],
      ['empty JSON', { headers: { ...auth, 'content-type': 'application/json' }, payload: '' }],
    ];
    for (const [name, opts] of variants) {
      const res = await t.app.inject({ method: 'POST', url, ...opts });
      if (res.statusCode !== 404) bad.push(`${url} ${name}: ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    const unknown = await t.app.inject({ method: 'POST', url, headers: auth, payload: { bogus: 1 } });
    if (unknown.statusCode !== 400 || unknown.json().errors?.[0]?.pointer !== '/bogus') bad.push(`${url} {bogus}: ${unknown.statusCode}`);
  }
  expect(bad).toEqual([]);
});

test('when an action needs input (a reason), then no body is a 400 naming the field', async () => {
  const res = await t.app.inject({ method: 'POST', url: `/v1/rectification-items/${MISSING}:reject`, headers: { authorization: `Bearer ${t.admin}` } });
  expect(res.statusCode).toBe(400);
  expect(res.json().code).toBe('VALIDATION_FAILED');
});
