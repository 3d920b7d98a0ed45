import { DomainError } from '../errors/domain-error';
import { assertExtensionAllowed, assertExtensionStillApplies, type ExtensionRequest } from './extension';

const timely: ExtensionRequest = {
  dueDate: '2022-06-30',
  ongoing: false,
  state: 'in_progress',
  proposedDate: '2022-09-30',
  todayIso: '2022-06-10',
};

function refusalOf(changes: Partial<ExtensionRequest>): DomainError {
  try {
    assertExtensionAllowed({ ...timely, ...changes });
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the extension to be refused');
}

describe('assertExtensionAllowed', () => {
  it.each([
    ['an in-progress task, asked in time', {}],
    ['a task not started yet', { state: 'not_started' }],
    ['a request on the due date itself', { todayIso: '2022-06-30' }],
    ['a new date one day later', { proposedDate: '2022-07-01' }],
  ] as const)('allows %s', (_why, changes) => {
    expect(() => assertExtensionAllowed({ ...timely, ...changes })).not.toThrow();
  });

  it.each([
    ['submitted_done', '任务当前为“已完成待审核”，不能申请延期'],
    ['completed', '任务当前为“已办结”，不能申请延期'],
    ['not_applicable', '任务当前为“不涉及”，不能申请延期'],
  ] as const)('refuses a %s task', (state, message) => {
    const error = refusalOf({ state });
    expect(error).toMatchObject({ kind: 'rule_violated', code: 'EXTENSION_STATE_NOT_ALLOWED', message });
    expect(error.details).toEqual({ state });
  });

  it.each([
    ['an ongoing task', { ongoing: true, dueDate: null }],
    ['an ongoing task with a stray due date', { ongoing: true }],
    ['a task without a due date', { dueDate: null }],
  ] as const)('refuses %s: there is no deadline to move', (_why, changes) => {
    expect(refusalOf(changes)).toMatchObject({
      kind: 'rule_violated',
      code: 'EXTENSION_NO_DEADLINE',
      message: '该任务没有完成时限（长期任务），无需申请延期',
    });
  });

  it('refuses a request made after the due date', () => {
    const error = refusalOf({ todayIso: '2022-07-01' });
    expect(error).toMatchObject({
      kind: 'rule_violated',
      code: 'EXTENSION_AFTER_DEADLINE',
      message: '完成时限2022年6月30日已过，不能再申请延期',
    });
    expect(error.details).toEqual({ dueDate: '2022-06-30', today: '2022-07-01' });
  });

  it.each([
    ['the same date', '2022-06-30'],
    ['an earlier date', '2022-06-20'],
  ])('refuses %s as the new deadline', (_why, proposedDate) => {
    const error = refusalOf({ proposedDate });
    expect(error).toMatchObject({
      kind: 'rule_violated',
      code: 'EXTENSION_NOT_LATER',
      message: '申请的新时限须晚于当前完成时限2022年6月30日',
    });
    expect(error.details).toEqual({ dueDate: '2022-06-30', proposedDate });
  });

  it('rejects a malformed proposed date as invalid input', () => {
    expect(refusalOf({ proposedDate: '2022-09-31' })).toMatchObject({ kind: 'invalid', code: 'INVALID_DATE' });
  });

  it('checks the state first: a completed ongoing task is refused for its state', () => {
    const error = refusalOf({ state: 'completed', ongoing: true, dueDate: null });
    expect(error.code).toBe('EXTENSION_STATE_NOT_ALLOWED');
  });
});

describe('assertExtensionStillApplies', () => {
  const codeOf = (run: () => void): string | null => {
    try {
      run();
      return null;
    } catch (error) {
      if (error instanceof DomainError) return `${error.kind}:${error.code}`;
      throw error;
    }
  };

  it('approves while the deadline and the state are as the request found them', () => {
    expect(codeOf(() => assertExtensionStillApplies({ requestedAgainst: '2022-06-30', dueDate: '2022-06-30', state: 'in_progress' }))).toBeNull();
    expect(codeOf(() => assertExtensionStillApplies({ requestedAgainst: '2022-06-30', dueDate: '2022-06-30', state: 'not_started' }))).toBeNull();
  });

  it('refuses with a conflict once the deadline has moved', () => {
    expect(codeOf(() => assertExtensionStillApplies({ requestedAgainst: '2022-06-30', dueDate: '2022-07-31', state: 'in_progress' }))).toBe(
      'conflict:EXTENSION_STALE',
    );
    expect(codeOf(() => assertExtensionStillApplies({ requestedAgainst: '2022-06-30', dueDate: null, state: 'in_progress' }))).toBe('conflict:EXTENSION_STALE');
  });

  it.each(['submitted_done', 'completed', 'not_applicable'] as const)('refuses with a conflict once the task is %s', (state) => {
    expect(codeOf(() => assertExtensionStillApplies({ requestedAgainst: '2022-06-30', dueDate: '2022-06-30', state }))).toBe(
      'conflict:EXTENSION_STATE_CHANGED',
    );
  });
});
