import { DomainError } from '../errors/domain-error';
import { EXTENSION_LIFECYCLE } from './extension-lifecycle';
import { allowedActions, isState, type Lifecycle, nextState, stateCheckSql } from './lifecycle';
import { NOTICE_LIFECYCLE } from './notice-lifecycle';
import { isReportEditable, REPORT_LIFECYCLE } from './report-lifecycle';

/** Every (state, action) pair, with the expected next state or null for a refusal. */
function exhaustive<S extends string, A extends string>(lifecycle: Lifecycle<S, A>, expected: Record<S, Partial<Record<A, S>>>) {
  const actions = Object.keys(lifecycle.actionLabelsZh) as A[];
  for (const state of lifecycle.states) {
    for (const action of actions) {
      const to = expected[state][action];
      if (to) {
        expect(nextState(lifecycle, state, action)).toBe(to);
      } else {
        let error: unknown;
        try {
          nextState(lifecycle, state, action);
        } catch (err) {
          error = err;
        }
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).kind).toBe('conflict');
        expect((error as DomainError).code).toBe(lifecycle.errorCode);
        expect((error as DomainError).details.allowed).toEqual(allowedActions(lifecycle, state));
      }
    }
  }
}

describe('lifecycles', () => {
  it('progress reports: draft/returned → draft or submitted; submitted → accepted or returned; accepted is final', () => {
    exhaustive(REPORT_LIFECYCLE, {
      draft: { save_draft: 'draft', submit: 'submitted' },
      returned: { save_draft: 'draft', submit: 'submitted' },
      submitted: { accept: 'accepted', return: 'returned' },
      accepted: {},
    });
    expect(REPORT_LIFECYCLE.states.filter(isReportEditable)).toEqual(['draft', 'returned']);
  });

  it('extension requests are decided once', () => {
    exhaustive(EXTENSION_LIFECYCLE, { pending: { approve: 'approved', reject: 'rejected' }, approved: {}, rejected: {} });
  });

  it('supervision notices: reply while open, close while open or replied', () => {
    exhaustive(NOTICE_LIFECYCLE, { open: { reply: 'replied', close: 'closed' }, replied: { close: 'closed' }, closed: {} });
  });

  it('a refusal says in Chinese what the state allows', () => {
    expect(() => nextState(REPORT_LIFECYCLE, 'accepted', 'submit')).toThrow('进展报告当前为“已采纳”，不能报送（当前没有可执行的操作）');
    expect(() => nextState(NOTICE_LIFECYCLE, 'replied', 'reply')).toThrow('督办当前为“已反馈”，不能反馈（可执行：办结）');
  });

  it('every step leads to and from known states, and the CHECK lists every state', () => {
    for (const lifecycle of [REPORT_LIFECYCLE, EXTENSION_LIFECYCLE, NOTICE_LIFECYCLE] as Lifecycle<string, string>[]) {
      for (const step of lifecycle.steps) {
        expect(isState(lifecycle, step.to)).toBe(true);
        for (const from of step.from) expect(isState(lifecycle, from)).toBe(true);
      }
      expect(isState(lifecycle, 'bogus')).toBe(false);
      for (const state of lifecycle.states) expect(stateCheckSql(lifecycle, 'status')).toContain(`'${state}'`);
    }
  });
});
