// API-key use cases: admin creates (the secret is returned once), lists and revokes keys.
import type { Deps } from '../../deps.js';
import { type Actor, type Role, generateKeySecret, requireRole } from '../../http/auth.js';
import { everyone, visibleRef } from '../../http/references.js';
import { invalidTransition, notFound } from '../../http/errors.js';
import { pageSizeOf } from '../../http/pagination.js';
import { newId } from '../../lib/ids.js';
import { units } from '../../db/schema/index.js';
import { eq } from 'drizzle-orm';
import { createApiKeyRepository, type ApiKeyRow } from './repository.js';
import type { ApiKey, ApiKeyQuery, CreateApiKey } from './schemas.js';

export const toApiKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  unitId: r.unitId,
  roles: r.roles as Role[],
  createdAt: r.createdAt,
  revokedAt: r.revokedAt,
  lastUsedAt: r.lastUsedAt,
});

export function createApiKeyService(deps: Deps) {
  const repo = createApiKeyRepository(deps.db, deps.sqlite);
  const { db, audit, clock, pageTokens, verifiedKeys } = deps;
  return {
    repo,
    /** Also used by the operator CLI and the first-start bootstrap (with the system actor). */
    create(actor: Actor, input: CreateApiKey): { key: ApiKey; secret: string } {
      requireRole(actor);
      return db.transaction((tx) => {
        visibleRef(tx.select({ id: units.id }).from(units).where(eq(units.id, input.unitId)).get(), everyone, '/unitId', 'unit', input.unitId);
        const { prefix, token, hash } = generateKeySecret();
        const row: ApiKeyRow = {
          id: newId(),
          prefix,
          secretHash: hash,
          name: input.name,
          unitId: input.unitId,
          roles: [...new Set(input.roles)],
          createdAt: clock.now().toISOString(),
          revokedAt: null,
          lastUsedAt: null,
        };
        repo.insert(tx, row);
        const key = toApiKey(row);
        audit.record(actor, { entity: 'api_key', entityId: row.id, action: 'create', after: key, unitId: row.unitId });
        return { key, secret: token };
      });
    },
    get(actor: Actor, id: string): ApiKey {
      requireRole(actor);
      const row = repo.get(id);
      if (!row) throw notFound('API key', id);
      return toApiKey(row);
    },
    list(actor: Actor, query: ApiKeyQuery) {
      requireRole(actor);
      const filters = { unitId: query.unitId, includeRevoked: query.includeRevoked };
      const after = pageTokens.decode('api-keys', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const page = pageTokens.page('api-keys', filters, repo.list(query, after?.[0] as string | undefined, limit), limit, (r) => [r.id]);
      return { items: page.items.map(toApiKey), nextPageToken: page.nextPageToken };
    },
    revoke(actor: Actor, id: string): ApiKey {
      requireRole(actor);
      const revoked = db.transaction((tx) => {
        const before = repo.get(id);
        if (!before) throw notFound('API key', id);
        if (before.revokedAt) throw invalidTransition(`API key ${id} was already revoked at ${before.revokedAt}`);
        const row = repo.revoke(tx, id, clock.now().toISOString())!;
        const key = toApiKey(row);
        audit.record(actor, { entity: 'api_key', entityId: id, action: 'revoke', before: toApiKey(before), after: key, unitId: row.unitId });
        return key;
      });
      // This process refuses the key from the next request on; others within a second (the change feed moved).
      verifiedKeys.invalidate();
      return revoked;
    },
  };
}
