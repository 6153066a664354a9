// The limit (issue 13): a separate, bare process — Fastify and better-sqlite3 from the project's own dependencies, no
// plugins, no auth, no hooks — serving the raw routes of bench/raw.ts on the same data file, with the same prepared
// statements and response schemas as the raw routes the bench server (bench/server.ts) registers in the service's
// process. bench/run.ts starts it next to the service and measures every scenario against it in the same run.
//   DATABASE_PATH=bench/data/bench.db PORT=0 tsx bench/limit-server.ts   → prints "listening <url>"
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { registerRawRoutes } from './raw.js';
import { benchClock } from './lib.js';

const path = process.env.DATABASE_PATH;
if (!path) throw new Error('DATABASE_PATH is required');
const sqlite = new Database(path, { fileMustExist: true });
// The connection settings of the service's openDatabase (src/db/client.ts), without its migrations.
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = NORMAL');
sqlite.pragma('foreign_keys = ON');
sqlite.pragma('busy_timeout = 5000');
sqlite.pragma('cache_size = -16384');

const importBodyLimit = Number(process.env.IMPORT_BODY_LIMIT_BYTES ?? 52_428_800);
const app = Fastify({ logger: false });
await registerRawRoutes(app, sqlite, { importBodyLimit, now: benchClock().now });
const address = await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 0) });
process.stdout.write(`listening ${address}\n`);
const stop = async () => {
  await app.close();
  sqlite.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
