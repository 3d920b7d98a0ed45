import { describe, expect, it } from 'vitest';
import { attachmentProblem, ATTACHMENT_MAX_BYTES } from './attachment-rules';
import { reportContentOf } from './routes/ReportPage';

describe('the report form', () => {
  it('sends the percent or the milestone, never both, and blanks as null', () => {
    expect(reportContentOf({ mode: 'percent', text: ' 已完成 ', percent: 40, milestone: '旧节点', problems: '  ', nextSteps: '继续' })).toEqual({
      text: '已完成',
      percent: 40,
      milestone: null,
      problems: null,
      nextSteps: '继续',
    });
    expect(reportContentOf({ mode: 'milestone', text: '推进', percent: 40, milestone: ' 方案已印发 ' })).toEqual({
      text: '推进',
      percent: null,
      milestone: '方案已印发',
      problems: null,
      nextSteps: null,
    });
  });

  it('refuses attachments the API would refuse before uploading them', () => {
    expect(attachmentProblem({ name: '佐证.PDF', size: 1000 })).toBeNull();
    expect(attachmentProblem({ name: '照片.jpeg', size: ATTACHMENT_MAX_BYTES })).toBeNull();
    expect(attachmentProblem({ name: '脚本.exe', size: 10 })).toMatch(/类型不支持/);
    expect(attachmentProblem({ name: '大文件.pdf', size: ATTACHMENT_MAX_BYTES + 1 })).toMatch(/超过 20 MB/);
    expect(attachmentProblem({ name: '空.docx', size: 0 })).toMatch(/空文件/);
  });
});
