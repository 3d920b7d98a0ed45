/**
 * ISO 8601 weeks: weeks start on Monday and week 1 is the week holding the year's first
 * Thursday. A week belongs to the year of its Thursday, so 2021-01-01 (a Friday) is in
 * 2020-W53 and 2024-12-30 (a Monday) is in 2025-W01.
 */
import { addDays, daysBetween, isoDateParts, isoWeekday } from './iso-date';

export interface IsoWeek {
  /** the ISO week-numbering year, which can differ from the calendar year near New Year */
  year: number;
  /** 1–53 */
  week: number;
}

export function isoWeekOf(iso: string): IsoWeek {
  // The week's Thursday decides its year, and its day of the year decides the week number.
  const thursday = addDays(iso, 4 - isoWeekday(iso));
  const { year } = isoDateParts(thursday);
  const dayOfYear = 1 + daysBetween(`${year}-01-01`, thursday);
  return { year, week: Math.ceil(dayOfYear / 7) };
}

/** The Monday that starts week `week` of ISO year `year`. */
export function isoWeekStart(year: number, week: number): string {
  // 4 January is always in week 1.
  const january4 = `${year}-01-04`;
  const week1Monday = addDays(january4, 1 - isoWeekday(january4));
  return addDays(week1Monday, (week - 1) * 7);
}

/** 52 or 53: 28 December is always in the last week of its ISO year. */
export function isoWeeksInYear(year: number): number {
  return isoWeekOf(`${year}-12-28`).week;
}
