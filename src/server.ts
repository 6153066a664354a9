// Runs the service: config → database → buildApp → listen; graceful shutdown on SIGTERM/SIGINT.
import closeWithGrace from 'close-with-grace';
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildApp } from './app.js';
import { issueBootstrapKey, seedIfEmpty } from './seed.js';

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

const app = await buildApp({ config });
seedIfEmpty(app.deps);
const key = issueBootstrapKey(app.deps);

closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  await app.close();
});

const address = await app.listen({ host: config.HOST, port: config.PORT });
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
