/**
 * Supervision notices (督办 / 催办): the office's formal push on a task that is slipping.
 * The level follows how far it has slipped, and the bureau must reply within a number of
 * working days that shrinks as the level rises.
 */
import { addWorkingDays } from '../calendar';
import type { NoticeLevel } from './notice-level';
import type { TaskAssessment } from './traffic-light';

/** Working days the bureau has to reply to a notice, counted from the day after issue. */
export const NOTICE_REPLY_WORKING_DAYS: Record<NoticeLevel, number> = {
  red: 3,
  yellow: 5,
  blue: 7,
};

/**
 * The level the office would normally issue for a task, or null when nothing calls for a
 * notice: red when overdue, yellow when behind (report missing or progress lagging), blue
 * when the due date is approaching. The office decides; this only pre-fills the form.
 */
export function suggestNoticeLevel(assessment: TaskAssessment): NoticeLevel | null {
  if (assessment.overdue) return 'red';
  if (assessment.lagging) return 'yellow';
  if (assessment.reasons.some((reason) => reason.code === 'DUE_SOON')) return 'blue';
  return null;
}

/** The reply deadline of a notice issued on `issuedIso`. */
export function defaultReplyDue(issuedIso: string, level: NoticeLevel, holidays?: ReadonlySet<string>, makeupWorkdays?: ReadonlySet<string>): string {
  return addWorkingDays(issuedIso, NOTICE_REPLY_WORKING_DAYS[level], holidays, makeupWorkdays);
}
