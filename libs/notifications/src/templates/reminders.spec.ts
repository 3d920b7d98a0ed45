import { ROBOT_MARKDOWN_MAX_BYTES } from './format';
import { renderMessage } from './immediate';
import { renderDigest, renderReminder, type RoutineReminder } from './reminders';

const task = (i: number) => ({ taskId: `t${i}`, measureNumber: `（${i}）`, title: `任务${i}` });
const dueSoon = (i: number, workingDaysLeft = 3): RoutineReminder => ({ kind: 'reminder.due-soon', task: task(i), dueDate: '2022-12-05', workingDaysLeft });

describe('reminder templates', () => {
  it('renders each routine reminder with its tag, in Chinese, for every channel', () => {
    const t = { taskId: 't1', measureNumber: null, title: '七网建设' };
    const cases: [RoutineReminder, string, string][] = [
      [
        { kind: 'reminder.due-soon', task: t, dueDate: '2022-12-05', workingDaysLeft: 3 },
        '【到期提醒】七网建设',
        '「七网建设」还有 3 个工作日到期（完成时限 2022-12-05），请抓紧推进。',
      ],
      [
        { kind: 'reminder.due-soon', task: t, dueDate: '2022-12-05', workingDaysLeft: 0 },
        '【到期提醒】七网建设',
        '「七网建设」今日到期（完成时限 2022-12-05），请抓紧办结并报送进展。',
      ],
      [
        { kind: 'reminder.overdue', task: t, dueDate: '2022-11-25', daysOverdue: 5 },
        '【逾期提醒】七网建设',
        '「七网建设」已逾期 5 天（完成时限 2022-11-25），请尽快办结或申请延期。',
      ],
      [
        { kind: 'reminder.receipt', task: t, receiptDue: '2022-11-28', overdue: false },
        '【签收提醒】七网建设',
        '「七网建设」尚未签收，请于 2022-11-28 前签收。',
      ],
      [
        { kind: 'reminder.receipt', task: t, receiptDue: '2022-11-28', overdue: true },
        '【签收提醒】七网建设',
        '「七网建设」已超过签收时限（2022-11-28），请尽快签收。',
      ],
      [
        { kind: 'reminder.report-missing', task: t, periodLabel: '2022年11月', reportDue: '2022-12-05' },
        '【报送提醒】七网建设',
        '「七网建设」2022年11月的进展尚未报送，请于 2022-12-05 前报送。',
      ],
      [
        { kind: 'reminder.notice-reply', task: t, levelLabel: '红色督办', replyDue: '2022-12-02' },
        '【督办回复提醒】七网建设',
        '「七网建设」的红色督办尚未反馈，请于 2022-12-02 前反馈督办意见。',
      ],
    ];
    for (const [reminder, title, sentence] of cases) {
      const m = renderReminder(reminder);
      expect(m.kind).toBe(reminder.kind);
      expect(m.title).toBe(title);
      expect(m.text).toBe(`${sentence}\n\n请登录落实系统查看并办理。`);
      expect(m.markdown).toBe(`### ${title}\n\n${sentence}\n\n请登录落实系统查看并办理。`);
      expect(m.html).toContain(`<p>${sentence}</p>`);
      expect(m.data).toEqual({ taskIds: ['t1'] });
    }
  });

  it('40 tasks due for one recipient → one message listing all 40, most urgent first', () => {
    const items = Array.from({ length: 40 }, (_, i) => dueSoon(i + 1, (i % 3) + 1));
    const m = renderDigest({ date: '2022-11-30', recipientName: '区发展改革局', items });
    expect(m.kind).toBe('reminder.digest');
    expect(m.title).toBe('【到期提醒】40 项任务即将到期');
    const listed = m.text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(listed).toHaveLength(40);
    expect(listed[0]).toBe('1. （1） 任务1：还有 1 个工作日到期（2022-12-05）');
    expect(listed[39]).toMatch(/^40\. .*还有 3 个工作日到期/);
    expect(m.text.startsWith('区发展改革局：截至 2022-11-30，以下 40 项需要关注（到期 40 项）。')).toBe(true);
    expect(m.html.match(/<li>/g)).toHaveLength(40);
    expect(m.data).toMatchObject({ date: '2022-11-30', count: 40, byKind: { 'reminder.due-soon': 40 } });
    expect((m.data!.taskIds as string[]).length).toBe(40);
  });

  it('a mixed digest groups by kind, overdue first, and names the day', () => {
    const items: RoutineReminder[] = [
      dueSoon(1),
      { kind: 'reminder.overdue', task: task(2), dueDate: '2022-11-01', daysOverdue: 29 },
      { kind: 'reminder.overdue', task: task(3), dueDate: '2022-11-20', daysOverdue: 10 },
      { kind: 'reminder.receipt', task: task(4), receiptDue: '2022-11-28', overdue: true },
      { kind: 'reminder.report-missing', task: task(5), periodLabel: '2022年11月', reportDue: '2022-12-05' },
      { kind: 'reminder.notice-reply', task: task(6), levelLabel: '黄色督办', replyDue: '2022-12-01' },
    ];
    const m = renderDigest({ date: '2022-11-30', items });
    expect(m.title).toBe('【每日提醒】2022-11-30 共 6 项待办');
    const headings = m.text.split('\n').filter((l) => l.startsWith('【'));
    expect(headings).toEqual(['【逾期提醒】2 项', '【到期提醒】1 项', '【签收提醒】1 项', '【报送提醒】1 项', '【督办回复提醒】1 项']);
    expect(m.text).toContain('1. （2） 任务2：逾期 29 天（完成时限 2022-11-01）\n2. （3） 任务3：逾期 10 天');
    expect(m.text).toContain('（逾期 2 项、到期 1 项、签收 1 项、报送 1 项、督办回复 1 项）');
    expect(m.markdown).toContain('**【逾期提醒】2 项**\n\n- （2） 任务2：逾期 29 天');
  });

  it('a digest of one is that reminder on its own; a digest of none is a bug', () => {
    expect(renderDigest({ date: '2022-11-30', items: [dueSoon(1)] })).toEqual(renderReminder(dueSoon(1)));
    expect(() => renderDigest({ date: '2022-11-30', items: [] })).toThrow(/no reminders/);
  });

  it('500 items: robot markdown stays within the byte budget and counts what it left out; email keeps all', () => {
    const items = Array.from({ length: 500 }, (_, i) => dueSoon(i + 1));
    const m = renderDigest({ date: '2022-11-30', items });
    expect(Buffer.byteLength(m.markdown)).toBeLessThanOrEqual(ROBOT_MARKDOWN_MAX_BYTES);
    const shown = m.markdown.split('\n').filter((l) => l.startsWith('- ')).length;
    expect(shown).toBeGreaterThan(20);
    expect(m.markdown).toContain(`……另有 ${500 - shown} 项未列出`);
    expect(m.markdown.endsWith('请登录落实系统查看并办理。')).toBe(true);
    expect(m.html.match(/<li>/g)).toHaveLength(500);
  });
});

describe('immediate templates', () => {
  it('【逾期督办】 names the unit, the task and the days overdue', () => {
    const m = renderMessage('task.escalated', {
      task: { taskId: 't9', measureNumber: '第3条', title: '七网建设' },
      unitName: '区发展改革局',
      dueDate: '2022-11-20',
      daysOverdue: 7,
    });
    expect(m.title).toBe('【逾期督办】区发展改革局「七网建设」逾期 7 天');
    expect(m.text).toBe(
      '区发展改革局牵头的「第3条 七网建设」已逾期 7 天（完成时限 2022-11-20），已标记为逾期督办，请研究督办措施。\n\n请登录落实系统查看任务详情并下达督办。',
    );
    expect(m.data).toEqual({ taskIds: ['t9'], daysOverdue: 7 });
  });

  it("【月调度】 asks for the period's report by its date", () => {
    const m = renderMessage('period.opened', { periodLabel: '2022年11月', reportDue: '2022-11-25', taskCount: 12 });
    expect(m.title).toBe('【月调度】请于 2022-11-25 前报送2022年11月进展');
    expect(m.text).toContain('2022年11月调度已开始，贵单位有 12 项任务需报送进展，请于 2022-11-25 前在落实系统报送。');
  });

  it("【月调度汇总】 gives the period's figures", () => {
    const base = { periodLabel: '2022年11月', taskCount: 199, completedCount: 50, completionRate: 50 / 199, overdueCount: 12, laggingCount: 8 };
    const m = renderMessage('rollup.ready', { ...base, unreportedUnitCount: 3 });
    expect(m.title).toBe('【月调度汇总】2022年11月调度汇总已生成');
    expect(m.text).toContain('共 199 项任务，已完成 50 项（完成率 25.1%），逾期 12 项，滞后 8 项，3 个单位未报送。');
    expect(renderMessage('rollup.ready', { ...base, unreportedUnitCount: 0 }).text).toContain('各单位均已报送');
  });

  it('【台账已生成】 tells the requester what was built', () => {
    const m = renderMessage('ledger.ready', { scopeLabel: '全区', rowCount: 199, fileName: '落实台账-2022-11-30.xlsx', generatedAt: '2022-11-30 09:15' });
    expect(m.title).toBe('【台账已生成】落实台账-2022-11-30.xlsx');
    expect(m.text).toBe('您申请的全区台账已于 2022-11-30 09:15 生成，共 199 项任务。\n\n请登录落实系统下载。');
    expect(m.html).toContain('<h3>【台账已生成】落实台账-2022-11-30.xlsx</h3>');
  });
});
