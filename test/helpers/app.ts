// Builds the real app on a fresh in-memory database migrated by the real migrations, with seeded agencies and keys.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import { testConfig, type Config } from '../../src/config.js';
import { fixedClock, type Clock } from '../../src/lib/clock.js';
import { systemActor, type Role } from '../../src/http/auth.js';
import { createApiKeyService } from '../../src/modules/api-keys/service.js';
import { seedUnits } from '../../src/modules/units/seed.js';
import type { EventLoopDelaySource } from '../../src/http/load-shedding.js';
import { campaigns, units } from '../../src/db/schema/index.js';
import { openDatabase } from '../../src/db/client.js';

// One migrated empty database per worker process, serialized; every app opens its own copy of it (issue 22: migrating
// cost each test app; the copy is the same schema the migrations make, and buildApp still generates its own keys).
let template: Buffer | undefined;
function migratedImage(): Buffer {
  if (!template) {
    const d = openDatabase(':memory:');
    try {
      template = d.sqlite.serialize();
    } finally {
      d.sqlite.close();
    }
  }
  return template;
}

export interface TestContext {
  app: FastifyInstance;
  clock: ReturnType<typeof fixedClock>;
  /** Seeded unit ids by externalId: gx (region), gx-fzb (法制办), gx-czt (财政厅), gx-450100 (南宁市)... */
  unit: Record<string, string>;
  /** An admin key bound to the region. */
  admin: string;
  /** Creates a key with these roles for a unit (by id). */
  key(roles: Role[], unitId: string): string;
  client(token?: string): Client;
  close(): Promise<void>;
}

export type Response = LightMyRequestResponse & { body: string };

export interface Client {
  get(url: string, headers?: Record<string, string>): Promise<Response>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  put(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  delete(url: string, headers?: Record<string, string>): Promise<Response>;
}

export async function makeApp(
  options: { seedUnits?: boolean; now?: string; config?: Partial<Config>; clock?: Clock; eventLoopDelay?: EventLoopDelaySource; /** pino options (e.g. a capturing stream); default no logs */ logger?: object; importMemory?: { collect?: () => void; everyRows?: number } } = {},
): Promise<TestContext> {
  const clock = fixedClock(options.now ?? '2027-03-01T02:00:00Z');
  const config = testConfig(options.config);
  // A test that names another database (a file) gets it opened as the service would; otherwise a copy of the template,
  // which the app owns and closes like one it opened itself.
  const database = config.DATABASE_PATH === ':memory:' ? openDatabase(':memory:', { image: migratedImage() }) : undefined;
  const app = await buildApp({ config, database, ownsDatabase: database !== undefined, clock: options.clock ?? clock, logger: options.logger ?? false, eventLoopDelay: options.eventLoopDelay, importMemory: options.importMemory });
  await app.ready();
  const deps = app.deps;
  if (options.seedUnits !== false) {
    deps.db.transaction((tx) => seedUnits({ deps, tx, actor: systemActor(), campaignYear: 2027 }));
  }
  const unit: Record<string, string> = {};
  for (const u of deps.db.select().from(units).all()) if (u.externalId) unit[u.externalId] = u.id;
  const keys = createApiKeyService(deps);
  const key = (roles: Role[], unitId: string) => keys.create(systemActor(), { name: `test ${roles.join('+')}`, unitId, roles }).secret;
  const admin = unit.gx ? key(['admin'], unit.gx) : '';

  const client = (token?: string): Client => {
    const send = (method: InjectOptions['method'], url: string, body?: unknown, headers: Record<string, string> = {}) => {
      const h: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers };
      const opts: InjectOptions = { method, url, headers: h };
      if (body !== undefined) {
        if (typeof body === 'string') {
          opts.payload = body;
          h['content-type'] ??= 'text/csv';
        } else opts.payload = body as InjectOptions['payload'];
      }
      return app.inject(opts) as Promise<Response>;
    };
    return {
      get: (url, headers) => send('GET', url, undefined, headers),
      post: (url, body, headers) => send('POST', url, body ?? {}, headers),
      put: (url, body, headers) => send('PUT', url, body ?? {}, headers),
      patch: (url, body, headers) => send('PATCH', url, body ?? {}, headers),
      delete: (url, headers) => send('DELETE', url, undefined, headers),
    };
  };
  let closing: Promise<void> | undefined;
  // Idempotent: a test may close in finally and a shared helper after it.
  return { app, clock, unit, admin, key, client, close: () => (closing ??= app.close()) };
}

/** The audit events of an entity, oldest first (for side-effect assertions). */
export function eventsOf(app: FastifyInstance, entityId: string) {
  return app.deps.sqlite
    .prepare('SELECT sequence, entity, entity_id AS entityId, action, api_key_id AS apiKeyId, unit_id AS unitId, request_id AS requestId, reason FROM events WHERE entity_id = ? ORDER BY sequence')
    .all(entityId) as Array<{ sequence: number; entity: string; entityId: string; action: string; apiKeyId: string | null; unitId: string | null; requestId: string | null; reason: string | null }>;
}

/** Inserts a campaign row directly (modules other than campaigns use it to get a campaignId in tests). */
export function createCampaignRow(t: TestContext, year = 2027, status = 'running'): string {
  const id = `0190${String(year).padStart(4, '0')}-0000-7000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
  const now = t.clock.now().toISOString();
  t.app.deps.db
    .insert(campaigns)
    .values({ id, title: `${year}年转变干部作风加强机关行政效能建设活动`, year, template: 'work-style-efficiency', regionUnitId: t.unit.gx, startsOn: `${year}-02-21`, endsOn: `${year + 1}-02-28`, status, createdAt: now, updatedAt: now })
    .run();
  return id;
}

/**
 * A fresh app with a running 2027 campaign for every test of the file (the ledger's test files share this set-up):
 * `assign` receives both before each test; the app is closed after it.
 */
export function appWithCampaignEachTest(assign: (t: TestContext, campaignId: string) => void): void {
  let current: TestContext | undefined;
  beforeEach(async () => {
    current = await makeApp();
    assign(current, createCampaignRow(current));
  });
  afterEach(async () => current?.close());
}
