import { lightDay, type AssessmentSettings } from '@luoshi/core';
import { addWorkingDays, daysBetween } from '@luoshi/domain/calendar';
import { assessTask, type NoticeLevel, type TaskAssessmentInput } from '@luoshi/domain/tasks';
import { LedgerLights } from './ledger-light';
import type { LedgerTaskRow } from './ledger.repository';

const TODAY = '2026-12-06';
const settings: AssessmentSettings = { receiptWorkingDays: 3, graceDays: 5, calendar: { holidays: new Set(['2026-09-30']), makeupWorkdays: new Set() } };

/**
 * The ledger writes a row's light and reasons from the flags stored on the task (their SQL is
 * checked against assessTask in task-light-sql.integration-spec); here: from the same flags and
 * numbers it writes exactly assessTask's light, lagging and reasons, for every reason and level.
 */
function ledgerRowFor(input: TaskAssessmentInput): LedgerTaskRow {
  const a = assessTask(input, TODAY);
  const has = (code: string) => a.reasons.some((r) => r.code === code);
  const published = input.publishedAt!;
  return {
    measure_number: '1',
    section_heading: null,
    text: '',
    lead_unit_id: null,
    lead_unit_name: null,
    lead_section_name: null,
    co_units: null,
    contacts: null,
    due_date: input.dueDate,
    deadline_text: '',
    deadline_precision: input.ongoing ? 'ongoing' : 'day',
    state: input.state,
    report_cadence: input.cadence,
    last_period: input.lastReportedPeriod,
    last_percent: input.latestPercent ?? null,
    last_text: null,
    overdue: has('OVERDUE'),
    due_soon: has('DUE_SOON'),
    report_missing: has('REPORT_MISSING'),
    progress_behind: has('PROGRESS_BEHIND'),
    receipt_overdue: has('RECEIPT_OVERDUE'),
    notice_open: has('NOTICE_OPEN'),
    due_in_days: input.dueDate ? daysBetween(TODAY, input.dueDate) : null,
    time_percent: input.dueDate ? Math.round((daysBetween(published, TODAY) / daysBetween(published, input.dueDate)) * 100) : null,
    behind_percent: input.latestPercent ?? null,
    published_on: published,
    open_notices: input.openNotices.length,
    notices_yellow: input.openNotices.filter((n) => n.level === 'yellow').length,
    notices_red: input.openNotices.filter((n) => n.level === 'red').length,
  };
}

const base: TaskAssessmentInput = {
  state: 'in_progress',
  dueDate: '2026-12-03',
  ongoing: false,
  cadence: 'monthly',
  lastReportedPeriod: null,
  latestPercent: null,
  publishedAt: '2026-09-28',
  signedAt: null,
  receiptWorkingDays: settings.receiptWorkingDays,
  openNotices: [],
  graceDays: settings.graceDays,
  holidays: settings.calendar.holidays,
  makeupWorkdays: settings.calendar.makeupWorkdays,
};
const notices = (...levels: NoticeLevel[]) => levels.map((level) => ({ level }));

describe('LedgerLights (the ledger’s light and reasons from the stored flags)', () => {
  const lights = new LedgerLights(settings, lightDay(TODAY, settings));
  const cases: [string, Partial<TaskAssessmentInput>][] = [
    ['overdue, report missing, receipt overdue (sign-by day past a holiday)', {}],
    ['due today, reported', { dueDate: TODAY, lastReportedPeriod: '2026-11', latestPercent: 95, signedAt: '2026-09-29T01:00:00Z' }],
    ['due soon, progress behind', { dueDate: '2026-12-10', lastReportedPeriod: '2026-11', latestPercent: 10, signedAt: '2026-09-29T01:00:00Z' }],
    [
      'one open notice, otherwise fine',
      { dueDate: '2027-06-30', lastReportedPeriod: '2026-11', latestPercent: 40, signedAt: '2026-09-29T01:00:00Z', openNotices: notices('blue') },
    ],
    ['three notices, the most severe named', { state: 'submitted_done', openNotices: notices('blue', 'red', 'yellow') }],
    ['two notices, yellow the most severe', { dueDate: '2027-06-30', openNotices: notices('yellow', 'blue') }],
    ['weekly and dekad reports missing', { cadence: 'weekly', dueDate: '2027-06-30', signedAt: '2026-09-29T01:00:00Z' }],
    ['dekad', { cadence: 'dekad', dueDate: null, ongoing: true, signedAt: '2026-09-29T01:00:00Z' }],
    ['closed', { state: 'completed', openNotices: notices('red') }],
  ];
  it.each(cases)('%s', (_, change) => {
    const input = { ...base, ...change };
    const expected = assessTask(input, TODAY);
    expect(expected.reasons.length > 0 || expected.light === 'green').toBe(true);
    expect(lights.of(ledgerRowFor(input))).toEqual({
      light: expected.light,
      overdue: expected.overdue,
      lagging: expected.lagging,
      reasons: expected.reasons.map((r) => r.message).join('；'),
    });
  });

  it('counts the sign-by day in working days from the publication day, skipping holidays', () => {
    expect(addWorkingDays('2026-09-28', 3, settings.calendar.holidays)).toBe('2026-10-02');
    expect(lights.of(ledgerRowFor(base)).reasons).toBe('已逾期3天；2026年11月进展未报送；超期未签收（签收期限2026年10月2日）');
  });
});
