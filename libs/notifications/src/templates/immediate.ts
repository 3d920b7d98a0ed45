import type { RenderedMessage } from '../message';
import { formatMessage, type MessageContent } from './format';
import { taskLabel, type TaskRef } from './reminders';

/** 25.1% */
function percent(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

/**
 * Messages that go out at once, never in a digest: escalations and the monthly cycle's notices.
 * Each is a function from plain values to content; `renderMessage` formats it for every channel.
 */
export const IMMEDIATE_TEMPLATES = {
  /** 【逾期督办】 to the office: a task overdue past the escalation threshold, flagged */
  'task.escalated': (p: { task: TaskRef; unitName: string; dueDate: string; daysOverdue: number }): MessageContent => ({
    kind: 'task.escalated',
    title: `【逾期督办】${p.unitName}「${p.task.title}」逾期 ${p.daysOverdue} 天`,
    paragraphs: [`${p.unitName}牵头的「${taskLabel(p.task)}」已逾期 ${p.daysOverdue} 天（完成时限 ${p.dueDate}），已标记为逾期督办，请研究督办措施。`],
    footer: '请登录落实系统查看任务详情并下达督办。',
    data: { taskIds: [p.task.taskId], daysOverdue: p.daysOverdue },
  }),
  /** 【月调度】 to each unit with open tasks: the period is open, report by … */
  'period.opened': (p: { periodLabel: string; reportDue: string; taskCount: number }): MessageContent => ({
    kind: 'period.opened',
    title: `【月调度】请于 ${p.reportDue} 前报送${p.periodLabel}进展`,
    paragraphs: [`${p.periodLabel}调度已开始，贵单位有 ${p.taskCount} 项任务需报送进展，请于 ${p.reportDue} 前在落实系统报送。`],
    footer: '未按时报送的将在月调度汇总中列明。',
    data: { periodLabel: p.periodLabel, reportDue: p.reportDue, taskCount: p.taskCount },
  }),
  /** 【月调度汇总】 to the office and leaders: the period closed, its rollup frozen */
  'rollup.ready': (p: {
    periodLabel: string;
    taskCount: number;
    completedCount: number;
    completionRate: number;
    overdueCount: number;
    laggingCount: number;
    unreportedUnitCount: number;
  }): MessageContent => ({
    kind: 'rollup.ready',
    title: `【月调度汇总】${p.periodLabel}调度汇总已生成`,
    paragraphs: [
      `${p.periodLabel}调度汇总已生成：共 ${p.taskCount} 项任务，已完成 ${p.completedCount} 项（完成率 ${percent(p.completionRate)}），` +
        `逾期 ${p.overdueCount} 项，滞后 ${p.laggingCount} 项，${p.unreportedUnitCount > 0 ? `${p.unreportedUnitCount} 个单位未报送` : '各单位均已报送'}。`,
    ],
    footer: '请登录落实系统查看各单位排名和明细。',
    data: { ...p },
  }),
  /** 【台账已生成】 to the user who asked for the ledger */
  'ledger.ready': (p: { scopeLabel: string; rowCount: number; fileName: string; generatedAt: string }): MessageContent => ({
    kind: 'ledger.ready',
    title: `【台账已生成】${p.fileName}`,
    paragraphs: [`您申请的${p.scopeLabel}台账已于 ${p.generatedAt} 生成，共 ${p.rowCount} 项任务。`],
    footer: '请登录落实系统下载。',
    data: { fileName: p.fileName, rowCount: p.rowCount },
  }),
} as const;

export type ImmediateKind = keyof typeof IMMEDIATE_TEMPLATES;

export function renderMessage<K extends ImmediateKind>(kind: K, params: Parameters<(typeof IMMEDIATE_TEMPLATES)[K]>[0]): RenderedMessage {
  return formatMessage((IMMEDIATE_TEMPLATES[kind] as (p: typeof params) => MessageContent)(params));
}
