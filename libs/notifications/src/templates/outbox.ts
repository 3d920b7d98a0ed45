/** Chinese message templates, one per notification kind. Inputs are plain values, never markup. */

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
  /** a closed period's rollup is frozen (to the office and leaders) */
  'rollup.built': (p: { periodLabel: string; taskCount: number; overdue: number; lagging: number; unreportedUnits: number }) => ({
    title: `【月调度汇总】${p.periodLabel}`,
    body: `${p.periodLabel}调度汇总已生成：纳入任务 ${p.taskCount} 项，逾期 ${p.overdue} 项，滞后 ${p.lagging} 项，${p.unreportedUnits} 个单位未按期报送进展。`,
  }),
  /** a requested ledger (台账) file is ready to download (to its requester) */
  'ledger.ready': (p: { rowCount: number; asOf: string }) => ({
    title: '【台账已生成】',
    body: `您申请导出的工作台账已生成（截至 ${p.asOf}，共 ${p.rowCount} 项任务），请在系统中下载。`,
  }),
} as const;

export type NotificationKind = keyof typeof TEMPLATES;

export function renderNotification<K extends NotificationKind>(kind: K, params: Parameters<(typeof TEMPLATES)[K]>[0]): { title: string; body: string } {
  return (TEMPLATES[kind] as (p: typeof params) => { title: string; body: string })(params);
}
