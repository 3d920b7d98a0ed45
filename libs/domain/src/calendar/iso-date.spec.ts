import { DomainError } from '../errors/domain-error';
import { addDays, daysBetween, endOfMonth, formatDateZh, isIsoDate, isoDateParts, isoWeekday, pad2, shanghaiDate, shanghaiTimestamp } from './iso-date';

describe('isIsoDate', () => {
  it.each(['2022-05-31', '2024-02-29', '2000-02-29', '1970-01-01'])('accepts %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    ['a day that does not exist', '2023-02-29'],
    ['1900 was not a leap year', '1900-02-29'],
    ['month 13', '2022-13-01'],
    ['month 00', '2022-00-10'],
    ['day 32', '2022-05-32'],
    ['no zero padding', '2022-5-1'],
    ['a timestamp', '2022-05-31T00:00:00Z'],
    ['the empty string', ''],
    ['Chinese notation', '2022年5月31日'],
  ])('rejects %s', (_why, value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('memoised conversions', () => {
  it('answer the same when asked again, also after their caches were emptied', () => {
    const days = Array.from({ length: 5000 }, (_, i) => addDays('2010-01-01', i)); // more than the cache holds
    expect(days[4999]).toBe('2023-09-09');
    for (const [i, day] of days.entries()) {
      expect(isIsoDate(day)).toBe(true);
      expect(daysBetween('2010-01-01', day)).toBe(i);
    }
    for (const bad of ['2023-02-29', '2023-02-29', '2022-13-01']) expect(isIsoDate(bad)).toBe(false);
    expect(() => daysBetween('2023-02-29', '2023-03-01')).toThrow(DomainError);
    expect(() => daysBetween('2023-02-29', '2023-03-01')).toThrow(DomainError);
  });
});

describe('isoDateParts', () => {
  it('splits a date into numbers', () => {
    expect(isoDateParts('2022-05-09')).toEqual({ year: 2022, month: 5, day: 9 });
  });

  it('throws a validation error naming the bad value', () => {
    expect.assertions(4);
    try {
      isoDateParts('2022-02-30');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'invalid', code: 'INVALID_DATE' });
      expect((error as DomainError).details).toEqual({ value: '2022-02-30' });
      expect((error as DomainError).message).toContain('2022-02-30');
    }
  });
});

describe('shanghaiDate', () => {
  it.each([
    ['the last millisecond of a Shanghai day', '2022-05-31T15:59:59.999Z', '2022-05-31'],
    ['Shanghai midnight, still the previous day in UTC', '2022-05-31T16:00:00.000Z', '2022-06-01'],
    ['an instant written with the +08:00 offset', '2022-06-01T00:00:00+08:00', '2022-06-01'],
    ['New Year in Shanghai', '2022-12-31T16:00:00Z', '2023-01-01'],
    ['an afternoon in UTC that is the same day in Shanghai', '2022-05-31T03:00:00Z', '2022-05-31'],
  ])('%s', (_why, instant, expected) => {
    expect(shanghaiDate(new Date(instant))).toBe(expected);
  });
});

describe('shanghaiTimestamp', () => {
  it.each([
    ['an evening in Shanghai', '2026-12-02T10:00:00.000Z', '2026-12-02T18:00:00.000+08:00'],
    ['Shanghai midnight, still the previous day in UTC', '2022-05-31T16:00:00.000Z', '2022-06-01T00:00:00.000+08:00'],
    ['the last millisecond of a Shanghai year', '2022-12-31T15:59:59.999Z', '2022-12-31T23:59:59.999+08:00'],
    ['an instant already written with +08:00', '2022-06-01T09:30:05.120+08:00', '2022-06-01T09:30:05.120+08:00'],
  ])('%s', (_why, instant, expected) => {
    expect(shanghaiTimestamp(new Date(instant))).toBe(expected);
  });

  it('names the same instant', () => {
    const instant = new Date('2026-03-01T01:02:03.456Z');
    expect(new Date(shanghaiTimestamp(instant)).getTime()).toBe(instant.getTime());
    expect(shanghaiTimestamp(instant).slice(0, 10)).toBe(shanghaiDate(instant));
  });
});

describe('addDays', () => {
  it.each([
    ['2022-05-31', 1, '2022-06-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2022-12-31', 1, '2023-01-01'],
    ['2022-03-01', -1, '2022-02-28'],
    ['2022-05-10', 0, '2022-05-10'],
    ['2022-01-01', 365, '2023-01-01'],
  ])('%s %+d days is %s', (iso, days, expected) => {
    expect(addDays(iso, days)).toBe(expected);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2022-05-31', '2022-05-31', 0],
    ['2022-05-31', '2022-06-01', 1],
    ['2022-06-01', '2022-05-31', -1],
    ['2022-01-01', '2023-01-01', 365],
    ['2024-01-01', '2025-01-01', 366],
    ['2024-02-28', '2024-03-01', 2],
  ])('from %s to %s is %d', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });

  it('rejects a malformed date', () => {
    expect(() => daysBetween('2022-05-31', '2022/06/01')).toThrow(DomainError);
  });
});

describe('isoWeekday', () => {
  it.each([
    ['2022-05-30', 1],
    ['2022-06-03', 5],
    ['2022-06-04', 6],
    ['2022-06-05', 7],
    ['1970-01-01', 4],
    ['1969-12-31', 3],
  ])('%s is ISO weekday %d', (iso, expected) => {
    expect(isoWeekday(iso)).toBe(expected);
  });
});

describe('endOfMonth', () => {
  it.each([
    ['2022-05-09', '2022-05-31'],
    ['2022-04-01', '2022-04-30'],
    ['2022-02-14', '2022-02-28'],
    ['2024-02-01', '2024-02-29'],
    ['2022-12-31', '2022-12-31'],
  ])('%s → %s', (iso, expected) => {
    expect(endOfMonth(iso)).toBe(expected);
  });
});

describe('formatDateZh', () => {
  it('writes the date without zero padding', () => {
    expect(formatDateZh('2022-06-05')).toBe('2022年6月5日');
    expect(formatDateZh('2022-12-31')).toBe('2022年12月31日');
  });
});

describe('pad2', () => {
  it('pads single digits only', () => {
    expect(pad2(5)).toBe('05');
    expect(pad2(53)).toBe('53');
  });
});
