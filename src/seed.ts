// First start of an empty database: seed the modules' data (agencies, the campaign template) and print a bootstrap
// admin key exactly once (a settings flag remembers it was printed).
import type { Deps } from './deps.js';
import { getSetting } from './db/audit.js';
import { settings, units } from './db/schema/index.js';
import { generateKeySecret, systemActor } from './http/auth.js';
import { newId } from './lib/ids.js';
import { todayInShanghai } from './lib/dates.js';
import { modules } from './modules/index.js';
import { seedUnits } from './modules/units/seed.js';
import { apiKeys } from './db/schema/index.js';
import { asc, isNull, sql } from 'drizzle-orm';

export function seedIfEmpty(deps: Deps): boolean {
  if (getSetting(deps.db, 'seeded_at')) return false;
  const actor = systemActor();
  const campaignYear = deps.config.CAMPAIGN_YEAR ?? Number(todayInShanghai(deps.clock.now()).slice(0, 4));
  deps.db.transaction((tx) => {
    const n = tx.select({ n: sql<number>`count(*)` }).from(units).get()!.n;
    if (n === 0) {
      if (deps.config.SEED === 'default') {
        for (const m of modules) m.seed?.({ deps, tx, actor, campaignYear });
      } else {
        // SEED=none: only the region itself, so the bootstrap key has a unit to act for.
        seedUnits({ deps, tx, actor, campaignYear }, (u) => !u.parent);
      }
    }
    tx.insert(settings).values({ key: 'seeded_at', value: deps.clock.now().toISOString() }).run();
  });
  return true;
}

/** Creates the bootstrap admin key once per database; returns its secret, or null when it was issued before. */
export function issueBootstrapKey(deps: Deps): string | null {
  return deps.db.transaction((tx) => {
    if (tx.select().from(settings).where(sql`${settings.key} = 'bootstrap_key_issued_at'`).get()) return null;
    const root = tx.select().from(units).where(isNull(units.parentId)).orderBy(asc(units.createdAt)).limit(1).get();
    if (!root) return null;
    const { prefix, token, hash } = generateKeySecret();
    const now = deps.clock.now().toISOString();
    const id = newId();
    tx.insert(apiKeys).values({ id, prefix, secretHash: hash, name: 'bootstrap admin', unitId: root.id, roles: ['admin'], createdAt: now, revokedAt: null, lastUsedAt: null }).run();
    deps.audit.record(systemActor(), { entity: 'api_key', entityId: id, action: 'create', after: { id, name: 'bootstrap admin', prefix, unitId: root.id, roles: ['admin'], createdAt: now, revokedAt: null, lastUsedAt: null }, unitId: root.id });
    tx.insert(settings).values({ key: 'bootstrap_key_issued_at', value: now }).run();
    return token;
  });
}
