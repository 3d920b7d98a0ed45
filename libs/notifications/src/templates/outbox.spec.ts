import { renderNotification } from './outbox';

describe('notification templates', () => {
  it('renders the assignment notice in Chinese with the task count', () => {
    const { title, body } = renderNotification('task.assigned', { documentTitle: '实施方案汇编', taskCount: 3, leadCount: 2, coCount: 1 });
    expect(title).toBe('新交办任务：实施方案汇编');
    expect(body).toBe('《实施方案汇编》已交办，贵单位承担 3 项任务（牵头 2 项、配合 1 项），请及时签收。');
    expect(renderNotification('task.assigned', { documentTitle: '汇编', taskCount: 2, leadCount: 0, coCount: 2 }).body).toContain('（配合 2 项）');
  });

  it('tells a unit added to one task of a published document which task and in what role', () => {
    const { title, body } = renderNotification('task.added', { documentTitle: '实施方案汇编', taskTitle: '七网建设', role: 'co' });
    expect(title).toBe('新增交办任务：七网建设');
    expect(body).toBe('《实施方案汇编》中的「七网建设」已交办贵单位配合落实，请及时签收。');
  });

  it('renders a supervision notice with its reply deadline', () => {
    const { title, body } = renderNotification('notice.issued', { taskTitle: '七网建设', levelLabel: '红色督办', replyDue: '2022-12-05' });
    expect(title).toBe('红色督办：七网建设');
    expect(body).toContain('2022-12-05');
  });

  it('tells the office which unit replied to which notice', () => {
    const { title, body } = renderNotification('notice.replied', { taskTitle: '七网建设', levelLabel: '黄色督办', unitName: '区发展改革局' });
    expect(title).toBe('督办已反馈：七网建设');
    expect(body).toBe('区发展改革局已就「七网建设」的黄色督办反馈意见，请审阅后办结。');
  });

  it('tells the unit how its extension request was decided, with the new deadline or the reason', () => {
    const approved = renderNotification('extension.decided', { taskTitle: '七网建设', approved: true, proposedDate: '2022-12-31', comment: null });
    expect(approved.title).toBe('延期申请已同意：七网建设');
    expect(approved.body).toBe('「七网建设」的延期申请已同意，完成时限调整为 2022-12-31。');
    const rejected = renderNotification('extension.decided', { taskTitle: '七网建设', approved: false, proposedDate: '2022-12-31', comment: '请加快推进' });
    expect(rejected.title).toBe('延期申请未同意：七网建设');
    expect(rejected.body).toContain('请按原时限推进。意见：请加快推进');
  });

  it("announces a frozen period rollup and a ready ledger in the inbox with the immediate templates' wording", () => {
    const rollup = renderNotification('rollup.ready', {
      periodLabel: '2026年11月',
      taskCount: 120,
      completedCount: 30,
      completionRate: 0.25,
      overdueCount: 7,
      laggingCount: 15,
      unreportedUnitCount: 3,
    });
    expect(rollup.title).toBe('【月调度汇总】2026年11月调度汇总已生成');
    expect(rollup.body).toContain('逾期 7 项，滞后 15 项，3 个单位未报送');
    const ledger = renderNotification('ledger.ready', {
      scopeLabel: '全区',
      rowCount: 42,
      fileName: '工作台账_2026-12-01.xlsx',
      generatedAt: '2026-12-01 10:00',
    });
    expect(ledger.title).toBe('【台账已生成】工作台账_2026-12-01.xlsx');
    expect(ledger.body).toContain('共 42 项任务');
  });
});
