/**
 * Extensions (延期申请): a bureau asks for a later due date and the office decides. These
 * are the rules a request must meet before it reaches the office; each refusal is HTTP 422.
 */
import { daysBetween, formatDateZh } from '../calendar';
import { DomainError } from '../errors/domain-error';
import type { ErrorCode } from '../errors/error-codes';
import { TASK_STATE_LABELS_ZH, type TaskState } from './task-state';

export interface ExtensionRequest {
  /** the task's current due date (ISO); null for ongoing tasks */
  dueDate: string | null;
  ongoing: boolean;
  state: TaskState;
  proposedDate: string;
  todayIso: string;
}

/**
 * Only tasks the bureau is still working on can be extended: a task awaiting review is
 * either approved or returned first, and a closed task has nothing left to extend.
 */
const EXTENSIBLE_STATES: ReadonlySet<TaskState> = new Set(['not_started', 'in_progress']);

export function assertExtensionAllowed(request: ExtensionRequest): void {
  const { dueDate, ongoing, state, proposedDate, todayIso } = request;
  if (!EXTENSIBLE_STATES.has(state)) {
    throw refusal('EXTENSION_STATE_NOT_ALLOWED', `任务当前为“${TASK_STATE_LABELS_ZH[state]}”，不能申请延期`, {
      state,
    });
  }
  if (ongoing || dueDate === null) {
    throw refusal('EXTENSION_NO_DEADLINE', '该任务没有完成时限（长期任务），无需申请延期', { dueDate });
  }
  // An extension has to be asked for in time; once the deadline has passed the task is
  // overdue and stays on record as such.
  if (daysBetween(dueDate, todayIso) > 0) {
    throw refusal('EXTENSION_AFTER_DEADLINE', `完成时限${formatDateZh(dueDate)}已过，不能再申请延期`, { dueDate, today: todayIso });
  }
  if (daysBetween(dueDate, proposedDate) <= 0) {
    throw refusal('EXTENSION_NOT_LATER', `申请的新时限须晚于当前完成时限${formatDateZh(dueDate)}`, { dueDate, proposedDate });
  }
}

export interface ExtensionDecision {
  /** the due date the request was filed against */
  requestedAgainst: string | null;
  /** the task's due date now */
  dueDate: string | null;
  state: TaskState;
}

/**
 * Approval applies a request judged against the task as it was when filed. If the deadline
 * has moved since (the office corrected it) or the task left the working states, approving
 * would overwrite a change the request never saw: 409, and the unit files again if needed.
 */
export function assertExtensionStillApplies(decision: ExtensionDecision): void {
  const { requestedAgainst, dueDate, state } = decision;
  if (dueDate !== requestedAgainst) {
    throw new DomainError(
      'conflict',
      'EXTENSION_STALE',
      `申请提出后完成时限已变更为${dueDate ? formatDateZh(dueDate) : '长期'}，该申请已失效，请驳回后由承办单位重新申请`,
      { requestedAgainst, dueDate },
    );
  }
  if (!EXTENSIBLE_STATES.has(state)) {
    throw new DomainError('conflict', 'EXTENSION_STATE_CHANGED', `任务已变为“${TASK_STATE_LABELS_ZH[state]}”，不能再批准延期`, { state });
  }
}

function refusal(code: ErrorCode, message: string, details: Record<string, unknown>): DomainError {
  return new DomainError('rule_violated', code, message, details);
}
