import { noUnit } from '@luoshi/domain/errors';
import { REPORT_CADENCES, type ReportCadence } from '@luoshi/domain/reports';
import type { AuthUser } from '../auth/auth.decorators';

/** Task states in which no more progress is reported. */
export const CLOSED_TASK_STATES = new Set(['completed', 'not_applicable']);
/** Task states that count as "marked done" for the 100% warning. */
export const DONE_TASK_STATES = new Set(['submitted_done', 'completed']);

/** The reporting unit: the caller's own (an account without one reports nothing). */
export function reportingUnit(user: AuthUser): string {
  if (!user.unitId) throw noUnit('不能报送进展');
  return user.unitId;
}

export function cadenceOf(value: string | undefined): ReportCadence {
  return (REPORT_CADENCES as readonly (string | undefined)[]).includes(value) ? (value as ReportCadence) : 'monthly';
}
