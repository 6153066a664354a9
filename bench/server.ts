// The bench server: the real app (buildApp, configured from the environment like src/server.ts) plus, in the same
// process, the raw routes of bench/raw.ts — the same statements and schemas the separate limit process
// (bench/limit-server.ts) serves — as "the app's floor" (issue 13), and one authenticated route without the database.
// Production code is untouched: these routes exist only here. The clock starts at BENCH_NOW so "overdue" means the
// same on every run.
//   DATABASE_PATH=bench/data/bench.db PORT=0 tsx bench/server.ts   → prints "listening <url>"
import { loadConfig } from '../src/config.js';
import { buildApp } from '../src/app.js';
import { benchClock } from './lib.js';
import { registerRawRoutes } from './raw.js';

const clock = benchClock();
const config = loadConfig();
const app = await buildApp({ config, clock, logger: false });

if (process.env.BENCH_BASELINES !== '0') {
  // The floor: the raw routes inside the service's process and plugin stack (public, so no key is asked).
  await app.register(async (scope) => registerRawRoutes(scope, app.deps.sqlite, { routeConfig: { public: true }, importBodyLimit: config.IMPORT_BODY_LIMIT_BYTES, now: clock.now }));
}

const address = await app.listen({ host: config.HOST, port: config.PORT });
process.stdout.write(`listening ${address}\n`);
const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
