/**
 * The task state machine. TASK_TRANSITIONS is the only place that says which state
 * changes exist and who may make them; everything else (API, worker, UI buttons) asks it.
 *
 * Main path (docs/domain.md): not_started → in_progress → submitted_done → completed. Beside it
 * the office returns a submission to in_progress, marks an open task not applicable (不涉及),
 * and reopens completed or not-applicable tasks. The less obvious rows say why they exist.
 *
 * "bureau" means staff of the task's lead unit (牵头单位); whether the caller belongs to
 * it is an access check made before these rules. Co-responsible units report progress
 * but do not move the state. Overdue and lagging are not states: see traffic-light.ts.
 */
import { DomainError, type FieldError } from '../errors/domain-error';

export const TASK_STATES = ['not_started', 'in_progress', 'submitted_done', 'completed', 'not_applicable'] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TASK_STATE_LABELS_ZH: Record<TaskState, string> = {
  not_started: '未启动',
  in_progress: '推进中',
  submitted_done: '已完成待审核',
  completed: '已办结',
  not_applicable: '不涉及',
};

export const TASK_ACTORS = ['bureau', 'office'] as const;
export type TaskActor = (typeof TASK_ACTORS)[number];

export const TASK_ACTOR_LABELS_ZH: Record<TaskActor, string> = {
  bureau: '承办单位',
  office: '统筹办',
};

export type TaskAction = 'start' | 'submit_done' | 'approve' | 'return' | 'mark_not_applicable' | 'reopen';

export const TASK_ACTION_LABELS_ZH: Record<TaskAction, string> = {
  start: '开始推进',
  submit_done: '报请办结',
  approve: '审核办结',
  return: '退回',
  mark_not_applicable: '标记不涉及',
  reopen: '重新打开',
};

export interface TransitionRule {
  readonly action: TaskAction;
  readonly from: TaskState;
  readonly to: TaskState;
  readonly actor: TaskActor;
  /** the actor must say why; the reason goes into the change record */
  readonly reasonRequired: boolean;
}

export const TASK_TRANSITIONS: readonly TransitionRule[] = [
  { action: 'start', from: 'not_started', to: 'in_progress', actor: 'bureau', reasonRequired: false },
  // Many measures are already done when their document is imported; asking the bureau to
  // "start" them first would only add a meaningless entry to the change record.
  { action: 'submit_done', from: 'not_started', to: 'submitted_done', actor: 'bureau', reasonRequired: false },
  { action: 'submit_done', from: 'in_progress', to: 'submitted_done', actor: 'bureau', reasonRequired: false },
  { action: 'approve', from: 'submitted_done', to: 'completed', actor: 'office', reasonRequired: false },
  // The bureau must know what is missing before it can submit again.
  { action: 'return', from: 'submitted_done', to: 'in_progress', actor: 'office', reasonRequired: true },
  // 情况说明: the reason is shown wherever the task is listed. A task awaiting review is
  // approved or returned first, so the office never skips over the bureau's submission.
  { action: 'mark_not_applicable', from: 'not_started', to: 'not_applicable', actor: 'office', reasonRequired: true },
  { action: 'mark_not_applicable', from: 'in_progress', to: 'not_applicable', actor: 'office', reasonRequired: true },
  // Reopening undoes a closing decision, so it is the office's and must be explained.
  { action: 'reopen', from: 'not_applicable', to: 'not_started', actor: 'office', reasonRequired: true },
  { action: 'reopen', from: 'completed', to: 'in_progress', actor: 'office', reasonRequired: true },
];

/** The transitions `actor` may make from state `from`, in table order. */
export function allowedTransitions(from: TaskState, actor: TaskActor): TransitionRule[] {
  return TASK_TRANSITIONS.filter((rule) => rule.from === from && rule.actor === actor);
}

/**
 * Checks a state change before it is made and returns the rule that allows it.
 *
 * Throws DomainError conflict TASK_ILLEGAL_TRANSITION (HTTP 409) when `actor` may not move
 * the task from `from` to `to`, with the states the actor may move it to instead; then
 * validation TASK_TRANSITION_REASON_REQUIRED (HTTP 400) when the rule needs a reason and
 * `reason` is missing or blank.
 */
export function assertTransition(from: TaskState, to: TaskState, actor: TaskActor, reason?: string | null): TransitionRule {
  const allowed = allowedTransitions(from, actor);
  const rule = allowed.find((candidate) => candidate.to === to);
  if (!rule) throw illegalTransition(from, to, actor, allowed);
  if (rule.reasonRequired && !reason?.trim()) throw reasonRequired(rule);
  return rule;
}

function illegalTransition(from: TaskState, to: TaskState, actor: TaskActor, allowed: TransitionRule[]): DomainError {
  const quoted = (state: TaskState) => `“${TASK_STATE_LABELS_ZH[state]}”`;
  const allowedStates = allowed.map((rule) => rule.to);
  const options = allowedStates.length ? `可改为：${allowedStates.map(quoted).join('、')}` : '当前没有可执行的操作';
  const message = `任务当前为${quoted(from)}，${TASK_ACTOR_LABELS_ZH[actor]}不能将其改为${quoted(to)}（${options}）`;
  return new DomainError('conflict', 'TASK_ILLEGAL_TRANSITION', message, {
    from,
    to,
    actor,
    allowed: allowedStates,
  });
}

function reasonRequired(rule: TransitionRule): DomainError {
  const message = `${TASK_ACTION_LABELS_ZH[rule.action]}须填写原因`;
  const field: FieldError = { field: 'reason', code: 'required', message };
  return new DomainError('invalid', 'TASK_TRANSITION_REASON_REQUIRED', message, {
    action: rule.action,
    fields: [field],
  });
}
