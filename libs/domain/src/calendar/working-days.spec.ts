import { DomainError } from '../errors/domain-error';
import { addWorkingDays, isWorkingDay } from './working-days';

// 2022 Labour Day: 30 April – 4 May off (the weekdays 2–4 May are holidays), with Sunday
// 24 April and Saturday 7 May worked instead.
const LABOUR_DAY_HOLIDAYS = new Set(['2022-05-02', '2022-05-03', '2022-05-04']);
const LABOUR_DAY_MAKEUP = new Set(['2022-04-24', '2022-05-07']);

describe('isWorkingDay', () => {
  it.each([
    ['a Monday', '2022-05-09', true],
    ['a Friday', '2022-05-13', true],
    ['a Saturday', '2022-05-14', false],
    ['a Sunday', '2022-05-15', false],
  ])('without a holiday list, %s is %s', (_why, iso, expected) => {
    expect(isWorkingDay(iso)).toBe(expected);
  });

  it.each([
    ['a weekday holiday', '2022-05-03', false],
    ['a weekend made up as a working day (调休)', '2022-05-07', true],
    ['an ordinary Thursday', '2022-05-05', true],
    ['an ordinary Sunday', '2022-05-08', false],
  ])('with the 2022 Labour Day lists, %s (%s) is %s', (_why, iso, expected) => {
    expect(isWorkingDay(iso, LABOUR_DAY_HOLIDAYS, LABOUR_DAY_MAKEUP)).toBe(expected);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['counts from the next day: 3 working days after a Friday is Wednesday', '2022-05-06', 3, '2022-05-11'],
    ['skips the weekend: 1 working day after a Saturday is Monday', '2022-05-14', 1, '2022-05-16'],
    ['stays within the week', '2022-05-09', 4, '2022-05-13'],
    ['returns the start day for 0, even on a weekend', '2022-05-14', 0, '2022-05-14'],
  ])('%s', (_why, iso, days, expected) => {
    expect(addWorkingDays(iso, days)).toBe(expected);
  });

  it('skips holidays and counts make-up working days', () => {
    expect(addWorkingDays('2022-04-29', 1, LABOUR_DAY_HOLIDAYS, LABOUR_DAY_MAKEUP)).toBe('2022-05-05');
    expect(addWorkingDays('2022-05-06', 1, LABOUR_DAY_HOLIDAYS, LABOUR_DAY_MAKEUP)).toBe('2022-05-07');
    expect(addWorkingDays('2022-05-06', 1)).toBe('2022-05-09');
  });

  it.each([-1, 1.5, Number.NaN])('rejects %p working days', (days) => {
    expect(() => addWorkingDays('2022-05-06', days)).toThrow(RangeError);
  });

  it('rejects a malformed start day even when adding nothing', () => {
    expect(() => addWorkingDays('2022-5-6', 0)).toThrow(DomainError);
  });
});
