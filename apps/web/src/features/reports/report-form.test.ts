import { describe, expect, it } from 'vitest';
import { attachmentProblem, type AttachmentLimits } from './attachment-rules';
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

  it('refuses attachments the API would refuse before uploading them, by the limits the API states', () => {
    const limits: AttachmentLimits = {
      maxBytes: 5 * 1024 * 1024,
      maxFilesPerReport: 3,
      extensions: ['.pdf', '.docx', '.xlsx', '.png', '.jpg', '.jpeg'],
      mediaTypes: ['application/pdf'],
      description: '仅支持 PDF、Word（.docx）、Excel（.xlsx）、PNG、JPEG 文件，单个文件不超过 5 MB',
    };
    expect(attachmentProblem({ name: '佐证.PDF', size: 1000 }, limits)).toBeNull();
    expect(attachmentProblem({ name: '照片.jpeg', size: limits.maxBytes }, limits)).toBeNull();
    expect(attachmentProblem({ name: '脚本.exe', size: 10 }, limits)).toMatch(/类型不支持/);
    expect(attachmentProblem({ name: '大文件.pdf', size: limits.maxBytes + 1 }, limits)).toMatch(/超过 5 MB/);
    expect(attachmentProblem({ name: '大文件.pdf', size: 30 * 1024 * 1024 }, { ...limits, maxBytes: 20 * 1024 * 1024 })).toMatch(/超过 20 MB/);
    expect(attachmentProblem({ name: '空.docx', size: 0 }, limits)).toMatch(/空文件/);
    expect(attachmentProblem({ name: '第四个.pdf', size: 10 }, limits, 3)).toMatch(/最多上传 3 个/);
  });
});
