// Who is acting: the roles and the actor carried into every service call and audit event. Neutral ground for the
// HTTP layer (which builds the actor from a verified key) and the data layer (which records it).
import { defineEnum } from './enums.js';

// Stryker disable next-line StringLiteral: a static (module-level) mutant, which the jest runner under ESM never activates (the registry is built at import)
export const RoleEnum = defineEnum('role', 'A role granted to an API key.', {
  // Stryker disable StringLiteral: a static (module-level) mutant, which the jest runner under ESM never activates; the labels are data (GET /v1/meta/enums)
  admin: '管理员(效能办)',
  unit_editor: '单位填报员',
  legal_reviewer: '法制办审核员',
  finance_reviewer: '财政厅审核员',
  price_reviewer: '物价局审核员',
  executive_secretary: '常务会议秘书',
  inspector: '督查人员',
  reader: '只读',
  // Stryker restore StringLiteral
});
export type Role = (typeof RoleEnum.values)[number];

/** Who is acting: carried into every service call and every audit event. */
export interface Actor {
  apiKeyId: string | null;
  unitId: string | null;
  roles: ReadonlySet<Role>;
  requestId: string | null;
}

export const systemActor = (): Actor => ({ apiKeyId: null, unitId: null, roles: new Set<Role>(['admin']), requestId: null });

export const hasRole = (actor: Actor, ...roles: Role[]): boolean => roles.some((r) => actor.roles.has(r));
export const isAdmin = (actor: Actor): boolean => actor.roles.has('admin');
/** Roles that see every agency's records (API.md 20: everyone else sees their own agency's). */
export const seesAll = (actor: Actor): boolean => hasRole(actor, 'admin', 'inspector', 'reader');
