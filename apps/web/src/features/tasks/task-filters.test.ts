import { describe, expect, it } from 'vitest';
import { taskListHref, taskListQueryOf } from './task-filters';

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

  it('links only the filters that are set', () => {
    expect(taskListHref({ unitId: 'u1', documentId: undefined, lagging: 'true' })).toBe('/task-list?unitId=u1&lagging=true');
    expect(taskListHref({ measureId: undefined })).toBe('/task-list');
  });
});
