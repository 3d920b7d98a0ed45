/**
 * Working days (工作日) in mainland China: Monday to Friday, minus public holidays, plus the
 * weekend days the State Council turns into working days to bridge a holiday (调休上班).
 * Both lists change every year and are published each winter, so they are passed in
 * rather than built in; without them only weekends are skipped.
 */
import { addDays, isoDateParts, isoWeekday } from './iso-date';

const NONE: ReadonlySet<string> = new Set();

/**
 * @param holidays ISO dates off work although they fall on a weekday (国庆节 …)
 * @param makeupWorkdays ISO dates worked although they fall on a weekend (调休上班)
 */
export function isWorkingDay(iso: string, holidays: ReadonlySet<string> = NONE, makeupWorkdays: ReadonlySet<string> = NONE): boolean {
  if (makeupWorkdays.has(iso)) return true;
  if (holidays.has(iso)) return false;
  return isoWeekday(iso) <= 5;
}

/**
 * The `workingDays`-th working day after `iso`; the start day itself never counts, so
 * "within 3 working days of Friday" ends on Wednesday. 0 returns `iso` unchanged.
 */
export function addWorkingDays(iso: string, workingDays: number, holidays: ReadonlySet<string> = NONE, makeupWorkdays: ReadonlySet<string> = NONE): string {
  if (!Number.isInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`workingDays must be a non-negative integer, got ${workingDays}`);
  }
  isoDateParts(iso); // validates the start day even when no day is added
  let day = iso;
  for (let counted = 0; counted < workingDays;) {
    day = addDays(day, 1);
    if (isWorkingDay(day, holidays, makeupWorkdays)) counted += 1;
  }
  return day;
}
