import { addDays, daysBetween } from '../calendar';
import { DomainError } from '../errors/domain-error';
import {
  assertPeriodOpenForReports,
  comparePeriods,
  DEFAULT_GRACE_DAYS,
  isPeriodClosed,
  latestClosedPeriod,
  nextPeriod,
  periodBounds,
  periodLabelZh,
  periodOf,
  previousPeriod,
  REPORT_CADENCES,
  reportDueDate,
} from './period';

function domainErrorFrom(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('periodOf', () => {
  it.each([
    ['monthly', '2022-05-01', '2022-05'],
    ['monthly', '2022-05-31', '2022-05'],
    ['weekly', '2022-05-02', '2022-W18'],
    ['weekly', '2022-05-08', '2022-W18'],
    ['weekly', '2022-05-09', '2022-W19'],
    ['weekly', '2021-01-01', '2020-W53'],
    ['weekly', '2022-01-05', '2022-W01'],
    ['dekad', '2022-05-01', '2022-05-1'],
    ['dekad', '2022-05-10', '2022-05-1'],
    ['dekad', '2022-05-11', '2022-05-2'],
    ['dekad', '2022-05-20', '2022-05-2'],
    ['dekad', '2022-05-21', '2022-05-3'],
    ['dekad', '2022-05-31', '2022-05-3'],
    ['dekad', '2022-02-28', '2022-02-3'],
  ] as const)('%s: %s is in %s', (cadence, iso, key) => {
    expect(periodOf(cadence, iso)).toBe(key);
  });
});

describe('periodBounds', () => {
  it.each([
    ['monthly', '2022-05', '2022-05-01', '2022-05-31'],
    ['monthly', '2022-02', '2022-02-01', '2022-02-28'],
    ['monthly', '2024-02', '2024-02-01', '2024-02-29'],
    ['weekly', '2022-W18', '2022-05-02', '2022-05-08'],
    ['weekly', '2020-W53', '2020-12-28', '2021-01-03'],
    ['dekad', '2022-05-1', '2022-05-01', '2022-05-10'],
    ['dekad', '2022-05-2', '2022-05-11', '2022-05-20'],
    ['dekad', '2022-05-3', '2022-05-21', '2022-05-31'],
    ['dekad', '2022-04-3', '2022-04-21', '2022-04-30'],
    ['dekad', '2022-02-3', '2022-02-21', '2022-02-28'],
  ] as const)('%s %s runs from %s to %s', (cadence, key, start, end) => {
    expect(periodBounds(cadence, key)).toEqual({ start, end });
  });

  it.each([
    ['monthly', '2022-13'],
    ['monthly', '2022-00'],
    ['monthly', '2022-5'],
    ['monthly', '2022-05-1'],
    ['monthly', '2022-W18'],
    ['weekly', '2022-W53'],
    ['weekly', '2022-W00'],
    ['weekly', '2022-W5'],
    ['weekly', '2022-18'],
    ['dekad', '2022-05-4'],
    ['dekad', '2022-05-0'],
    ['dekad', '2022-13-1'],
    ['dekad', '2022-05'],
  ] as const)('%s rejects the key %s with a validation error', (cadence, key) => {
    const error = domainErrorFrom(() => periodBounds(cadence, key));
    expect(error).toMatchObject({ kind: 'invalid', code: 'REPORT_PERIOD_INVALID' });
    expect(error.details).toEqual({ cadence, key });
  });
});

describe.each(REPORT_CADENCES)('%s periods tile the calendar (2020–2022)', (cadence) => {
  it('holds every day in the period periodOf names, and chains periods without gaps', () => {
    for (let day = '2020-01-01'; day <= '2022-12-31'; day = addDays(day, 1)) {
      const key = periodOf(cadence, day);
      const { start, end } = periodBounds(cadence, key);
      const next = nextPeriod(cadence, key);
      expect([day, start <= day && day <= end]).toEqual([day, true]);
      expect(periodBounds(cadence, next).start).toBe(addDays(end, 1));
      expect(previousPeriod(cadence, next)).toBe(key);
    }
  });
});

describe('previousPeriod and nextPeriod across a year end', () => {
  it.each([
    ['monthly', '2021-12', '2022-01'],
    ['weekly', '2020-W53', '2021-W01'],
    ['weekly', '2021-W52', '2022-W01'],
    ['dekad', '2021-12-3', '2022-01-1'],
    ['dekad', '2022-02-3', '2022-03-1'],
  ] as const)('%s: %s comes before %s', (cadence, earlier, later) => {
    expect(nextPeriod(cadence, earlier)).toBe(later);
    expect(previousPeriod(cadence, later)).toBe(earlier);
  });
});

describe('comparePeriods', () => {
  it('orders periods by time, including across ISO week years', () => {
    expect(comparePeriods('monthly', '2022-04', '2022-05')).toBeLessThan(0);
    expect(comparePeriods('monthly', '2022-05', '2022-05')).toBe(0);
    expect(comparePeriods('dekad', '2022-05-3', '2022-05-1')).toBeGreaterThan(0);
    expect(comparePeriods('weekly', '2020-W53', '2021-W01')).toBeLessThan(0);
  });
});

describe('periodLabelZh', () => {
  it.each([
    ['monthly', '2022-05', '2022年5月'],
    ['monthly', '2022-12', '2022年12月'],
    ['weekly', '2022-W18', '2022年第18周'],
    ['weekly', '2022-W01', '2022年第1周'],
    ['dekad', '2022-05-1', '2022年5月上旬'],
    ['dekad', '2022-05-2', '2022年5月中旬'],
    ['dekad', '2022-05-3', '2022年5月下旬'],
  ] as const)('%s %s is %s', (cadence, key, label) => {
    expect(periodLabelZh(cadence, key)).toBe(label);
  });

  it('rejects an invalid key instead of labelling it', () => {
    expect(() => periodLabelZh('monthly', '2022-13')).toThrow(DomainError);
  });
});

describe('reportDueDate and isPeriodClosed', () => {
  it('makes the May report due on 5 June with the default monthly grace', () => {
    expect(DEFAULT_GRACE_DAYS.monthly).toBe(5);
    expect(reportDueDate('monthly', '2022-05', DEFAULT_GRACE_DAYS.monthly)).toBe('2022-06-05');
  });

  it.each([
    ['during the period', '2022-05-15', 5, false],
    ['on its last day', '2022-05-31', 5, false],
    ['on the last day of grace', '2022-06-05', 5, false],
    ['the day after grace', '2022-06-06', 5, true],
    ['on its last day, without grace', '2022-05-31', 0, false],
    ['the day after it, without grace', '2022-06-01', 0, true],
  ])('May 2022 %s (%s, grace %d) closed: %s', (_why, today, grace, closed) => {
    expect(isPeriodClosed('monthly', '2022-05', today, grace)).toBe(closed);
  });

  it.each([-1, 1.5])('rejects %p grace days', (grace) => {
    expect(() => isPeriodClosed('monthly', '2022-05', '2022-06-01', grace)).toThrow(RangeError);
  });
});

describe('latestClosedPeriod', () => {
  it.each([
    ['monthly', '2022-06-05', 5, '2022-04'],
    ['monthly', '2022-06-06', 5, '2022-05'],
    ['monthly', '2022-06-01', 0, '2022-05'],
    ['weekly', '2022-05-10', 2, '2022-W17'],
    ['weekly', '2022-05-11', 2, '2022-W18'],
    ['dekad', '2022-06-03', 3, '2022-05-2'],
    ['dekad', '2022-06-04', 3, '2022-05-3'],
  ] as const)('%s on %s with grace %d is %s', (cadence, today, grace, expected) => {
    expect(latestClosedPeriod(cadence, today, grace)).toBe(expected);
  });

  it.each(REPORT_CADENCES)('%s: is closed while the period after it is not', (cadence) => {
    for (const grace of [0, 1, 5, 12]) {
      for (let today = '2022-01-01'; today <= '2022-03-31'; today = addDays(today, 1)) {
        const latest = latestClosedPeriod(cadence, today, grace);
        expect([today, grace, isPeriodClosed(cadence, latest, today, grace)]).toEqual([today, grace, true]);
        const following = nextPeriod(cadence, latest);
        expect([today, grace, isPeriodClosed(cadence, following, today, grace)]).toEqual([today, grace, false]);
      }
    }
  });
});

describe('assertPeriodOpenForReports', () => {
  it.each(['2022-05-01', '2022-05-31', '2022-06-05'])('accepts a May report on %s', (today) => {
    expect(() => assertPeriodOpenForReports('monthly', '2022-05', today, 5)).not.toThrow();
  });

  it('refuses a report once the period has closed', () => {
    const error = domainErrorFrom(() => assertPeriodOpenForReports('monthly', '2022-05', '2022-06-06', 5));
    expect(error).toMatchObject({ kind: 'rule_violated', code: 'REPORT_PERIOD_CLOSED' });
    expect(error.message).toBe('2022年5月进展报送已于2022年6月5日截止');
    expect(error.details).toEqual({
      cadence: 'monthly',
      key: '2022-05',
      today: '2022-06-06',
      dueDate: '2022-06-05',
    });
  });

  it('refuses a report for a period that has not started', () => {
    const error = domainErrorFrom(() => assertPeriodOpenForReports('dekad', '2022-05-2', '2022-05-10', 3));
    expect(error).toMatchObject({ kind: 'rule_violated', code: 'REPORT_PERIOD_NOT_STARTED' });
    expect(error.message).toBe('2022年5月中旬尚未开始，不能提前报送进展');
  });

  it('reports an invalid key as a validation error, not as a closed period', () => {
    const error = domainErrorFrom(() => assertPeriodOpenForReports('weekly', '2022-W60', '2022-05-10', 2));
    expect(error.code).toBe('REPORT_PERIOD_INVALID');
  });
});

describe('DEFAULT_GRACE_DAYS', () => {
  it.each(REPORT_CADENCES)('lets a %s period close before the next one ends', (cadence) => {
    const key = periodOf(cadence, '2022-02-01');
    const next = periodBounds(cadence, nextPeriod(cadence, key));
    const due = reportDueDate(cadence, key, DEFAULT_GRACE_DAYS[cadence]);
    expect(daysBetween(due, next.end)).toBeGreaterThan(0);
  });
});
