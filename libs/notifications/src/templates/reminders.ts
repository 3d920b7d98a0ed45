import type { RenderedMessage } from '../message';
import { formatMessage, type ContentSection, type MessageContent } from './format';

/**
 * Reminder, escalation and monthly-cycle messages (Chinese), rendered for every channel. Dates are
 * Shanghai calendar dates as `YYYY-MM-DD`; inputs are plain values, never markup (the formatters
 * escape them).
 */

/** A task as messages name it. */
export interface TaskRef {
  taskId: string;
  /** the measure's number as printed (一、 / 第3条 / （二）…), if any */
  measureNumber?: string | null;
  title: string;
}

/** Routine reminders: grouped into one digest per recipient and channel when there are several. */
export type RoutineReminder =
  /** 【到期提醒】 `workingDaysLeft` 0 = due today */
  | { kind: 'reminder.due-soon'; task: TaskRef; dueDate: string; workingDaysLeft: number }
  /** 【逾期提醒】 */
  | { kind: 'reminder.overdue'; task: TaskRef; dueDate: string; daysOverdue: number }
  /** 【签收提醒】 `overdue`: the receipt deadline has passed */
  | { kind: 'reminder.receipt'; task: TaskRef; receiptDue: string; overdue: boolean }
  /** 【报送提醒】 a periodic report missing */
  | { kind: 'reminder.report-missing'; task: TaskRef; periodLabel: string; reportDue: string }
  /** 【督办回复提醒】 a supervision notice's reply deadline near or passed */
  | { kind: 'reminder.notice-reply'; task: TaskRef; levelLabel: string; replyDue: string };

export type RoutineReminderKind = RoutineReminder['kind'];

export const REMINDER_TAGS: Record<RoutineReminderKind, string> = {
  'reminder.overdue': '【逾期提醒】',
  'reminder.due-soon': '【到期提醒】',
  'reminder.receipt': '【签收提醒】',
  'reminder.report-missing': '【报送提醒】',
  'reminder.notice-reply': '【督办回复提醒】',
};

/** Digest sections in this order: the most urgent first. */
const DIGEST_ORDER = Object.keys(REMINDER_TAGS) as RoutineReminderKind[];

/** what N items of a kind are, in a digest title: 【到期提醒】12 项任务即将到期 */
const DIGEST_NOUNS: Record<RoutineReminderKind, string> = {
  'reminder.overdue': '项任务已逾期',
  'reminder.due-soon': '项任务即将到期',
  'reminder.receipt': '项任务待签收',
  'reminder.report-missing': '项任务待报送进展',
  'reminder.notice-reply': '项督办待反馈',
};

const FOOTER = '请登录落实系统查看并办理。';

export function taskLabel(task: TaskRef): string {
  return task.measureNumber ? `${task.measureNumber} ${task.title}` : task.title;
}

/** "还有 3 个工作日到期" or "今日到期" */
function dueIn(r: { workingDaysLeft: number }): string {
  return r.workingDaysLeft <= 0 ? '今日到期' : `还有 ${r.workingDaysLeft} 个工作日到期`;
}

/** One reminder as a sentence of its own message. */
function reminderSentence(r: RoutineReminder): string {
  const t = `「${taskLabel(r.task)}」`;
  switch (r.kind) {
    case 'reminder.due-soon':
      return r.workingDaysLeft <= 0
        ? `${t}今日到期（完成时限 ${r.dueDate}），请抓紧办结并报送进展。`
        : `${t}${dueIn(r)}（完成时限 ${r.dueDate}），请抓紧推进。`;
    case 'reminder.overdue':
      return `${t}已逾期 ${r.daysOverdue} 天（完成时限 ${r.dueDate}），请尽快办结或申请延期。`;
    case 'reminder.receipt':
      return r.overdue ? `${t}已超过签收时限（${r.receiptDue}），请尽快签收。` : `${t}尚未签收，请于 ${r.receiptDue} 前签收。`;
    case 'reminder.report-missing':
      return `${t}${r.periodLabel}的进展尚未报送，请于 ${r.reportDue} 前报送。`;
    case 'reminder.notice-reply':
      return `${t}的${r.levelLabel}尚未反馈，请于 ${r.replyDue} 前反馈督办意见。`;
  }
}

/** One reminder as a line of a digest list. */
function reminderLine(r: RoutineReminder): string {
  const label = taskLabel(r.task);
  switch (r.kind) {
    case 'reminder.due-soon':
      return `${label}：${dueIn(r)}（${r.dueDate}）`;
    case 'reminder.overdue':
      return `${label}：逾期 ${r.daysOverdue} 天（完成时限 ${r.dueDate}）`;
    case 'reminder.receipt':
      return `${label}：${r.overdue ? '已超过' : ''}签收时限 ${r.receiptDue}`;
    case 'reminder.report-missing':
      return `${label}：${r.periodLabel}进展未报送（报送截止 ${r.reportDue}）`;
    case 'reminder.notice-reply':
      return `${label}：${r.levelLabel}待反馈（${r.replyDue} 前）`;
  }
}

/** Most urgent first within a section: more days overdue, fewer days left, earlier dates. */
function urgency(r: RoutineReminder): [number, string] {
  switch (r.kind) {
    case 'reminder.overdue':
      return [-r.daysOverdue, r.dueDate];
    case 'reminder.due-soon':
      return [r.workingDaysLeft, r.dueDate];
    case 'reminder.receipt':
      return [r.overdue ? 0 : 1, r.receiptDue];
    case 'reminder.report-missing':
      return [0, r.reportDue];
    case 'reminder.notice-reply':
      return [0, r.replyDue];
  }
}

function byUrgency(a: RoutineReminder, b: RoutineReminder): number {
  const [x1, x2] = urgency(a);
  const [y1, y2] = urgency(b);
  return x1 - y1 || x2.localeCompare(y2) || taskLabel(a.task).localeCompare(taskLabel(b.task), 'zh');
}

export function renderReminder(r: RoutineReminder): RenderedMessage {
  return formatMessage({
    kind: r.kind,
    title: `${REMINDER_TAGS[r.kind]}${r.task.title}`,
    paragraphs: [reminderSentence(r)],
    footer: FOOTER,
    data: { taskIds: [r.task.taskId] },
  });
}

export interface DigestInput {
  /** the Shanghai date the digest is for */
  date: string;
  /** the recipient's name (a unit, a user) to address the message to */
  recipientName?: string | null;
  items: RoutineReminder[];
}

/**
 * A recipient's routine reminders of one day as one message listing them (40 tasks due → one
 * message), grouped by kind, most urgent first. A single reminder is sent as its own message.
 * Robots get as many lines as fit their size limit and a count of the rest; email gets all.
 */
export function renderDigest({ date, recipientName, items }: DigestInput): RenderedMessage {
  if (items.length === 0) throw new Error('renderDigest: no reminders to render');
  if (items.length === 1) return renderReminder(items[0]);
  const sections: ContentSection[] = [];
  const byKind: Partial<Record<RoutineReminderKind, number>> = {};
  for (const kind of DIGEST_ORDER) {
    const ofKind = items.filter((r) => r.kind === kind).sort(byUrgency);
    if (ofKind.length === 0) continue;
    byKind[kind] = ofKind.length;
    sections.push({ heading: `${REMINDER_TAGS[kind]}${ofKind.length} 项`, items: ofKind.map(reminderLine) });
  }
  const kinds = Object.keys(byKind) as RoutineReminderKind[];
  const title = kinds.length === 1 ? `${REMINDER_TAGS[kinds[0]]}${items.length} ${DIGEST_NOUNS[kinds[0]]}` : `【每日提醒】${date} 共 ${items.length} 项待办`;
  const summary = kinds.map((k) => `${REMINDER_TAGS[k].slice(1, -3)} ${byKind[k]} 项`).join('、');
  const content: MessageContent = {
    kind: 'reminder.digest',
    title,
    paragraphs: [`${recipientName ? `${recipientName}：` : ''}截至 ${date}，以下 ${items.length} 项需要关注（${summary}）。`],
    sections,
    footer: FOOTER,
    data: { date, count: items.length, byKind, taskIds: [...new Set(items.map((r) => r.task.taskId))] },
  };
  return formatMessage(content);
}
