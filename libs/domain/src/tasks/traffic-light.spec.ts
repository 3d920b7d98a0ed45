import { DomainError } from '../errors/domain-error';
import { assessTask, DUE_SOON_DAYS, PROGRESS_LAG_TOLERANCE, type TaskAssessmentInput } from './traffic-light';

const TODAY = '2022-06-10'; // a Friday; May 2022 closed for reports on 6 June (grace 5)

/** An in-progress task with nothing wrong on TODAY. */
const healthy: TaskAssessmentInput = {
  state: 'in_progress',
  dueDate: '2022-12-31',
  ongoing: false,
  cadence: 'monthly',
  lastReportedPeriod: '2022-05',
  publishedAt: '2022-03-01',
  signedAt: '2022-03-02',
  receiptWorkingDays: 3,
  openNotices: [],
  graceDays: 5,
};

function assess(changes: Partial<TaskAssessmentInput>, today = TODAY) {
  return assessTask({ ...healthy, ...changes }, today);
}

function reasonsOf(changes: Partial<TaskAssessmentInput>, today = TODAY): string[] {
  return assess(changes, today).reasons.map((reason) => `${reason.code} ${reason.message}`);
}

describe('assessTask', () => {
  it('leaves a healthy task green with no reasons', () => {
    expect(assessTask(healthy, TODAY)).toEqual({
      overdue: false,
      lagging: false,
      light: 'green',
      reasons: [],
      dueInDays: 204,
      receiptOverdue: false,
    });
  });

  describe('due date', () => {
    it.each([
      ['due 12 days ago', '2022-05-29', 'red', ['OVERDUE 已逾期12天']],
      ['due yesterday', '2022-06-09', 'red', ['OVERDUE 已逾期1天']],
      ['due today', '2022-06-10', 'yellow', ['DUE_SOON 今天到期']],
      ['due in 5 days', '2022-06-15', 'yellow', ['DUE_SOON 距完成时限还有5天']],
      ['due in exactly 7 days', '2022-06-17', 'yellow', ['DUE_SOON 距完成时限还有7天']],
      ['due in 8 days', '2022-06-18', 'green', []],
    ])('%s (%s) is %s', (_why, dueDate, light, reasons) => {
      expect(assess({ dueDate }).light).toBe(light);
      expect(reasonsOf({ dueDate })).toEqual(reasons);
    });

    it('counts overdue from the day after the due date', () => {
      expect(assess({ dueDate: '2022-06-10' })).toMatchObject({ overdue: false, dueInDays: 0 });
      expect(assess({ dueDate: '2022-06-09' })).toMatchObject({ overdue: true, dueInDays: -1 });
    });

    it('uses a 7-day window', () => {
      expect(DUE_SOON_DAYS).toBe(7);
    });

    it('has no due date rules without a due date', () => {
      expect(assess({ dueDate: null })).toMatchObject({ light: 'green', dueInDays: null, overdue: false });
    });
  });

  describe('ongoing tasks (长期)', () => {
    it('have no due date and stay green while they report', () => {
      expect(assess({ ongoing: true, dueDate: null })).toMatchObject({ light: 'green', dueInDays: null });
    });

    it('ignore a stray due date', () => {
      expect(assess({ ongoing: true, dueDate: '2022-01-31' })).toMatchObject({
        light: 'green',
        overdue: false,
        dueInDays: null,
      });
    });

    it('turn red when a report is missing', () => {
      expect(assess({ ongoing: true, dueDate: null, lastReportedPeriod: '2022-04' })).toMatchObject({
        light: 'red',
        lagging: true,
        overdue: false,
      });
    });
  });

  describe('missing reports', () => {
    const MAY_MISSING = 'REPORT_MISSING 2022年5月进展未报送';

    it.each([
      ['the last report is for April', { lastReportedPeriod: '2022-04' }, [MAY_MISSING]],
      ['nothing was ever reported', { lastReportedPeriod: null }, [MAY_MISSING]],
      ['published in May, nothing reported', { publishedAt: '2022-05-20', lastReportedPeriod: null }, [MAY_MISSING]],
      ['published on the last day of May', { publishedAt: '2022-05-31', lastReportedPeriod: null }, [MAY_MISSING]],
      ['published after May ended', { publishedAt: '2022-06-01', lastReportedPeriod: null }, []],
      ['the open June period is already reported', { lastReportedPeriod: '2022-06' }, []],
      ['a draft, never published', { publishedAt: null, signedAt: null, lastReportedPeriod: null }, []],
    ] as const)('%s', (_why, changes, reasons) => {
      expect(reasonsOf(changes)).toEqual(reasons);
    });

    it('is red and lagging but not overdue', () => {
      expect(assess({ lastReportedPeriod: '2022-04' })).toMatchObject({
        light: 'red',
        lagging: true,
        overdue: false,
      });
    });

    it('waits until the period has closed (period end + grace)', () => {
      expect(reasonsOf({ lastReportedPeriod: '2022-04' }, '2022-06-05')).toEqual([]);
      expect(reasonsOf({ lastReportedPeriod: '2022-04' }, '2022-06-06')).toEqual([MAY_MISSING]);
    });

    it('respects the configured grace', () => {
      expect(reasonsOf({ lastReportedPeriod: '2022-04', graceDays: 10 })).toEqual([]);
      expect(reasonsOf({ lastReportedPeriod: '2022-04', graceDays: 9 })).toEqual([MAY_MISSING]);
    });

    it.each([
      ['weekly', 2, '2022-W21', 'REPORT_MISSING 2022年第22周进展未报送'],
      ['dekad', 3, '2022-05-2', 'REPORT_MISSING 2022年5月下旬进展未报送'],
    ] as const)('names the %s period that is missing', (cadence, graceDays, lastReportedPeriod, reason) => {
      expect(reasonsOf({ cadence, graceDays, lastReportedPeriod })).toEqual([reason]);
    });

    it('applies to tasks not started yet', () => {
      expect(assess({ state: 'not_started', lastReportedPeriod: null }).light).toBe('red');
    });
  });

  describe('progress behind time (lagging)', () => {
    // Published 1 March, due 9 June: 100 days. On 1 May 61 of them have passed.
    const span: Partial<TaskAssessmentInput> = {
      publishedAt: '2022-03-01',
      dueDate: '2022-06-09',
      lastReportedPeriod: '2022-03',
    };
    const MAY_1 = '2022-05-01';

    it(`tolerates a gap of ${PROGRESS_LAG_TOLERANCE} points`, () => {
      expect(assess({ ...span, latestPercent: 41 }, MAY_1)).toMatchObject({ light: 'green', lagging: false });
    });

    it('flags a larger gap as lagging and yellow', () => {
      const assessment = assess({ ...span, latestPercent: 40 }, MAY_1);
      expect(assessment).toMatchObject({ light: 'yellow', lagging: true, overdue: false });
      expect(assessment.reasons).toEqual([{ code: 'PROGRESS_BEHIND', message: '进度滞后：时间已过61%，完成40%' }]);
    });

    it.each([
      ['no percent is reported', { latestPercent: null }],
      ['the task is ongoing', { latestPercent: 0, ongoing: true }],
      ['the task is a draft', { latestPercent: 0, publishedAt: null, signedAt: null }],
    ])('is not judged when %s', (_why, changes) => {
      const codes = assess({ ...span, ...changes }, MAY_1).reasons.map((reason) => reason.code);
      expect(codes).not.toContain('PROGRESS_BEHIND');
    });

    it('is not judged on a task due the day it was published (no time span to compare with)', () => {
      const sameDay = { ...span, dueDate: '2022-03-01', latestPercent: 0 };
      expect(reasonsOf(sameDay, '2022-03-01')).toEqual(['DUE_SOON 今天到期']);
    });

    it('gives way to OVERDUE once the due date has passed', () => {
      expect(reasonsOf({ ...span, latestPercent: 0, lastReportedPeriod: '2022-05' })).toEqual(['OVERDUE 已逾期1天']);
    });
  });

  describe('receipt (签收)', () => {
    // Published Monday 6 June with 3 working days to sign: the deadline is Thursday 9 June.
    const unsigned: Partial<TaskAssessmentInput> = { publishedAt: '2022-06-06', signedAt: null };

    it('is not overdue on the last day to sign', () => {
      expect(assess(unsigned, '2022-06-09')).toMatchObject({ receiptOverdue: false, light: 'green' });
    });

    it('is overdue and yellow the day after', () => {
      const assessment = assess(unsigned, '2022-06-10');
      expect(assessment).toMatchObject({ receiptOverdue: true, light: 'yellow' });
      expect(assessment.reasons).toEqual([{ code: 'RECEIPT_OVERDUE', message: '超期未签收（签收期限2022年6月9日）' }]);
    });

    it('is never overdue once signed', () => {
      expect(assess({ publishedAt: '2022-06-06', signedAt: '2022-06-20' }).receiptOverdue).toBe(false);
    });

    it('counts working days with the holiday list', () => {
      // Published Wednesday 1 June; Friday 3 June is the Dragon Boat Festival (端午节).
      const beforeFestival = { publishedAt: '2022-06-01', signedAt: null };
      const withHoliday = { ...beforeFestival, holidays: new Set(['2022-06-03']) };
      expect(assess(beforeFestival, '2022-06-07').receiptOverdue).toBe(true);
      expect(assess(withHoliday, '2022-06-07').receiptOverdue).toBe(false);
      expect(assess(withHoliday, '2022-06-08').receiptOverdue).toBe(true);
    });

    it('counts a make-up working day (调休)', () => {
      // Published Friday 3 June with 1 working day: Monday 6 June, or Saturday 4 June if worked.
      const fridayPublication = { publishedAt: '2022-06-03', signedAt: null, receiptWorkingDays: 1 };
      const withSaturdayWorked = { ...fridayPublication, makeupWorkdays: new Set(['2022-06-04']) };
      expect(assess(fridayPublication, '2022-06-06').receiptOverdue).toBe(false);
      expect(assess(withSaturdayWorked, '2022-06-06').receiptOverdue).toBe(true);
    });
  });

  describe('open supervision notices', () => {
    it.each([
      [[{ level: 'yellow' }], 'NOTICE_OPEN 黄色督办未办结'],
      [[{ level: 'blue' }, { level: 'red' }, { level: 'yellow' }], 'NOTICE_OPEN 3件督办未办结（最高为红色督办）'],
    ] as const)('turn the task yellow: %j', (openNotices, reason) => {
      expect(assess({ openNotices }).light).toBe('yellow');
      expect(reasonsOf({ openNotices })).toEqual([reason]);
    });
  });

  describe('several findings at once', () => {
    it('lists every reason, most severe first, and stays red', () => {
      const assessment = assess({
        dueDate: '2022-06-01',
        lastReportedPeriod: '2022-04',
        publishedAt: '2022-03-01',
        signedAt: null,
        openNotices: [{ level: 'red' }],
      });
      expect(assessment).toMatchObject({
        light: 'red',
        overdue: true,
        lagging: true,
        receiptOverdue: true,
        dueInDays: -9,
      });
      expect(assessment.reasons.map((reason) => reason.code)).toEqual(['OVERDUE', 'REPORT_MISSING', 'RECEIPT_OVERDUE', 'NOTICE_OPEN']);
    });

    it('lists a due-soon and a missing report together', () => {
      expect(reasonsOf({ dueDate: '2022-06-12', lastReportedPeriod: null })).toEqual(['REPORT_MISSING 2022年5月进展未报送', 'DUE_SOON 距完成时限还有2天']);
    });
  });

  const everythingWrong: Partial<TaskAssessmentInput> = {
    dueDate: '2022-05-01',
    lastReportedPeriod: null,
    signedAt: null,
    latestPercent: 0,
    openNotices: [{ level: 'red' }],
  };

  describe('submitted_done (awaiting the office)', () => {
    it('is no longer judged on deadline, reports or receipt, but shows an open notice', () => {
      const assessment = assess({ ...everythingWrong, state: 'submitted_done' });
      expect(assessment).toEqual({
        overdue: false,
        lagging: false,
        light: 'yellow',
        reasons: [{ code: 'NOTICE_OPEN', message: '红色督办未办结' }],
        dueInDays: -40,
        receiptOverdue: false,
      });
    });

    it('is green without an open notice', () => {
      expect(assess({ ...everythingWrong, openNotices: [], state: 'submitted_done' }).light).toBe('green');
    });
  });

  describe.each(['completed', 'not_applicable'] as const)('%s', (state) => {
    it('is green with no reasons, whatever else is true', () => {
      expect(assess({ ...everythingWrong, state })).toEqual({
        overdue: false,
        lagging: false,
        light: 'green',
        reasons: [],
        dueInDays: null,
        receiptOverdue: false,
      });
    });
  });

  it('rejects a malformed today', () => {
    expect(() => assessTask(healthy, '2022/06/10')).toThrow(DomainError);
  });
});
