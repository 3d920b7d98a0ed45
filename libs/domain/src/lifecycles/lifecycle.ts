/**
 * A lifecycle as data: which action moves a record from which states to which state. The
 * task's own table (tasks/task-state.ts) also says who may act; the smaller lifecycles
 * below leave that to the service's access check and only say what may follow what.
 */
import { DomainError } from '../errors/domain-error';
import type { ErrorCode } from '../errors/error-codes';

export interface LifecycleStep<S extends string, A extends string> {
  readonly action: A;
  readonly from: readonly S[];
  readonly to: S;
}

export interface Lifecycle<S extends string, A extends string> {
  /** stable code of the 409 an illegal step raises, e.g. REPORT_ILLEGAL_TRANSITION */
  readonly errorCode: ErrorCode;
  /** what users call the record, e.g. 进展报告 */
  readonly nounZh: string;
  readonly states: readonly S[];
  readonly labelsZh: Readonly<Record<S, string>>;
  readonly actionLabelsZh: Readonly<Record<A, string>>;
  readonly steps: readonly LifecycleStep<S, A>[];
}

/** The actions allowed from `state`, in table order. */
export function allowedActions<S extends string, A extends string>(lifecycle: Lifecycle<S, A>, state: S): A[] {
  return lifecycle.steps.filter((step) => step.from.includes(state)).map((step) => step.action);
}

/**
 * The state `action` leads to from `state`, or a 409 (`lifecycle.errorCode`) naming the
 * current state and the actions it allows.
 */
export function nextState<S extends string, A extends string>(lifecycle: Lifecycle<S, A>, state: S, action: A): S {
  const step = lifecycle.steps.find((candidate) => candidate.action === action && candidate.from.includes(state));
  if (step) return step.to;
  const allowed = allowedActions(lifecycle, state);
  const options = allowed.length ? `可执行：${allowed.map((a) => lifecycle.actionLabelsZh[a]).join('、')}` : '当前没有可执行的操作';
  throw new DomainError(
    'conflict',
    lifecycle.errorCode,
    `${lifecycle.nounZh}当前为“${lifecycle.labelsZh[state] ?? state}”，不能${lifecycle.actionLabelsZh[action]}（${options}）`,
    { status: state, action, allowed },
  );
}

/** `value` is one of the lifecycle's states (for rows read back from the database). */
export function isState<S extends string, A extends string>(lifecycle: Lifecycle<S, A>, value: string): value is S {
  return (lifecycle.states as readonly string[]).includes(value);
}

/** SQL `CHECK` body for a column holding these states (used by the migration that enforces them). */
export function stateCheckSql<S extends string, A extends string>(lifecycle: Lifecycle<S, A>, column: string): string {
  return `${column} IN (${lifecycle.states.map((s) => `'${s}'`).join(', ')})`;
}
