/**
 * How precisely a deadline was stated.
 * - day: a stated day (2022年6月30日)
 * - month: 2022年12月 / 2022年3月底前 → last day of that month
 * - year: 2022年底 / 2022年年底前 → 12-31
 * - ongoing: 长期 / 持续推进: no due date, reported every period
 * - default: none stated; the document default applies
 */
export type DeadlinePrecision = 'day' | 'month' | 'quarter' | 'year' | 'ongoing' | 'default';

export interface Deadline {
  /** original text, cleaned of PDF breakage */
  text: string;
  /** ISO date (Asia/Shanghai calendar day), null when ongoing */
  date: string | null;
  precision: DeadlinePrecision;
}
