import { reportWarnings, type ReportWarningInput } from './report-warnings';

const plausible: ReportWarningInput = {
  percent: 60,
  markedDone: false,
  text: '已完成项目选址，正在办理用地手续。',
  previousText: '已启动项目前期工作。',
  attachmentCount: 1,
  evidenceRequired: true,
};

function codesFor(changes: Partial<ReportWarningInput>): string[] {
  return reportWarnings({ ...plausible, ...changes }).map((warning) => warning.code);
}

describe('reportWarnings', () => {
  it('has nothing to say about a plausible report', () => {
    expect(reportWarnings(plausible)).toEqual([]);
  });

  describe('PERCENT_100_NOT_DONE', () => {
    it('warns when 100% is reported but the task is not marked done', () => {
      expect(reportWarnings({ ...plausible, percent: 100 })).toEqual([
        { code: 'PERCENT_100_NOT_DONE', message: '进度已填报100%，但任务尚未报请办结，请确认是否已完成' },
      ]);
    });

    it.each([
      ['the task is marked done', { percent: 100, markedDone: true }],
      ['progress is below 100%', { percent: 99 }],
      ['the task reports by milestone', { percent: null }],
    ])('stays quiet when %s', (_why, changes) => {
      expect(codesFor(changes)).toEqual([]);
    });
  });

  describe('TEXT_UNCHANGED', () => {
    it('warns when the text repeats the previous period', () => {
      expect(reportWarnings({ ...plausible, previousText: plausible.text })).toEqual([
        { code: 'TEXT_UNCHANGED', message: '本期进展与上期内容相同，请填写本期新的进展' },
      ]);
    });

    it('ignores line breaks, indentation and full-width spaces', () => {
      expect(
        codesFor({
          text: '　　已完成项目选址，\n正在办理 用地手续。 ',
          previousText: '已完成项目选址，正在办理用地手续。',
        }),
      ).toEqual(['TEXT_UNCHANGED']);
    });

    it.each([
      ['the wording differs', { previousText: '已完成项目选址。' }],
      ['only punctuation differs', { previousText: '已完成项目选址,正在办理用地手续。' }],
      ['there is no previous report', { previousText: null }],
    ])('stays quiet when %s', (_why, changes) => {
      expect(codesFor(changes)).toEqual([]);
    });
  });

  describe('EVIDENCE_MISSING', () => {
    it('warns when evidence is required and nothing is attached', () => {
      expect(reportWarnings({ ...plausible, attachmentCount: 0 })).toEqual([{ code: 'EVIDENCE_MISSING', message: '该任务要求提供佐证材料，本期未上传附件' }]);
    });

    it('stays quiet when the task does not ask for evidence', () => {
      expect(codesFor({ attachmentCount: 0, evidenceRequired: false })).toEqual([]);
    });
  });

  it('lists every warning that applies, in a fixed order', () => {
    expect(codesFor({ percent: 100, previousText: plausible.text, attachmentCount: 0 })).toEqual([
      'PERCENT_100_NOT_DONE',
      'TEXT_UNCHANGED',
      'EVIDENCE_MISSING',
    ]);
  });
});
