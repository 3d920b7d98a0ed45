import { DomainError } from '../errors/domain-error';
import { isoWeekday } from './iso-date';
import { addWorkingDays } from './working-days';
import { assertCalendarYear, OFFICIAL_SCHEDULES, workCalendarOf, type CalendarDay } from './work-calendar';

function fieldsOf(run: () => void): { field: string; code: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return (error.details?.fields as { field: string; code: string }[]).map(({ field, code }) => ({ field, code }));
    throw error;
  }
  return [];
}

describe('OFFICIAL_SCHEDULES', () => {
  it.each(Object.entries(OFFICIAL_SCHEDULES))('%s is a valid year: worked days are weekends, nothing twice', (year, days) => {
    expect(fieldsOf(() => assertCalendarYear(Number(year), days))).toEqual([]);
    expect(days.filter((d) => d.kind === 'workday').every((d) => isoWeekday(d.day) >= 6)).toBe(true);
  });

  it('has 2022’s National Day week and the two weekend days worked after it', () => {
    const days = OFFICIAL_SCHEDULES[2022];
    expect(days.filter((d) => d.name === '国庆节').map((d) => d.day)).toEqual([
      '2022-10-01',
      '2022-10-02',
      '2022-10-03',
      '2022-10-04',
      '2022-10-05',
      '2022-10-06',
      '2022-10-07',
    ]);
    expect(days.filter((d) => d.kind === 'workday' && d.day.startsWith('2022-10'))).toEqual([
      { day: '2022-10-08', kind: 'workday', name: '国庆节调休上班' },
      { day: '2022-10-09', kind: 'workday', name: '国庆节调休上班' },
    ]);
  });

  it('moves a three-working-day receipt deadline past the holiday and onto the worked Saturday', () => {
    const calendar = workCalendarOf(OFFICIAL_SCHEDULES[2022]);
    // published Thursday 2022-09-29: Fri 30th, then the holiday, then Sat 8th and Sun 9th worked
    expect(addWorkingDays('2022-09-29', 3, calendar.holidays, calendar.makeupWorkdays)).toBe('2022-10-09');
    expect(addWorkingDays('2022-09-29', 3)).toBe('2022-10-04');
  });
});

describe('assertCalendarYear', () => {
  const day = (d: string, kind: CalendarDay['kind'] = 'holiday'): CalendarDay => ({ day: d, kind, name: '测试' });

  it('accepts an empty year (only weekends off)', () => {
    expect(fieldsOf(() => assertCalendarYear(2027, []))).toEqual([]);
  });

  it('names each bad entry by its index', () => {
    expect(
      fieldsOf(() => assertCalendarYear(2027, [day('2027-02-30'), day('2026-12-31'), day('2027-05-01'), day('2027-05-01'), day('2027-05-06', 'workday')])),
    ).toEqual([
      { field: 'days[0].day', code: 'CALENDAR_DAY_INVALID' },
      { field: 'days[1].day', code: 'CALENDAR_DAY_OTHER_YEAR' },
      { field: 'days[3].day', code: 'CALENDAR_DAY_DUPLICATE' },
      { field: 'days[4].kind', code: 'CALENDAR_WORKDAY_NOT_WEEKEND' },
    ]);
  });
});
