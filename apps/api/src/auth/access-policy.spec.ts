import type { Role } from './auth.decorators';
import { checkRouteAccess } from './access-policy';

const office = { role: 'office' as Role, unitId: null };
const bureau = { role: 'bureau' as Role, unitId: '00000000-0000-4000-8000-000000000001' };
const bureauWithoutUnit = { role: 'bureau' as Role, unitId: null };
const leader = { role: 'leader' as Role, unitId: null };

const code = (user: { role: Role; unitId: string | null }, method: string, rule = {}) => checkRouteAccess(user, method, rule)?.code ?? null;

describe('checkRouteAccess', () => {
  it('admits every role to unrestricted safe routes', () => {
    for (const user of [office, bureau, leader]) {
      expect(code(user, 'GET')).toBeNull();
      expect(code(user, 'HEAD')).toBeNull();
    }
  });

  it('refuses a bureau user without a unit on every route, whatever the roles allow', () => {
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
      expect(code(bureauWithoutUnit, method)).toBe('NO_UNIT');
      expect(code(bureauWithoutUnit, method, { roles: ['bureau'] })).toBe('NO_UNIT');
      expect(code(bureauWithoutUnit, method, { allowReadOnlyRoles: true })).toBe('NO_UNIT');
    }
  });

  it('enforces @Roles', () => {
    expect(code(office, 'POST', { roles: ['office'] })).toBeNull();
    expect(code(bureau, 'GET', { roles: ['office'] })).toBe('ROLE_NOT_ALLOWED');
    expect(code(leader, 'GET', { roles: ['office'] })).toBe('ROLE_NOT_ALLOWED');
    expect(code(leader, 'GET', { roles: ['office', 'leader'] })).toBeNull();
  });

  it('keeps leaders read-only even where @Roles names them', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(code(leader, method)).toBe('READ_ONLY_ROLE');
      expect(code(leader, method, { roles: ['office', 'leader'] })).toBe('READ_ONLY_ROLE');
    }
    expect(code(leader, 'PATCH', { roles: ['office'] })).toBe('READ_ONLY_ROLE');
    expect(code(leader, 'POST', { allowReadOnlyRoles: true })).toBeNull();
  });

  it('lets bureau and office users write where no @Roles restricts', () => {
    expect(code(bureau, 'POST')).toBeNull();
    expect(code(office, 'PATCH')).toBeNull();
  });

  it('fails closed on a role it does not know', () => {
    expect(code({ role: 'admin' as Role, unitId: null }, 'GET')).toBe('ROLE_NOT_ALLOWED');
  });
});
