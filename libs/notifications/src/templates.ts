/** Chinese message templates, one per notification kind. Inputs are plain values, never markup. */
export const TEMPLATES = {
  'task.assigned': (p: { documentTitle: string; taskCount: number }) => ({
    title: `新交办任务：${p.documentTitle}`,
    body: `《${p.documentTitle}》已交办，贵单位承担 ${p.taskCount} 项任务，请及时签收。`,
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
} as const;

export type NotificationKind = keyof typeof TEMPLATES;

export function renderNotification<K extends NotificationKind>(kind: K, params: Parameters<(typeof TEMPLATES)[K]>[0]): { title: string; body: string } {
  return (TEMPLATES[kind] as (p: typeof params) => { title: string; body: string })(params);
}
