import { DomainError } from '@luoshi/domain/errors';
import { REPORT_CADENCES, type ReportCadence } from '@luoshi/domain/reports';
import type { AuthUser } from '../auth/auth.decorators';

/** Task states in which no more progress is reported. */
export const CLOSED_TASK_STATES = new Set(['completed', 'not_applicable']);
/** Task states that count as "marked done" for the 100% warning. */
export const DONE_TASK_STATES = new Set(['submitted_done', 'completed']);

/** The reporting unit: the caller's own (an account without one reports nothing). */
export function reportingUnit(user: AuthUser): string {
  if (!user.unitId) throw new DomainError('forbidden', 'NO_UNIT', '账号未绑定单位，不能报送进展');
  return user.unitId;
}

export function cadenceOf(value: string | undefined): ReportCadence {
  return (REPORT_CADENCES as readonly (string | undefined)[]).includes(value) ? (value as ReportCadence) : 'monthly';
}

export function reportNotFound(): DomainError {
  return new DomainError('not_found', 'REPORT_NOT_FOUND', '未找到该进展报告');
}

export function versionConflict(expected: number | undefined, current: number | null): DomainError {
  return new DomainError('conflict', 'VERSION_CONFLICT', '数据已被他人修改，请刷新后重试', {
    ...(expected !== undefined ? { expectedVersion: expected } : {}),
    ...(current !== null ? { currentVersion: current } : {}),
  });
}
