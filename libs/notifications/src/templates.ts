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
} as const;

export type NotificationKind = keyof typeof TEMPLATES;

export function renderNotification<K extends NotificationKind>(kind: K, params: Parameters<(typeof TEMPLATES)[K]>[0]): { title: string; body: string } {
  return (TEMPLATES[kind] as (p: typeof params) => { title: string; body: string })(params);
}
