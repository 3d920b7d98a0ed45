import { workCalendarOf } from '../calendar';
import { dueSoonWindows, receiptReminderDates, reportReminderPeriod } from './reminder-policy';

const none = workCalendarOf([]);
// 2026-10-01..08 National Day holidays, Sunday 2026-09-27 and Saturday 2026-10-10 worked
const national = workCalendarOf([
  ...['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08'].map((day) => ({
    day,
    kind: 'holiday' as const,
  })),
  { day: '2026-09-27', kind: 'workday' as const },
  { day: '2026-10-10', kind: 'workday' as const },
]);

describe('dueSoonWindows', () => {
  it('on a Friday, the 1-working-day window reaches over the weekend to Monday', () => {
    const windows = dueSoonWindows('2026-03-06', [7, 3, 1], none);
    expect(windows.find((w) => w.rule === 'due.1wd')).toEqual({ rule: 'due.1wd', workingDaysLeft: 1, after: '2026-03-06', through: '2026-03-09' });
    expect(windows.find((w) => w.rule === 'due.3wd')).toMatchObject({ after: '2026-03-10', through: '2026-03-11' });
  });

  it('reminds nothing on a weekend or holiday: the working day before has covered it', () => {
    expect(dueSoonWindows('2026-03-07', [7, 3, 1], none)).toEqual([]);
    expect(dueSoonWindows('2026-10-05', [7, 3, 1], national)).toEqual([]);
  });

  it('every deadline falls in exactly one k-window across consecutive working days (no gaps, no repeats)', () => {
    const seen = new Map<string, number>();
    let day = '2026-09-01';
    for (let i = 0; i < 60; i += 1) {
      for (const w of dueSoonWindows(day, [3], national)) {
        for (let d = w.after; d !== w.through;) {
          d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
          seen.set(d, (seen.get(d) ?? 0) + 1);
        }
      }
      day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    }
    const inside = [...seen.entries()].filter(([d]) => d >= '2026-09-10' && d <= '2026-10-25');
    expect(inside.length).toBeGreaterThan(40);
    expect(inside.every(([, n]) => n === 1)).toBe(true);
  });

  it('counts with the work calendar: from Tue 2026-09-29 the 3rd working day is the worked Saturday 2026-10-10, over the holidays', () => {
    const windows = dueSoonWindows('2026-09-29', [3], national);
    expect(windows[0]).toMatchObject({ after: '2026-10-09', through: '2026-10-10' });
  });
});

describe('receiptReminderDates', () => {
  it('a task published on Monday is due for receipt on Thursday and reminded then, and every 3 days after', () => {
    const policy = { receiptWorkingDays: 3, overdueEveryDays: 3 };
    expect(receiptReminderDates('2026-03-05', policy, none)).toContainEqual({ publishedOn: '2026-03-02', receiptDue: '2026-03-05' });
    expect(receiptReminderDates('2026-03-08', policy, none)).toContainEqual({ publishedOn: '2026-03-02', receiptDue: '2026-03-05' });
    expect(receiptReminderDates('2026-03-07', policy, none)).not.toContainEqual({ publishedOn: '2026-03-02', receiptDue: '2026-03-05' });
  });
});

describe('reportReminderPeriod', () => {
  it('reminds a missing May report on 4 and 5 June (due the 5th with 5 days of grace), not before', () => {
    expect(reportReminderPeriod('2026-06-04', 'monthly', 5)).toEqual({ period: '2026-05', reportDue: '2026-06-05' });
    expect(reportReminderPeriod('2026-06-05', 'monthly', 5)).toEqual({ period: '2026-05', reportDue: '2026-06-05' });
    expect(reportReminderPeriod('2026-06-03', 'monthly', 5)).toBeNull();
  });
});
