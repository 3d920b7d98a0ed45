import { NOTICE_LEVEL_LABELS_ZH } from './notice-level';
import { defaultReplyDue, NOTICE_REPLY_WORKING_DAYS, suggestNoticeLevel } from './supervision';
import type { AssessmentReasonCode, TaskAssessment } from './traffic-light';

function assessment(flags: Partial<TaskAssessment>, codes: AssessmentReasonCode[] = []): TaskAssessment {
  return {
    overdue: false,
    lagging: false,
    light: 'green',
    reasons: codes.map((code) => ({ code, message: code })),
    dueInDays: null,
    receiptOverdue: false,
    ...flags,
  };
}

describe('suggestNoticeLevel', () => {
  it.each([
    ['overdue', assessment({ overdue: true, lagging: true, light: 'red' }, ['OVERDUE', 'REPORT_MISSING']), 'red'],
    ['a report missing', assessment({ lagging: true, light: 'red' }, ['REPORT_MISSING', 'DUE_SOON']), 'yellow'],
    ['progress behind', assessment({ lagging: true, light: 'yellow' }, ['PROGRESS_BEHIND']), 'yellow'],
    ['due soon', assessment({ light: 'yellow', dueInDays: 3 }, ['DUE_SOON']), 'blue'],
    ['only a notice already open', assessment({ light: 'yellow' }, ['NOTICE_OPEN']), null],
    ['only receipt overdue', assessment({ light: 'yellow', receiptOverdue: true }, ['RECEIPT_OVERDUE']), null],
    ['nothing wrong', assessment({}), null],
  ] as const)('%s → %s', (_why, input, level) => {
    expect(suggestNoticeLevel(input)).toBe(level);
  });
});

describe('defaultReplyDue', () => {
  it('gives 3, 5 and 7 working days for red, yellow and blue', () => {
    expect(NOTICE_REPLY_WORKING_DAYS).toEqual({ red: 3, yellow: 5, blue: 7 });
  });

  it.each([
    ['red', '2022-06-15'],
    ['yellow', '2022-06-17'],
    ['blue', '2022-06-21'],
  ] as const)('a %s notice issued on Friday 10 June 2022 is due on %s', (level, due) => {
    expect(defaultReplyDue('2022-06-10', level)).toBe(due);
  });

  it('skips holidays', () => {
    // Issued Wednesday 1 June; Friday 3 June is the Dragon Boat Festival (端午节).
    expect(defaultReplyDue('2022-06-01', 'red')).toBe('2022-06-06');
    expect(defaultReplyDue('2022-06-01', 'red', new Set(['2022-06-03']))).toBe('2022-06-07');
  });

  it('counts make-up working days (调休)', () => {
    const dragonBoat = new Set(['2022-06-03']);
    const saturdayWorked = new Set(['2022-06-04']);
    expect(defaultReplyDue('2022-06-01', 'red', dragonBoat, saturdayWorked)).toBe('2022-06-06');
  });
});

describe('NOTICE_LEVEL_LABELS_ZH', () => {
  it('names each level', () => {
    expect(NOTICE_LEVEL_LABELS_ZH).toEqual({ blue: '蓝色督办', yellow: '黄色督办', red: '红色督办' });
  });
});
