// For test files whose tests each start their own app (different config): every app started through `start` is
// closed after its test, pass or fail (issue 17: no test leaves an app open when an assertion throws).
import { makeApp, type TestContext } from './app.js';

export function appsClosedAfterEach(): (options?: Parameters<typeof makeApp>[0]) => Promise<TestContext> {
  const open: TestContext[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((t) => t.close()));
  });
  return async (options) => {
    const t = await makeApp(options);
    open.push(t);
    return t;
  };
}
