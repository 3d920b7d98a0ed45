import { describe, expect, it } from 'vitest';
import { calendarProblems } from './components/CalendarAdmin';

describe('the work calendar form', () => {
  it('accepts a year of holidays and worked weekends', () => {
    expect(
      calendarProblems(2027, [
        { day: '2027-10-01', kind: 'holiday', name: '国庆节' },
        { day: '2027-10-09', kind: 'workday', name: '国庆节调休上班' },
      ]),
    ).toEqual([]);
  });

  it('says which row is wrong before anything is sent', () => {
    expect(
      calendarProblems(2027, [
        { day: '2026-10-01', kind: 'holiday', name: '国庆节' },
        { day: '2027-10-06', kind: 'workday', name: '调休' },
        { day: '2027-10-07', kind: 'holiday', name: ' ' },
        { day: '2027-10-07', kind: 'holiday', name: '国庆节' },
        { day: '', kind: 'holiday', name: '元旦' },
      ]),
    ).toEqual([
      '第 1 行：日期须在 2027 年内',
      '第 2 行：调休上班只能是周六或周日',
      '第 3 行：请填写名称（如“国庆节”）',
      '第 4 行：2027-10-07 重复',
      '第 5 行：日期须在 2027 年内',
    ]);
  });
});
