// Seeds the region, the agencies the plan names and the 14 prefecture-level cities from src/seed/units.json.
import { readFileSync } from 'node:fs';
import type { SeedContext } from '../types.js';
import { newId } from '../../lib/ids.js';
import { units } from '../../db/schema/index.js';
import { projectPath } from '../../lib/paths.js';

interface SeedUnit {
  externalId: string;
  name: string;
  shortName?: string;
  kind: string;
  level: string;
  divisionCode: string;
  parent?: string;
}

export const UNITS_SEED_FILE = projectPath('src/seed/units.json');

export function loadSeedUnits(): SeedUnit[] {
  return (JSON.parse(readFileSync(UNITS_SEED_FILE, 'utf8')) as { units: SeedUnit[] }).units;
}

export function seedUnits({ deps, tx, actor }: SeedContext, only?: (u: SeedUnit) => boolean): void {
  const now = deps.clock.now().toISOString();
  const ids = new Map<string, string>();
  for (const u of loadSeedUnits().filter(only ?? (() => true))) {
    const row = {
      id: newId(),
      name: u.name,
      shortName: u.shortName ?? null,
      kind: u.kind,
      level: u.level,
      divisionCode: u.divisionCode,
      creditCode: null,
      parentId: u.parent ? (ids.get(u.parent) ?? null) : null,
      externalId: u.externalId,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    ids.set(u.externalId, row.id);
    tx.insert(units).values(row).run();
    deps.audit.record(actor, { entity: 'unit', entityId: row.id, action: 'create', after: row, unitId: row.id });
  }
}
