import { addDays, daysBetween } from './iso-date';
import { isoWeekOf, isoWeekStart, isoWeeksInYear } from './iso-week';

describe('isoWeekOf', () => {
  it.each([
    ['a Monday', '2022-05-02', 2022, 18],
    ['the Sunday ending the same week', '2022-05-08', 2022, 18],
    ['1 January on a Friday belongs to the previous year', '2021-01-01', 2020, 53],
    ['2 January on a Sunday belongs to the previous year', '2022-01-02', 2021, 52],
    ['30 December on a Monday belongs to the next year', '2024-12-30', 2025, 1],
    ['1 January on a Thursday starts week 1', '2026-01-01', 2026, 1],
    ['1 January on a Friday after a 53-week year', '2027-01-01', 2026, 53],
  ])('%s (%s) is %d-W%d', (_why, iso, year, week) => {
    expect(isoWeekOf(iso)).toEqual({ year, week });
  });
});

describe('isoWeekStart', () => {
  it.each([
    [2022, 18, '2022-05-02'],
    [2020, 53, '2020-12-28'],
    [2025, 1, '2024-12-30'],
    [2026, 1, '2025-12-29'],
  ])('%d-W%d starts on %s', (year, week, expected) => {
    expect(isoWeekStart(year, week)).toBe(expected);
  });
});

describe('isoWeeksInYear', () => {
  it.each([
    [2015, 53],
    [2020, 53],
    [2021, 52],
    [2022, 52],
    [2026, 53],
  ])('%d has %d weeks', (year, weeks) => {
    expect(isoWeeksInYear(year)).toBe(weeks);
  });
});

describe('isoWeekOf and isoWeekStart agree on every day of 2019–2027', () => {
  it('puts each day in the Monday-to-Sunday week that isoWeekStart names', () => {
    for (let day = '2019-01-01'; day <= '2027-12-31'; day = addDays(day, 1)) {
      const { year, week } = isoWeekOf(day);
      const offset = daysBetween(isoWeekStart(year, week), day);
      expect([day, offset >= 0 && offset <= 6]).toEqual([day, true]);
      expect(week).toBeLessThanOrEqual(isoWeeksInYear(year));
    }
  });
});
