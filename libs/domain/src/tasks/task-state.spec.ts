import { DomainError } from '../errors/domain-error';
import {
  allowedTransitions,
  assertTransition,
  TASK_ACTION_LABELS_ZH,
  TASK_ACTORS,
  TASK_STATE_LABELS_ZH,
  TASK_STATES,
  TASK_TRANSITIONS,
  type TaskAction,
  type TaskActor,
  type TaskState,
  type TransitionRule,
} from './task-state';

/**
 * The whole state machine, written out independently of TASK_TRANSITIONS:
 * "actor action from→to", with "!" when a reason is required.
 */
const EXPECTED_TRANSITIONS: TransitionRule[] = [
  'bureau start not_started→in_progress',
  'bureau submit_done not_started→submitted_done',
  'bureau submit_done in_progress→submitted_done',
  'office approve submitted_done→completed',
  'office return submitted_done→in_progress !',
  'office mark_not_applicable not_started→not_applicable !',
  'office mark_not_applicable in_progress→not_applicable !',
  'office reopen not_applicable→not_started !',
  'office reopen completed→in_progress !',
].map((line) => {
  const [actor, action, path, reason] = line.split(' ');
  const [from, to] = path.split('→');
  return {
    action: action as TaskAction,
    from: from as TaskState,
    to: to as TaskState,
    actor: actor as TaskActor,
    reasonRequired: reason === '!',
  };
});

function expectedRule(from: TaskState, to: TaskState, actor: TaskActor) {
  return EXPECTED_TRANSITIONS.find((rule) => rule.from === from && rule.to === to && rule.actor === actor);
}

function expectedTargets(from: TaskState, actor: TaskActor): TaskState[] {
  return EXPECTED_TRANSITIONS.filter((rule) => rule.from === from && rule.actor === actor).map((rule) => rule.to);
}

function domainErrorFrom(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const EVERY_TRIPLE = TASK_STATES.flatMap((from) => TASK_STATES.flatMap((to) => TASK_ACTORS.map((actor) => [from, to, actor] as const)));

describe('TASK_TRANSITIONS', () => {
  it('is exactly the expected table', () => {
    expect(TASK_TRANSITIONS).toEqual(EXPECTED_TRANSITIONS);
  });

  it('has at most one rule per (from, to), so assertTransition finds a single rule', () => {
    const paths = TASK_TRANSITIONS.map((rule) => `${rule.from}→${rule.to}`);
    expect(new Set(paths).size).toBe(paths.length);
  });
});

describe('assertTransition, over every (from, to, actor)', () => {
  it.each(EVERY_TRIPLE)('%s → %s by %s', (from, to, actor) => {
    const expected = expectedRule(from, to, actor);
    if (expected) {
      expect(assertTransition(from, to, actor, '原因')).toEqual(expected);
    } else {
      const error = domainErrorFrom(() => assertTransition(from, to, actor, '原因'));
      expect(error).toMatchObject({ kind: 'conflict', code: 'TASK_ILLEGAL_TRANSITION' });
      expect(error.details).toEqual({ from, to, actor, allowed: expectedTargets(from, actor) });
    }
  });
});

describe('allowedTransitions', () => {
  it.each(TASK_STATES.flatMap((from) => TASK_ACTORS.map((actor) => [from, actor] as const)))('from %s by %s', (from, actor) => {
    expect(allowedTransitions(from, actor).map((rule) => rule.to)).toEqual(expectedTargets(from, actor));
  });
});

describe('reasons', () => {
  const needingReason = EXPECTED_TRANSITIONS.filter((rule) => rule.reasonRequired);
  const blankReasons = [undefined, null, '', ' \n　'];
  const cases = needingReason.flatMap((rule) => blankReasons.map((reason) => [rule.action, rule.from, reason, rule] as const));

  it.each(cases)('%s from %s refuses the reason %p', (action, _from, reason, rule) => {
    const error = domainErrorFrom(() => assertTransition(rule.from, rule.to, rule.actor, reason));
    expect(error).toMatchObject({ kind: 'invalid', code: 'TASK_TRANSITION_REASON_REQUIRED' });
    const message = `${TASK_ACTION_LABELS_ZH[action]}须填写原因`;
    expect(error.message).toBe(message);
    expect(error.details).toEqual({ action, fields: [{ field: 'reason', code: 'required', message }] });
  });

  const withoutReason = EXPECTED_TRANSITIONS.filter((rule) => !rule.reasonRequired);

  it.each(withoutReason.map((rule) => [rule.action, rule.from, rule] as const))('%s from %s needs no reason', (_action, _from, rule) => {
    expect(assertTransition(rule.from, rule.to, rule.actor)).toEqual(rule);
  });

  it('checks legality before the reason, so an illegal move is a conflict even without one', () => {
    const error = domainErrorFrom(() => assertTransition('submitted_done', 'in_progress', 'bureau'));
    expect(error.code).toBe('TASK_ILLEGAL_TRANSITION');
  });
});

describe('messages', () => {
  it('names the current state, the actor, the target and the alternatives', () => {
    const error = domainErrorFrom(() => assertTransition('submitted_done', 'completed', 'bureau'));
    expect(error.message).toBe('任务当前为“已完成待审核”，承办单位不能将其改为“已办结”（当前没有可执行的操作）');
  });

  it('lists the states the actor may move to instead', () => {
    const error = domainErrorFrom(() => assertTransition('not_started', 'completed', 'bureau'));
    expect(error.message).toBe('任务当前为“未启动”，承办单位不能将其改为“已办结”（可改为：“推进中”、“已完成待审核”）');
  });

  it('labels every state in Chinese', () => {
    expect(TASK_STATE_LABELS_ZH).toEqual({
      not_started: '未启动',
      in_progress: '推进中',
      submitted_done: '已完成待审核',
      completed: '已办结',
      not_applicable: '不涉及',
    });
  });
});
