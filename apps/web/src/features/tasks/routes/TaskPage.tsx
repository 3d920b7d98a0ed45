import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Empty, List, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ActionModal } from '@/components/ActionModal';
import { PageSkeleton, QueryFailure } from '@/components/StatusPages';
import { ReportCard } from '@/features/reports/components/ReportCard';
import { useTaskReports } from '@/features/reports/api/reports';
import { api, unwrap } from '@/lib/api-client';
import { ApiError } from '@/lib/api-error';
import { formatDate, formatDateTime } from '@/lib/dates';
import { NOTICE_LEVEL_LABELS, TASK_STATE_LABELS, UNIT_ROLE_LABELS } from '@/lib/labels';
import { canWrite, useCurrentUser } from '@/lib/use-session';
import { useSignTasks, useTask, useTaskHistory, type TaskDetail } from '../api/tasks';
import { LightTag } from '../components/LightTag';

const EXTENSION_STATUS: Record<string, string> = { pending: '待审批', approved: '已批准', rejected: '未批准' };
const NOTICE_STATUS: Record<string, string> = { open: '待反馈', replied: '已反馈', closed: '已办结' };
const DEADLINE_SOURCE: Record<string, string> = { import: '导入', correction: '更正', extension: '延期' };

/** The task page: what the task is, who owes what, its reports, notices, extensions and history. */
export function TaskPage() {
  const { id = '' } = useParams();
  const task = useTask(id);
  if (task.isPending) return <PageSkeleton />;
  if (task.isError) return <QueryFailure error={task.error} onRetry={() => void task.refetch()} />;
  return <TaskView task={task.data} />;
}

function TaskView({ task }: { task: TaskDetail }) {
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const sign = useSignTasks();
  const writes = canWrite(user);
  const isOffice = user?.role === 'office';
  const myUnit = task.units.find((unit) => unit.unitId === user?.unitId);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['task', task.id] });
    void queryClient.invalidateQueries({ queryKey: ['tasks'] });
  };
  const run = async (call: Promise<unknown>, done: string) => {
    await call;
    message.success(done);
    refresh();
  };

  const actions: React.ReactNode[] = [];
  if (writes && myUnit) {
    if (!myUnit.signedAt) {
      actions.push(
        <Button
          key="sign"
          type="primary"
          loading={sign.isPending}
          onClick={() =>
            void sign
              .mutateAsync([task.id])
              .then(() => message.success('已签收'))
              .catch((error: unknown) => message.error(error instanceof ApiError ? error.message : '签收失败'))
          }
        >
          签收
        </Button>,
      );
    }
    actions.push(
      <Link key="report" to={`/task/${task.id}/report`}>
        <Button type={myUnit.signedAt ? 'primary' : 'default'}>填报进展</Button>
      </Link>,
    );
    if (myUnit.role === 'lead' && !task.pendingExtensionId && task.dueDate) {
      actions.push(
        <ActionModal
          key="extension"
          trigger={{ label: '申请延期' }}
          title="申请延期"
          description={<p>当前完成时限：{formatDate(task.dueDate)}</p>}
          fields={[
            { name: 'proposedDate', label: '申请延至', kind: 'date', required: true },
            { name: 'reason', label: '延期理由', kind: 'textarea', required: true, maxLength: 2000 },
          ]}
          okText="提交申请"
          onSubmit={(values) =>
            run(
              unwrap(
                api.POST('/tasks/{id}/extensions', {
                  params: { path: { id: task.id } },
                  body: { proposedDate: values.proposedDate ?? '', reason: values.reason ?? '' },
                }),
              ),
              '延期申请已提交',
            )
          }
        />,
      );
    }
  }
  if (writes) {
    for (const transition of task.allowedTransitions) {
      actions.push(
        <ActionModal
          key={transition.action}
          trigger={{ label: transition.actionLabel, danger: transition.to === 'in_progress' && task.state === 'submitted_done' }}
          title={`${transition.actionLabel}：${task.title}`}
          description={<p>任务状态将改为“{TASK_STATE_LABELS[transition.to]}”。</p>}
          fields={[{ name: 'reason', label: '原因', kind: 'textarea', required: transition.reasonRequired, maxLength: 2000 }]}
          onSubmit={(values) =>
            run(
              unwrap(
                api.POST('/tasks/{id}/transitions', {
                  params: { path: { id: task.id } },
                  body: { to: transition.to, version: task.version, reason: values.reason },
                }),
              ),
              `已${transition.actionLabel}`,
            )
          }
        />,
      );
    }
  }
  if (isOffice) {
    actions.push(
      <ActionModal
        key="notice"
        trigger={{ label: '发出督办', danger: true }}
        title="发出督办"
        fields={[
          {
            name: 'level',
            label: '督办等级',
            kind: 'select',
            required: true,
            initialValue: 'blue',
            options: Object.entries(NOTICE_LEVEL_LABELS).map(([value, label]) => ({ value, label })),
          },
          { name: 'text', label: '督办内容', kind: 'textarea', required: true, maxLength: 2000 },
          { name: 'replyDue', label: '反馈期限（不填按工作日规则计算）', kind: 'date' },
        ]}
        okText="发出"
        onSubmit={(values) =>
          run(
            unwrap(
              api.POST('/tasks/{id}/notices', {
                params: { path: { id: task.id } },
                body: { level: values.level as 'blue', text: values.text ?? '', replyDue: values.replyDue },
              }),
            ),
            '督办已发出',
          )
        }
      />,
    );
    actions.push(
      <ActionModal
        key="reporting"
        trigger={{ label: '报送周期' }}
        title="调整本措施的报送周期"
        description={<p>对本措施下所有未办结的任务生效。</p>}
        fields={[
          {
            name: 'reportCadence',
            label: '报送周期',
            kind: 'select',
            required: true,
            initialValue: task.reportCadence,
            options: [
              { value: 'monthly', label: '每月' },
              { value: 'dekad', label: '每旬' },
              { value: 'weekly', label: '每周' },
            ],
          },
          {
            name: 'evidenceRequired',
            label: '每次报送须附佐证材料',
            kind: 'select',
            required: true,
            initialValue: task.evidenceRequired ? 'yes' : 'no',
            options: [
              { value: 'yes', label: '是' },
              { value: 'no', label: '否' },
            ],
          },
        ]}
        okText="保存"
        onSubmit={(values) =>
          run(
            unwrap(
              api.PUT('/measures/{id}/reporting', {
                params: { path: { id: task.measureId } },
                body: { reportCadence: values.reportCadence as 'monthly', evidenceRequired: values.evidenceRequired === 'yes' },
              }),
            ),
            '报送周期已调整',
          )
        }
      />,
    );
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Text type="secondary">
          {task.documentTitle} · 第 {task.measureNumber} 条 {task.measureTitle}
        </Typography.Text>
        <Typography.Title level={3} style={{ margin: '4px 0' }}>
          {task.title}
        </Typography.Title>
        <Space wrap>
          <Tag>{TASK_STATE_LABELS[task.state]}</Tag>
          <LightTag light={task.light} reasons={task.reasons} inline />
        </Space>
      </div>
      {actions.length > 0 && (
        <Space wrap aria-label="可执行的操作">
          {actions}
        </Space>
      )}
      <Card size="small" title="任务内容">
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label="任务" span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{task.text}</span>
          </Descriptions.Item>
          <Descriptions.Item label="完成时限">
            {task.dueDate ? formatDate(task.dueDate) : task.deadlineText || '长期'}
            {task.deadlineText && task.dueDate ? `（原文：${task.deadlineText}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label="调度方式">
            {{ monthly: '每月', weekly: '每周', dekad: '每旬' }[task.reportCadence] ?? task.reportCadence}
            {task.evidenceRequired ? '，须附佐证材料' : ''}
          </Descriptions.Item>
        </Descriptions>
        <Table
          size="small"
          rowKey="unitId"
          pagination={false}
          dataSource={task.units}
          columns={[
            { title: '责任单位', dataIndex: 'unitName' },
            { title: '角色', dataIndex: 'role', render: (role: string) => UNIT_ROLE_LABELS[role] ?? role },
            { title: '责任科室', dataIndex: 'sectionName', render: (name: string | null) => name ?? '—' },
            { title: '签收', dataIndex: 'signedAt', render: (at: string | null) => (at ? `已签收 ${formatDateTime(at)}` : '未签收') },
          ]}
        />
      </Card>
      <Tabs
        items={[
          { key: 'reports', label: '进展报告', children: <TaskReports taskId={task.id} canReview={isOffice} /> },
          {
            key: 'notices',
            label: `督办（${task.notices.length}）`,
            children: <TaskNotices task={task} canReply={writes && myUnit?.role === 'lead'} onChanged={refresh} />,
          },
          { key: 'extensions', label: '延期申请', children: <TaskExtensions taskId={task.id} canDecide={isOffice} onChanged={refresh} /> },
          { key: 'deadlines', label: '时限变更', children: <DeadlineHistory task={task} /> },
          { key: 'history', label: '操作记录', children: <TaskHistory taskId={task.id} /> },
        ]}
      />
    </Space>
  );
}

function TaskReports({ taskId, canReview }: { taskId: string; canReview: boolean }) {
  const reports = useTaskReports(taskId);
  if (reports.isPending) return <PageSkeleton />;
  if (reports.isError) return <QueryFailure error={reports.error} />;
  if (reports.data.length === 0) return <Empty description="尚未报送进展。责任单位在“填报进展”中保存并报送后显示在这里" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {reports.data.map((report) => (
        <ReportCard key={report.id} report={report} canReview={canReview} />
      ))}
    </Space>
  );
}

function TaskNotices({ task, canReply, onChanged }: { task: TaskDetail; canReply: boolean; onChanged: () => void }) {
  if (task.notices.length === 0) return <Empty description="该任务没有未办结的督办" />;
  return (
    <List
      dataSource={task.notices}
      renderItem={(notice) => (
        <List.Item
          actions={
            canReply && notice.status === 'open'
              ? [
                  <ActionModal
                    key="reply"
                    trigger={{ label: '反馈', type: 'primary' }}
                    title="反馈督办"
                    description={<p>{notice.text}</p>}
                    fields={[{ name: 'text', label: '反馈内容', kind: 'textarea', required: true, maxLength: 2000 }]}
                    okText="提交反馈"
                    onSubmit={async (values) => {
                      await unwrap(api.POST('/notices/{id}/reply', { params: { path: { id: notice.id } }, body: { text: values.text ?? '' } }));
                      onChanged();
                    }}
                  />,
                ]
              : []
          }
        >
          <List.Item.Meta
            title={
              <Space>
                <Tag color={notice.level === 'blue' ? 'blue' : notice.level === 'yellow' ? 'gold' : 'red'}>{notice.levelLabel}</Tag>
                {NOTICE_STATUS[notice.status] ?? notice.status}
              </Space>
            }
            description={
              <span>
                {notice.text}
                <br />
                反馈期限：{formatDate(notice.replyDue)}
                {notice.replyText && (
                  <>
                    <br />
                    反馈：{notice.replyText}
                  </>
                )}
              </span>
            }
          />
        </List.Item>
      )}
    />
  );
}

function TaskExtensions({ taskId, canDecide, onChanged }: { taskId: string; canDecide: boolean; onChanged: () => void }) {
  const extensions = useQuery({
    queryKey: ['task', taskId, 'extensions'],
    queryFn: () => unwrap(api.GET('/tasks/{id}/extensions', { params: { path: { id: taskId }, query: { pageSize: 100 } } })).then((page) => page.items),
  });
  const queryClient = useQueryClient();
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: ['task', taskId] });
    onChanged();
  };
  if (extensions.isPending) return <PageSkeleton />;
  if (extensions.isError) return <QueryFailure error={extensions.error} />;
  if (extensions.data.length === 0) return <Empty description="没有延期申请" />;
  return (
    <List
      dataSource={extensions.data}
      renderItem={(extension) => (
        <List.Item
          actions={
            canDecide && extension.status === 'pending'
              ? [
                  <ActionModal
                    key="approve"
                    trigger={{ label: '批准', type: 'primary' }}
                    title="批准延期"
                    fields={[{ name: 'comment', label: '审批意见', kind: 'textarea', maxLength: 2000 }]}
                    onSubmit={async (values) => {
                      await unwrap(api.POST('/extensions/{id}/approve', { params: { path: { id: extension.id } }, body: { comment: values.comment } }));
                      changed();
                    }}
                  />,
                  <ActionModal
                    key="reject"
                    trigger={{ label: '不批准', danger: true }}
                    title="不批准延期"
                    fields={[{ name: 'comment', label: '理由', kind: 'textarea', required: true, maxLength: 2000 }]}
                    onSubmit={async (values) => {
                      await unwrap(api.POST('/extensions/{id}/reject', { params: { path: { id: extension.id } }, body: { comment: values.comment ?? '' } }));
                      changed();
                    }}
                  />,
                ]
              : []
          }
        >
          <List.Item.Meta
            title={`${extension.unitName} 申请延至 ${formatDate(extension.proposedDate)}（${EXTENSION_STATUS[extension.status] ?? extension.status}）`}
            description={
              <span>
                理由：{extension.reason}
                {extension.decisionComment && (
                  <>
                    <br />
                    意见：{extension.decisionComment}
                  </>
                )}
              </span>
            }
          />
        </List.Item>
      )}
    />
  );
}

function DeadlineHistory({ task }: { task: TaskDetail }) {
  return (
    <Table
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={task.deadlines}
      columns={[
        { title: '完成时限', dataIndex: 'dueDate', render: (date: string | null, row) => (date ? formatDate(date) : row.text) },
        { title: '原文', dataIndex: 'text' },
        { title: '来源', dataIndex: 'source', render: (source: string) => DEADLINE_SOURCE[source] ?? source },
        { title: '当前', dataIndex: 'isCurrent', render: (current: boolean) => (current ? '是' : '') },
        { title: '时间', dataIndex: 'createdAt', render: formatDateTime },
      ]}
    />
  );
}

function TaskHistory({ taskId }: { taskId: string }) {
  const [page, setPage] = useState(1);
  const history = useTaskHistory(taskId, page);
  if (history.isError) return <QueryFailure error={history.error} />;
  return (
    <Table
      size="small"
      rowKey="id"
      loading={history.isPending}
      dataSource={history.data?.items ?? []}
      pagination={{ current: page, pageSize: 20, total: history.data?.total ?? 0, onChange: setPage }}
      columns={[
        { title: '时间', dataIndex: 'at', width: 170, render: formatDateTime },
        {
          title: '操作人',
          dataIndex: 'actorName',
          render: (name: string | null, row) => `${name ?? '系统'}${row.actorUnitName ? `（${row.actorUnitName}）` : ''}`,
        },
        {
          title: '事项',
          dataIndex: 'action',
          render: (action: string, row) => `${HISTORY_ACTIONS[action] ?? '其他操作'}${row.outcome === 'refused' ? '（被拒绝）' : ''}`,
        },
      ]}
    />
  );
}

/** Audit actions as the office reads them; an unknown one shows as 其他操作, never as an English code. */
const HISTORY_ACTIONS: Record<string, string> = {
  'task.transition': '状态变更',
  'task.sign': '签收',
  'task.update': '修改任务',
  'task.assign': '调整责任单位',
  'task.deadline.extend': '延长完成时限',
  'task.access': '查看任务',
  'report.access': '查看进展',
  'attachment.access': '下载附件',
  'document.import': '导入文件',
  'report.save': '保存进展',
  'report.create': '填写进展',
  'report.update': '修改进展',
  'report.batch_submit': '批量报送',
  'report.batch_save': '批量保存',
  'report.submit': '报送进展',
  'report.accept': '审核通过',
  'report.return': '退回进展',
  'attachment.upload': '上传附件',
  'attachment.delete': '删除附件',
  'extension.request': '申请延期',
  'extension.approve': '批准延期',
  'extension.reject': '不批准延期',
  'notice.issue': '发出督办',
  'notice.reply': '反馈督办',
  'notice.close': '督办办结',
  'document.publish': '交办',
  'measure.reporting': '设置调度方式',
};
