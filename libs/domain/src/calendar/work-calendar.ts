/**
 * The work calendar (节假日安排): public holidays and the weekend days worked in exchange
 * (调休上班), as the State Council publishes them each winter for the next year. Deadlines
 * counted in working days (签收 within N working days, 督办 reply deadlines) read it.
 *
 * The office keeps it current (PUT /calendar/:year); OFFICIAL_SCHEDULES seeds the years the
 * sample documents and today's installations need.
 */
import { DomainError, type FieldError } from '../errors/domain-error';
import { addDays, isoDateParts, isoWeekday } from './iso-date';

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarDay {
  /** ISO date */
  day: string;
  kind: CalendarDayKind;
  /** 国庆节, 春节调休上班 … */
  name: string;
}

/** What addWorkingDays and assessTask take. */
export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  makeupWorkdays: ReadonlySet<string>;
}

export const EMPTY_WORK_CALENDAR: WorkCalendar = { holidays: new Set(), makeupWorkdays: new Set() };

export function workCalendarOf(days: readonly Pick<CalendarDay, 'day' | 'kind'>[]): WorkCalendar {
  return {
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
    makeupWorkdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
  };
}

/**
 * A year's list as the office submits it: every day in that year, at most once, a worked day
 * only on a Saturday or Sunday (a weekday is worked anyway), a name on each. Field errors name
 * the entry (`days[3].day`).
 */
export function assertCalendarYear(year: number, days: readonly CalendarDay[]): void {
  const fields: FieldError[] = [];
  const seen = new Set<string>();
  days.forEach((entry, index) => {
    const at = `days[${index}]`;
    let parts: { year: number } | null = null;
    try {
      parts = isoDateParts(entry.day);
    } catch {
      fields.push({ field: `${at}.day`, code: 'CALENDAR_DAY_INVALID', message: `${at}.day：日期格式应为 2022-10-01` });
      return;
    }
    if (parts.year !== year) {
      fields.push({ field: `${at}.day`, code: 'CALENDAR_DAY_OTHER_YEAR', message: `${at}.day：${entry.day} 不在 ${year} 年` });
    }
    if (seen.has(entry.day)) {
      fields.push({ field: `${at}.day`, code: 'CALENDAR_DAY_DUPLICATE', message: `${at}.day：${entry.day} 重复出现` });
    }
    seen.add(entry.day);
    if (entry.kind === 'workday' && isoWeekday(entry.day) <= 5) {
      fields.push({ field: `${at}.kind`, code: 'CALENDAR_WORKDAY_NOT_WEEKEND', message: `${at}.kind：${entry.day} 本是工作日，调休上班只能是周六或周日` });
    }
  });
  if (fields.length > 0) {
    throw new DomainError('invalid', 'CALENDAR_INVALID', `${year} 年节假日安排有误，请检查标注的日期`, { fields });
  }
}

// ------------------------------------------------------------------ official schedules

/** [first, last] days off, and the weekend days worked for it. */
type Holiday = { name: string; off: [string, string]; worked?: string[] };

/** 国务院办公厅关于节假日安排的通知, 2022–2026. */
const SCHEDULES: Record<number, Holiday[]> = {
  2022: [
    { name: '元旦', off: ['2022-01-01', '2022-01-03'] },
    { name: '春节', off: ['2022-01-31', '2022-02-06'], worked: ['2022-01-29', '2022-01-30'] },
    { name: '清明节', off: ['2022-04-03', '2022-04-05'], worked: ['2022-04-02'] },
    { name: '劳动节', off: ['2022-04-30', '2022-05-04'], worked: ['2022-04-24', '2022-05-07'] },
    { name: '端午节', off: ['2022-06-03', '2022-06-05'] },
    { name: '中秋节', off: ['2022-09-10', '2022-09-12'] },
    { name: '国庆节', off: ['2022-10-01', '2022-10-07'], worked: ['2022-10-08', '2022-10-09'] },
  ],
  2023: [
    { name: '元旦', off: ['2023-01-01', '2023-01-02'] },
    { name: '春节', off: ['2023-01-21', '2023-01-27'], worked: ['2023-01-28', '2023-01-29'] },
    { name: '清明节', off: ['2023-04-05', '2023-04-05'] },
    { name: '劳动节', off: ['2023-04-29', '2023-05-03'], worked: ['2023-04-23', '2023-05-06'] },
    { name: '端午节', off: ['2023-06-22', '2023-06-24'], worked: ['2023-06-25'] },
    { name: '中秋节、国庆节', off: ['2023-09-29', '2023-10-06'], worked: ['2023-10-07', '2023-10-08'] },
  ],
  2024: [
    { name: '元旦', off: ['2024-01-01', '2024-01-01'] },
    { name: '春节', off: ['2024-02-10', '2024-02-17'], worked: ['2024-02-04', '2024-02-18'] },
    { name: '清明节', off: ['2024-04-04', '2024-04-06'], worked: ['2024-04-07'] },
    { name: '劳动节', off: ['2024-05-01', '2024-05-05'], worked: ['2024-04-28', '2024-05-11'] },
    { name: '端午节', off: ['2024-06-10', '2024-06-10'] },
    { name: '中秋节', off: ['2024-09-15', '2024-09-17'], worked: ['2024-09-14'] },
    { name: '国庆节', off: ['2024-10-01', '2024-10-07'], worked: ['2024-09-29', '2024-10-12'] },
  ],
  2025: [
    { name: '元旦', off: ['2025-01-01', '2025-01-01'] },
    { name: '春节', off: ['2025-01-28', '2025-02-04'], worked: ['2025-01-26', '2025-02-08'] },
    { name: '清明节', off: ['2025-04-04', '2025-04-06'] },
    { name: '劳动节', off: ['2025-05-01', '2025-05-05'], worked: ['2025-04-27'] },
    { name: '端午节', off: ['2025-05-31', '2025-06-02'] },
    { name: '国庆节、中秋节', off: ['2025-10-01', '2025-10-08'], worked: ['2025-09-28', '2025-10-11'] },
  ],
  2026: [
    { name: '元旦', off: ['2026-01-01', '2026-01-03'], worked: ['2026-01-04'] },
    { name: '春节', off: ['2026-02-15', '2026-02-23'], worked: ['2026-02-14', '2026-02-28'] },
    { name: '清明节', off: ['2026-04-04', '2026-04-06'] },
    { name: '劳动节', off: ['2026-05-01', '2026-05-05'], worked: ['2026-05-09'] },
    { name: '端午节', off: ['2026-06-19', '2026-06-21'] },
    { name: '中秋节', off: ['2026-09-25', '2026-09-27'] },
    { name: '国庆节', off: ['2026-10-01', '2026-10-07'], worked: ['2026-09-20', '2026-10-10'] },
  ],
};

function daysFrom(first: string, last: string): string[] {
  const out: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) out.push(day);
  return out;
}

/** The published schedules as calendar days, by year. */
export const OFFICIAL_SCHEDULES: Readonly<Record<number, readonly CalendarDay[]>> = Object.fromEntries(
  Object.entries(SCHEDULES).map(([year, holidays]) => [
    Number(year),
    holidays
      .flatMap(({ name, off, worked = [] }) => [
        ...daysFrom(off[0], off[1]).map((day): CalendarDay => ({ day, kind: 'holiday', name })),
        ...worked.map((day): CalendarDay => ({ day, kind: 'workday', name: `${name}调休上班` })),
      ])
      .sort((a, b) => a.day.localeCompare(b.day)),
  ]),
);
