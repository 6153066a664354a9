// For test files whose tests each start their own app (different config): every app started through `start` is
// closed after its test, pass or fail (issue 17: no test leaves an app open when an assertion throws).
import type { FastifyInstance } from 'fastify';
import { makeApp, type TestContext } from './app.js';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { fixedClock } from '../../src/lib/clock.js';

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

/**
 * A second app instance on the database of `t` (as a second process on the same file would be), with a clock of its
 * own starting where t's stands. Closing it leaves the database open (t owns it).
 */
export async function secondAppOn(t: TestContext): Promise<{ app: FastifyInstance; clock: ReturnType<typeof fixedClock>; close(): Promise<void> }> {
  const clock = fixedClock(t.clock.now());
  const { db, sqlite } = t.app.deps;
  const app = await buildApp({ config: testConfig(), clock, logger: false, database: { db, sqlite, close: () => undefined } });
  await app.ready();
  return { app, clock, close: () => app.close() };
}
