import { sql } from '@luoshi/infra';
import { ListTasksQueryDto } from './dto/list-tasks-query.dto';
import { countsFromTally, taskListQuery, TaskListScope } from './task-list.query';

const office: TaskListScope = { unitId: null, taskWhere: sql`TRUE` };
const bureau: TaskListScope = { unitId: 'u1', taskWhere: sql`t.published_at IS NOT NULL` };
const query = (q: Partial<ListTasksQueryDto>): ListTasksQueryDto => Object.assign(new ListTasksQueryDto(), q);
const settings = { receiptWorkingDays: 3, graceDays: 5, calendar: { holidays: new Set<string>(), makeupWorkdays: new Set<string>() } } as never;
const unitId = '7f0c1d2e-0000-4000-8000-000000000001';

describe('countsFromTally', () => {
  it('takes the office total from task_tally for the filters it keeps', () => {
    for (const q of [{}, { light: 'red' }, { overdue: true }, { state: 'in_progress', dueSoon: false }, { unitId }, { unitId, role: 'co' }] as const) {
      expect({ q, tally: countsFromTally(office, query(q)) }).toEqual({ q, tally: true });
    }
  });

  it('counts otherwise: a bureau, a role without a unit (a task with two co units), filters the tally does not keep', () => {
    expect(countsFromTally(bureau, query({ light: 'red' }))).toBe(false);
    expect(countsFromTally(office, query({ role: 'co' }))).toBe(false);
    for (const q of [{ q: '任务' }, { documentId: unitId }, { dueBefore: '2025-01-01' }, { noticeLevel: 'red' }, { extensionPending: true }] as const) {
      expect({ q, tally: countsFromTally(office, query({ light: 'red', ...q })) }).toEqual({ q, tally: false });
    }
  });

  it('sums the tally rows of the filters plus the unpublished tasks counted, with the page a LIMIT of literals', () => {
    const built = taskListQuery({ scope: office, query: query({ light: 'red', unitId, role: 'lead' }), today: '2025-04-15', settings });
    expect(built.count.text).toContain('FROM task_tally k');
    expect(built.count.text).toContain('t.published_at IS NULL');
    expect(built.count.values).toEqual(expect.arrayContaining([unitId, 'lead', 'red']));
    expect(built.page.text).toContain('LIMIT 20 OFFSET 0');
    expect(built.preparable).toBe(true);
  });
});
