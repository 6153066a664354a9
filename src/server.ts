// Runs the service: config → database → buildApp → listen; graceful shutdown on SIGTERM/SIGINT.
import closeWithGrace from 'close-with-grace';
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildApp, loggerOptions } from './app.js';
import { createLogDestination } from './http/logging.js';
import { issueBootstrapKey, seedIfEmpty } from './seed.js';
import { systemActor } from './http/auth.js';
import { createSupervisionService } from './modules/supervision/index.js';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

// Logs go to stdout through a bounded asynchronous buffer: a stalled log collector drops (and counts) lines instead of
// freezing requests and shutdown. On a terminal, pino-pretty.
const logDestination = process.stdout.isTTY ? undefined : createLogDestination();
const app = await buildApp({ config, logger: loggerOptions(config, logDestination) });
seedIfEmpty(app.deps);
const key = issueBootstrapKey(app.deps);

// 催办: the reminder run is deterministic against the clock (tests call it directly); here it runs every hour.
const supervision = createSupervisionService(app.deps);
const REMINDER_SWEEP_MS = 60 * 60 * 1000;
const sweep = () => {
  try {
    const out = supervision.sweepReminders(systemActor());
    if (out.reminded) app.log.info({ reminded: out.reminded, escalated: out.escalated }, 'supervision reminders recorded');
  } catch (err) {
    app.log.error({ err }, 'supervision reminder run failed');
  }
};
let sweepTimer: NodeJS.Timeout | undefined;

// SHUTDOWN_GRACE_MS is a hard limit: close-with-grace exits (code 1) when it has passed, even if a request or the log
// pipe still hangs. Within it: stop accepting, finish in-flight requests, close the database, then flush the logs.
// An uncaught exception or unhandled rejection (a bug outside any request's error path: request errors, streamed
// responses included, end that response only) takes the same path with exit code 1, as the process state is unknown.
closeWithGrace(
  { delay: config.SHUTDOWN_GRACE_MS, logger: { error: (msg: unknown) => app.log.error(String(msg)) } },
  async ({ signal, err }) => {
    const deadline = Date.now() + config.SHUTDOWN_GRACE_MS;
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    clearInterval(sweepTimer);
    await app.close();
    if (logDestination) {
      app.log.info({ droppedLogLines: logDestination.droppedTotal() }, 'shut down');
      await logDestination.flush(Math.max(0, deadline - Date.now() - 100));
    }
  },
);

const address = await app.listen({ host: config.HOST, port: config.PORT });
sweep();
sweepTimer = setInterval(sweep, REMINDER_SWEEP_MS);
sweepTimer.unref();
if (config.WEBHOOK_WORKER) app.webhooks.start();
const base = address.replace('[::1]', 'localhost');
process.stdout.write(`xiaoneng listening on ${base} (database ${config.DATABASE_PATH})\n`);
if (config.DOCS) process.stdout.write(`API docs: ${base}/docs   OpenAPI: ${base}/openapi.json\n`);
if (key) {
  process.stdout.write(
    `\nBootstrap admin API key (shown once, never again; store it now):\n\n  ${key}\n\n` +
      `Use it as: curl -H 'Authorization: Bearer ${key}' ${base}/v1/units\n\n`,
  );
}
