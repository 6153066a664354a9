// Who is acting: the system actor and the role checks every service call relies on.
import { hasRole, isAdmin, RoleEnum, seesAll, systemActor, type Actor, type Role } from '../../src/lib/actor.js';

const actor = (...roles: Role[]): Actor => ({ apiKeyId: 'k', unitId: 'u', roles: new Set(roles), requestId: 'r' });

describe('actor', () => {
  test('when the system acts, then it is an admin with no key, agency or request', () => {
    const a = systemActor();
    expect(a).toEqual({ apiKeyId: null, unitId: null, roles: new Set(['admin']), requestId: null });
    expect(isAdmin(a)).toBe(true);
  });

  test('when the roles are listed, then they are the eight of the plan', () => {
    expect(RoleEnum.values).toEqual(['admin', 'unit_editor', 'legal_reviewer', 'finance_reviewer', 'price_reviewer', 'executive_secretary', 'inspector', 'reader']);
  });

  test('when an actor holds one of the roles asked for, then hasRole is true; none of them, false', () => {
    expect(hasRole(actor('unit_editor', 'reader'), 'admin', 'reader')).toBe(true);
    expect(hasRole(actor('unit_editor'), 'admin', 'reader')).toBe(false);
    expect(hasRole(actor('unit_editor'))).toBe(false);
  });

  test('when the actor is not an admin, then isAdmin is false', () => {
    expect(isAdmin(actor('unit_editor', 'inspector'))).toBe(false);
  });

  test.each([
    ['admin', true],
    ['inspector', true],
    ['reader', true],
    ['unit_editor', false],
    ['legal_reviewer', false],
  ] as const)('when the actor is %s, then seesAll is %s', (role, expected) => {
    expect(seesAll(actor(role))).toBe(expected);
  });
});
