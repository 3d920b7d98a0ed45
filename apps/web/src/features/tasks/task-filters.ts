import { booleanParam } from '@/lib/url-state';
import type { Light, TaskState } from '@/lib/labels';
import type { TaskListQuery } from './api/tasks';

/** The task list's filters as URL parameters (GET /tasks takes the same names). */
export const TASK_FILTER_KEYS = [
  'documentId',
  'measureId',
  'unitId',
  'role',
  'state',
  'light',
  'overdue',
  'lagging',
  'receiptOverdue',
  'reportMissing',
  'dueSoon',
  'dueBefore',
  'q',
  'noticeLevel',
  'noticeReplyOverdue',
  'extensionPending',
] as const;

/** The flags a dashboard number can stand for, with the words the list shows for them. */
export const TASK_FLAG_LABELS = {
  overdue: '逾期',
  lagging: '滞后',
  receiptOverdue: '超期未签收',
  reportMissing: '本期未报送',
  dueSoon: '7 天内到期',
} as const;
export type TaskFlag = keyof typeof TASK_FLAG_LABELS;

const NOTICE_LEVELS = ['blue', 'yellow', 'red'] as const;
const NOTICE_LEVEL_TAGS = { blue: '有未办结蓝色督办', yellow: '有未办结黄色督办', red: '有未办结红色督办' } as const;

/**
 * The dashboard's 督办 / 超期未反馈 / 延期申请 filters, which the list has no control for: each
 * shown as a tag that removes it (the URL parameter to clear and the words to show).
 */
export function linkedFilterTags(query: TaskListQuery): { key: 'noticeLevel' | 'noticeReplyOverdue' | 'extensionPending'; label: string }[] {
  const tags: { key: 'noticeLevel' | 'noticeReplyOverdue' | 'extensionPending'; label: string }[] = [];
  if (query.noticeLevel) tags.push({ key: 'noticeLevel', label: NOTICE_LEVEL_TAGS[query.noticeLevel] });
  if (query.noticeReplyOverdue !== undefined) tags.push({ key: 'noticeReplyOverdue', label: query.noticeReplyOverdue ? '督办超期未反馈' : '无督办超期未反馈' });
  if (query.extensionPending !== undefined) tags.push({ key: 'extensionPending', label: query.extensionPending ? '有待审批延期申请' : '无待审批延期申请' });
  return tags;
}

/**
 * The dashboard counts 督办 (件) while the list counts tasks (项): one task may carry several
 * notices, so under a notice filter the list says what its total counts. Null otherwise.
 */
export function noticeCountNote(query: TaskListQuery, total: number): string | null {
  if (!query.noticeLevel && query.noticeReplyOverdue !== true) return null;
  return `共 ${total} 项任务带有所选督办。总览按督办件数统计，一项任务可有多件督办，故件数可能多于任务数。`;
}

/** The URL is the state of a task list (the office's and the bureau's), so every dashboard number links to its own list. */
export function taskListQueryOf(params: URLSearchParams): TaskListQuery {
  const value = (key: string) => params.get(key) ?? undefined;
  const role = value('role');
  const noticeLevel = NOTICE_LEVELS.find((level) => level === value('noticeLevel'));
  return {
    page: Number(params.get('page') ?? 1),
    pageSize: Number(params.get('pageSize') ?? 20),
    documentId: value('documentId'),
    measureId: value('measureId'),
    unitId: value('unitId'),
    role: role === 'lead' || role === 'co' ? role : undefined,
    state: value('state') as TaskState | undefined,
    light: value('light') as Light | undefined,
    overdue: booleanParam(value('overdue')),
    lagging: booleanParam(value('lagging')),
    receiptOverdue: booleanParam(value('receiptOverdue')),
    reportMissing: booleanParam(value('reportMissing')),
    dueSoon: booleanParam(value('dueSoon')),
    dueBefore: value('dueBefore'),
    q: value('q'),
    noticeLevel,
    noticeReplyOverdue: booleanParam(value('noticeReplyOverdue')),
    extensionPending: booleanParam(value('extensionPending')),
    sort: (value('sort') as TaskListQuery['sort']) ?? 'dueDate',
    order: (value('order') as TaskListQuery['order']) ?? 'asc',
  };
}

/** A link to the task list behind a number: only the filters that are set. */
export function taskListHref(filters: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const text = search.toString();
  return text ? `/task-list?${text}` : '/task-list';
}
