/** Chinese message templates, one per notification kind. Inputs are plain values, never markup. */
import type { RenderedMessage } from '../message';
import { IMMEDIATE_TEMPLATES, renderMessage } from './immediate';

const inboxText = (m: RenderedMessage) => ({ title: m.title, body: m.text });

/** 牵头 2 项、配合 1 项 (a zero part left out) */
function rolesZh(leadCount: number, coCount: number): string {
  return [leadCount > 0 ? `牵头 ${leadCount} 项` : '', coCount > 0 ? `配合 ${coCount} 项` : ''].filter(Boolean).join('、');
}
export const TEMPLATES = {
  'task.assigned': (p: { documentTitle: string; taskCount: number; leadCount: number; coCount: number }) => ({
    title: `新交办任务：${p.documentTitle}`,
    body: `《${p.documentTitle}》已交办，贵单位承担 ${p.taskCount} 项任务（${rolesZh(p.leadCount, p.coCount)}），请及时签收。`,
  }),
  /** a unit added to one task of a document already published (it may have other tasks there) */
  'task.added': (p: { documentTitle: string; taskTitle: string; role: 'lead' | 'co' }) => ({
    title: `新增交办任务：${p.taskTitle}`,
    body: `《${p.documentTitle}》中的「${p.taskTitle}」已交办贵单位${p.role === 'lead' ? '牵头' : '配合'}落实，请及时签收。`,
  }),
  'notice.issued': (p: { taskTitle: string; levelLabel: string; replyDue: string }) => ({
    title: `${p.levelLabel}：${p.taskTitle}`,
    body: `请于 ${p.replyDue} 前就「${p.taskTitle}」反馈督办意见。`,
  }),
  'notice.replied': (p: { taskTitle: string; levelLabel: string; unitName: string }) => ({
    title: `督办已反馈：${p.taskTitle}`,
    body: `${p.unitName}已就「${p.taskTitle}」的${p.levelLabel}反馈意见，请审阅后办结。`,
  }),
  'extension.decided': (p: { taskTitle: string; approved: boolean; proposedDate: string; comment: string | null }) =>
    p.approved
      ? {
          title: `延期申请已同意：${p.taskTitle}`,
          body: `「${p.taskTitle}」的延期申请已同意，完成时限调整为 ${p.proposedDate}。${p.comment ? `意见：${p.comment}` : ''}`,
        }
      : {
          title: `延期申请未同意：${p.taskTitle}`,
          body: `「${p.taskTitle}」的延期申请未获同意，请按原时限推进。${p.comment ? `意见：${p.comment}` : ''}`,
        },
  /** 【月调度汇总】 and 【台账已生成】 in the inbox: the immediate templates' text (one wording per message) */
  'rollup.ready': (p: Parameters<(typeof IMMEDIATE_TEMPLATES)['rollup.ready']>[0]) => inboxText(renderMessage('rollup.ready', p)),
  'ledger.ready': (p: Parameters<(typeof IMMEDIATE_TEMPLATES)['ledger.ready']>[0]) => inboxText(renderMessage('ledger.ready', p)),
} as const;

export type NotificationKind = keyof typeof TEMPLATES;

export function renderNotification<K extends NotificationKind>(kind: K, params: Parameters<(typeof TEMPLATES)[K]>[0]): { title: string; body: string } {
  return (TEMPLATES[kind] as (p: typeof params) => { title: string; body: string })(params);
}
