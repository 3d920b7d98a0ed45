import { renderNotification } from './templates';

describe('notification templates', () => {
  it('renders the assignment notice in Chinese with the task count', () => {
    const { title, body } = renderNotification('task.assigned', { documentTitle: '实施方案汇编', taskCount: 3 });
    expect(title).toBe('新交办任务：实施方案汇编');
    expect(body).toContain('承担 3 项任务');
  });

  it('renders a supervision notice with its reply deadline', () => {
    const { title, body } = renderNotification('notice.issued', { taskTitle: '七网建设', levelLabel: '红色督办', replyDue: '2022-12-05' });
    expect(title).toBe('红色督办：七网建设');
    expect(body).toContain('2022-12-05');
  });
});
