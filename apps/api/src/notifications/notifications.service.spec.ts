import { DomainError } from '@luoshi/domain/errors';
import type { AuthUser } from '../auth/auth.decorators';
import { inboxScope } from './notifications.service';

const user = (role: string, unitId: string | null = null) => ({ id: 'u-1', role: role as AuthUser['role'], unitId });

describe('inboxScope', () => {
  it('a bureau user reads their own rows and their unit’s, parameters bound by the template', () => {
    const scope = inboxScope(user('bureau', 'unit-a'));
    expect({ text: scope.text, values: scope.values }).toEqual({
      text: '(n.recipient_user_id = $1 OR n.recipient_unit_id = $2)',
      values: ['u-1', 'unit-a'],
    });
  });

  it.each(['office', 'leader'])('%s reads only rows addressed to them personally, even with a unit set', (role) => {
    const scope = inboxScope(user(role, 'unit-a'));
    expect({ text: scope.text, values: scope.values }).toEqual({ text: 'n.recipient_user_id = $1', values: ['u-1'] });
  });

  it('fails closed: a bureau user without a unit and an unknown role are refused', () => {
    const refusal = (u: ReturnType<typeof user>) => {
      try {
        inboxScope(u);
      } catch (error) {
        return error instanceof DomainError ? { kind: error.kind, code: error.code } : error;
      }
      return 'not refused';
    };
    expect(refusal(user('bureau', null))).toEqual({ kind: 'forbidden', code: 'NO_UNIT' });
    expect(refusal(user('admin', 'unit-a'))).toEqual({ kind: 'forbidden', code: 'ROLE_NOT_ALLOWED' });
  });
});
