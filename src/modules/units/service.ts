// Unit use cases: each write is one synchronous transaction with its audit event.
import { registryBinding } from '../../http/registry-filters.js';
import type { Deps } from '../../deps.js';
import { type Actor, requireRole } from '../../http/auth.js';
import { everyone, visibleRef } from '../../http/references.js';
import { AppError, fieldError, notFound } from '../../http/errors.js';
import { preconditionFailed } from '../../http/conditional.js';
import { parseOrderBy, pageSizeOf } from '../../http/pagination.js';
import { newId } from '../../lib/ids.js';
import { checkUscc } from '../../lib/uscc.js';
import { isDivisionCode } from '../../lib/division-codes.js';
import { createUnitRepository, type UnitRow } from './repository.js';
import { UNIT_ORDER_FIELDS, type CreateUnit, type Unit, type UnitQuery, type UpdateUnit } from './schemas.js';

export const toUnit = (r: UnitRow): Unit => ({
  id: r.id,
  name: r.name,
  shortName: r.shortName,
  kind: r.kind as Unit['kind'],
  level: r.level as Unit['level'],
  divisionCode: r.divisionCode,
  creditCode: r.creditCode,
  parentId: r.parentId,
  externalId: r.externalId,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export function createUnitService(deps: Deps) {
  const repo = createUnitRepository(deps.db);
  const { db, audit, clock, pageTokens } = deps;

  function checkFields(tx: Parameters<Parameters<typeof db.transaction>[0]>[0], input: UpdateUnit, selfId?: string) {
    if (input.divisionCode !== undefined && !isDivisionCode(input.divisionCode)) {
      throw fieldError('/divisionCode', `${input.divisionCode} is not a GB/T 2260 administrative division code`);
    }
    if (input.creditCode) {
      const c = checkUscc(input.creditCode);
      if (!c.ok && c.reason === 'check') {
        throw new AppError('VALIDATION_FAILED', `creditCode ${input.creditCode}: the check character should be ${c.expected}`, {
          errors: [{ in: 'body', pointer: '/creditCode', detail: `wrong check character: expected ${c.expected}, got ${input.creditCode[17]}` }],
          extra: { expected: c.expected },
        });
      }
      if (!c.ok) throw fieldError('/creditCode', 'is not a unified social credit code (18 characters of 0-9 A-H J-N P Q R T U W X Y)');
      const other = repo.findBy(tx, 'creditCode', input.creditCode);
      if (other && other.id !== selfId) throw new AppError('ALREADY_EXISTS', `Unit ${other.id} already has credit code ${input.creditCode}`, { extra: { resourceId: other.id } });
    }
    if (input.externalId) {
      const other = repo.findBy(tx, 'externalId', input.externalId);
      if (other && other.id !== selfId) throw new AppError('ALREADY_EXISTS', `Unit ${other.id} already has externalId ${input.externalId}`, { extra: { resourceId: other.id } });
    }
    if (input.parentId) {
      visibleRef(repo.get(input.parentId), everyone, '/parentId', 'unit', input.parentId);
      if (selfId && repo.ancestorsOf(tx, input.parentId).includes(selfId)) {
        throw fieldError('/parentId', 'would make the unit its own ancestor (units form a tree)');
      }
    }
  }

  return {
    repo,
    get(id: string): Unit {
      const row = repo.get(id);
      if (!row) throw notFound('Unit', id);
      return toUnit(row);
    },
    list(query: UnitQuery) {
      const order = parseOrderBy(query.orderBy, UNIT_ORDER_FIELDS, 'createdAt');
      const filters = { level: query.level, parentId: query.parentId, divisionCode: query.divisionCode, q: query.q, ...registryBinding(query), orderBy: order.text };
      const after = pageTokens.decode('units', filters, query.pageToken);
      const limit = pageSizeOf(query.pageSize);
      const rows = repo.list(query, order, after, limit);
      const page = pageTokens.page('units', filters, rows, limit, (r) => (order.field === 'name' ? [r.name, r.id] : [r.id]));
      return { items: page.items.map(toUnit), nextPageToken: page.nextPageToken };
    },
    create(actor: Actor, input: CreateUnit): Unit {
      requireRole(actor);
      return db.transaction((tx) => {
        checkFields(tx, input);
        const now = clock.now().toISOString();
        const row: UnitRow = {
          id: newId(),
          name: input.name,
          shortName: input.shortName ?? null,
          kind: input.kind,
          level: input.level,
          divisionCode: input.divisionCode,
          creditCode: input.creditCode ?? null,
          parentId: input.parentId ?? null,
          externalId: input.externalId ?? null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        };
        repo.insert(tx, row);
        const unit = toUnit(row);
        audit.record(actor, { entity: 'unit', entityId: row.id, action: 'create', after: unit, unitId: row.id });
        return unit;
      });
    },
    update(actor: Actor, id: string, version: number | undefined, input: UpdateUnit): Unit {
      requireRole(actor);
      return db.transaction((tx) => {
        const before = repo.get(id);
        if (!before) throw notFound('Unit', id);
        checkFields(tx, input, id);
        const row = repo.update(tx, id, version, input as Partial<UnitRow>, clock.now().toISOString());
        if (!row) throw preconditionFailed(before.version);
        const unit = toUnit(row);
        audit.record(actor, { entity: 'unit', entityId: id, action: 'update', before: toUnit(before), after: unit, unitId: id });
        return unit;
      });
    },
  };
}
export type UnitService = ReturnType<typeof createUnitService>;
