// The service's whole configuration: one TypeBox schema over the environment, checked once at boot.
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import ipaddr from 'ipaddr.js';

const Bool = (description: string, dflt: boolean) =>
  Type.Union([Type.Literal('true'), Type.Literal('false')], { description, default: String(dflt) });

export const ConfigSchema = Type.Object({
  HOST: Type.String({ default: '127.0.0.1', minLength: 1, description: 'an interface address to listen on, e.g. 127.0.0.1 or 0.0.0.0' }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535, description: 'a TCP port, 0 to 65535' }),
  DATABASE_PATH: Type.String({ default: './data/xiaoneng.db', minLength: 1, description: 'a file path for the SQLite database, or :memory:' }),
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)), {
    default: 'info',
    description: 'one of fatal, error, warn, info, debug, trace, silent',
  }),
  RATE_LIMIT_MAX: Type.Integer({ default: 1200, minimum: 1, maximum: 1_000_000, description: 'requests per window per API key (or client address), 1 to 1000000' }),
  RATE_LIMIT_PUBLIC_MAX: Type.Integer({ default: 300, minimum: 1, maximum: 1_000_000, description: 'requests per window per client address on /v1/public routes, 1 to 1000000' }),
  RATE_LIMIT_WINDOW_MS: Type.Integer({ default: 60_000, minimum: 1000, maximum: 86_400_000, description: 'the rate-limit window in milliseconds, 1000 to 86400000' }),
  BODY_LIMIT_BYTES: Type.Integer({ default: 1_048_576, minimum: 1024, maximum: 104_857_600, description: 'the largest request body in bytes, 1024 to 104857600' }),
  IMPORT_BODY_LIMIT_BYTES: Type.Integer({ default: 52_428_800, minimum: 1024, maximum: 1_073_741_824, description: 'the largest body of an :import request in bytes, 1024 to 1073741824' }),
  TRUST_PROXY: Type.Union([Type.Literal('true'), Type.Literal('false'), Type.String({ pattern: '^[0-9a-fA-F:.,/ ]+$' })], {
    default: 'false',
    description: 'true, false, or a comma-separated list of proxy addresses/CIDRs whose X-Forwarded-For is trusted',
  }),
  MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ default: 1000, minimum: 0, maximum: 60_000, description: 'event-loop delay in ms above which requests are shed with 503 (0 turns shedding off), 0 to 60000' }),
  SHUTDOWN_GRACE_MS: Type.Integer({ default: 10_000, minimum: 100, maximum: 600_000, description: 'how long in-flight requests may finish on SIGTERM, in ms, 100 to 600000' }),
  CORS_ORIGINS: Type.String({ default: '', maxLength: 4000, pattern: '^[A-Za-z0-9:/.,\\- ]*$', description: 'a comma-separated list of browser origins allowed to call authenticated routes, e.g. https://zwfw.gxzf.gov.cn (default none; /v1/public allows any origin)' }),
  SEED: Type.Union([Type.Literal('default'), Type.Literal('none')], { default: 'default', description: 'default (seed agencies and the campaign template on an empty database) or none' }),
  CAMPAIGN_YEAR: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'the year of the default campaign created on first start, 2000 to 2100 (default: the current year)' })),
  OPINION_DAYS_CONSULTATION: Type.Integer({ default: 3, minimum: 1, maximum: 120, description: 'working days to answer a consultation (咨询), 1 to 120' }),
  OPINION_DAYS_SUGGESTION: Type.Integer({ default: 13, minimum: 1, maximum: 120, description: 'working days to answer a suggestion (建议), 1 to 120' }),
  OPINION_DAYS_COMPLAINT: Type.Integer({ default: 13, minimum: 1, maximum: 120, description: 'working days to answer a complaint (投诉), 1 to 120' }),
  OPINION_DAYS_PRAISE: Type.Integer({ default: 3, minimum: 1, maximum: 120, description: 'working days to acknowledge a praise (表扬), 1 to 120' }),
  OPINION_CONTACT_RETENTION_DAYS: Type.Integer({ default: 180, minimum: 0, maximum: 3650, description: 'days after an opinion is closed (办结) before its contact details are erased, 0 to 3650' }),
  OPINION_SUBMIT_MAX: Type.Integer({ default: 10, minimum: 1, maximum: 100_000, description: 'public opinion submissions per window per client address, 1 to 100000' }),
  OPINION_POW_BITS: Type.Integer({ default: 0, minimum: 0, maximum: 24, description: 'leading zero bits the X-Proof-Of-Work header of a public submission must reach (0: the header is not required), 0 to 24' }),
  DOCS: Bool('true or false: serve the docs page at /docs (/openapi.json is always served)', true),
  WEBHOOK_ALLOWED_NETWORKS: Type.String({
    default: '',
    maxLength: 4000,
    pattern: '^[0-9a-fA-F:.,/ ]*$',
    description: 'a comma-separated list of CIDRs (or addresses) webhooks may be delivered to although loopback, link-local or private, e.g. 10.0.0.0/8,192.168.1.20; http:// targets must be in it (default none)',
  }),
  WEBHOOK_CONCURRENCY: Type.Integer({ default: 16, minimum: 1, maximum: 256, description: 'webhook deliveries in flight at once over all subscriptions (each subscription has one), 1 to 256' }),
  WEBHOOK_LEASE_MS: Type.Integer({ default: 30_000, minimum: 1000, maximum: 600_000, description: 'how long the delivery worker’s lease lasts unless renewed, in ms (after a crash another process takes over within it), 1000 to 600000' }),
  WEBHOOK_WORKER: Bool('true or false: run the webhook delivery worker in this process (one process holds its lease at a time)', true),
});

export type Config = Omit<Static<typeof ConfigSchema>, 'DOCS' | 'WEBHOOK_WORKER'> & { DOCS: boolean; WEBHOOK_WORKER: boolean };

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError whose message is one line naming the variable and what it accepts. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const value = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, raw)) as Record<string, unknown>;
  const first = [...Value.Errors(ConfigSchema, value)][0];
  if (first) {
    const name = first.instancePath.replace(/^\//, '').split('/')[0] || 'environment';
    const prop = (ConfigSchema.properties as Record<string, { description?: string }>)[name];
    throw new ConfigError(`Invalid configuration: ${name}=${JSON.stringify(env[name] ?? '')} is not accepted; expected ${prop?.description ?? first.message}`);
  }
  for (const cidr of String(value.WEBHOOK_ALLOWED_NETWORKS).split(',').map((s) => s.trim()).filter(Boolean)) {
    if (cidr.includes('/') ? !ipaddr.isValidCIDR(cidr) : !ipaddr.isValid(cidr)) {
      throw new ConfigError(`Invalid configuration: WEBHOOK_ALLOWED_NETWORKS has ${JSON.stringify(cidr)}, which is not a CIDR or an IP address; expected comma-separated CIDRs or addresses, e.g. 10.0.0.0/8,192.168.1.20`);
    }
  }
  return { ...(value as Static<typeof ConfigSchema>), DOCS: value.DOCS === 'true', WEBHOOK_WORKER: value.WEBHOOK_WORKER === 'true' };
}

/** Test and script defaults: in-memory database, no seeding, quiet logs. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', SEED: 'none', DOCS: 'false', MAX_EVENT_LOOP_DELAY_MS: '0' }), ...overrides };
}
