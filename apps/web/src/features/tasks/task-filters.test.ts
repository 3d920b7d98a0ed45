import { describe, expect, it } from 'vitest';
import { linkedFilterTags, noticeCountNote, taskListHref, taskListQueryOf } from './task-filters';

describe('task list filters in the URL', () => {
  it('reads every filter the API takes, booleans only when written as true/false', () => {
    const query = taskListQueryOf(new URLSearchParams('unitId=u1&role=lead&lagging=true&reportMissing=false&overdue=yes&light=red&page=3'));
    expect(query).toMatchObject({
      unitId: 'u1',
      role: 'lead',
      lagging: true,
      reportMissing: false,
      overdue: undefined,
      light: 'red',
      page: 3,
      pageSize: 20,
      sort: 'dueDate',
      order: 'asc',
    });
    expect(taskListQueryOf(new URLSearchParams('role=boss')).role).toBeUndefined();
  });

  it("reads the dashboard's notice and extension links and names them as removable tags", () => {
    const query = taskListQueryOf(new URLSearchParams('noticeLevel=red&noticeReplyOverdue=true&extensionPending=false'));
    expect(query).toMatchObject({ noticeLevel: 'red', noticeReplyOverdue: true, extensionPending: false });
    expect(linkedFilterTags(query)).toEqual([
      { key: 'noticeLevel', label: '有未办结红色督办' },
      { key: 'noticeReplyOverdue', label: '督办超期未反馈' },
      { key: 'extensionPending', label: '无待审批延期申请' },
    ]);
    expect(taskListQueryOf(new URLSearchParams('noticeLevel=purple')).noticeLevel).toBeUndefined();
    expect(linkedFilterTags(taskListQueryOf(new URLSearchParams('overdue=true')))).toEqual([]);
  });

  it('says under a notice filter that the list counts tasks while the dashboard counts notices', () => {
    const note = noticeCountNote(taskListQueryOf(new URLSearchParams('noticeLevel=blue')), 3);
    expect(note).toContain('共 3 项任务带有所选督办');
    expect(note).toContain('件数可能多于任务数');
    expect(noticeCountNote(taskListQueryOf(new URLSearchParams('noticeReplyOverdue=true')), 1)).toContain('共 1 项任务');
    expect(noticeCountNote(taskListQueryOf(new URLSearchParams('noticeReplyOverdue=false')), 5)).toBeNull();
    expect(noticeCountNote(taskListQueryOf(new URLSearchParams('overdue=true')), 5)).toBeNull();
  });

  it('links only the filters that are set', () => {
    expect(taskListHref({ unitId: 'u1', documentId: undefined, lagging: 'true' })).toBe('/task-list?unitId=u1&lagging=true');
    expect(taskListHref({ measureId: undefined })).toBe('/task-list');
  });
});
