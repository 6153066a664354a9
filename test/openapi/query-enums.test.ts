// A query value outside its list is a 400 that names the accepted values (issue 21.5: an anyOf of constants answered
// "must be equal to constant"), for the lists the document states as { type: string, enum }.
import { makeApp, type TestContext } from '../helpers/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await makeApp();
});
afterAll(() => t.close());

test.each([
  ['/v1/rectification-items:export?format=pdf', '/format', ['xlsx', 'csv']],
  ['/v1/rectification-items/stats?groupBy=agency', '/groupBy', ['leadUnit', 'taskCode', 'status']],
  ['/v1/findings:export?format=pdf', '/format', ['xlsx', 'csv']],
  ['/v1/opinions:export?format=pdf', '/format', ['xlsx', 'csv']],
  ['/v1/approval-items:export?format=pdf', '/format', ['xlsx', 'csv']],
])('when %s, then 400 naming every accepted value', async (url, pointer, values) => {
  const res = await t.client(t.admin).get(url);
  expect(res.statusCode).toBe(400);
  const errors = res.json().errors as Array<{ in: string; pointer: string; detail: string }>;
  expect(errors).toEqual([{ in: 'query', pointer, detail: `must be one of: ${values.join(', ')}` }]);
});

test('when the ledger export is asked without format, then 200 with the stated default (xlsx)', async () => {
  const res = await t.client(t.admin).get('/v1/rectification-items:export');
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet/);
});
