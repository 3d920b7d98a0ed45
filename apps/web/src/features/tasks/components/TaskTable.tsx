import { Empty, Grid, List, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router';
import { formatDate } from '@/lib/dates';
import { TASK_STATE_LABELS, UNIT_ROLE_LABELS } from '@/lib/labels';
import type { TaskListItem } from '../api/tasks';
import { firstReason, LightTag } from './LightTag';

interface Props {
  items: TaskListItem[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage: (page: number, pageSize: number) => void;
  /** sorting by a column (task list); omitted where the list has a fixed order */
  onSort?: (sort: 'dueDate' | 'updatedAt' | 'title' | undefined, order: 'asc' | 'desc') => void;
  selectable?: { selected: string[]; onChange: (ids: string[]) => void; canSelect: (task: TaskListItem) => boolean };
  emptyText: string;
  /** bureau lists: their role and 签收 state */
  showMyRole?: boolean;
}

/** The task list as a table on a desk, as cards on a phone; each row opens the task page. */
export function TaskTable({ items, total, page, pageSize, loading, onPage, onSort, selectable, emptyText, showMyRole }: Props) {
  const screens = Grid.useBreakpoint();
  const empty = <Empty description={emptyText} />;
  if (!screens.md) {
    return (
      <List
        loading={loading}
        dataSource={items}
        locale={{ emptyText: empty }}
        pagination={{ current: page, pageSize, total, onChange: onPage, size: 'small', showTotal: (n) => `共 ${n} 项` }}
        renderItem={(task) => (
          <List.Item key={task.id}>
            <List.Item.Meta
              title={
                <Link to={`/task/${task.id}`}>
                  {task.measureNumber} {task.title}
                </Link>
              }
              description={
                <span>
                  <LightTag light={task.light} reasons={task.reasons} /> {TASK_STATE_LABELS[task.state]} · 时限 {formatDate(task.dueDate)}
                  {showMyRole && task.myRole && ` · ${UNIT_ROLE_LABELS[task.myRole]}`}
                  {showMyRole && !task.signedAt && (
                    <Tag color="orange" style={{ marginInlineStart: 4 }}>
                      待签收
                    </Tag>
                  )}
                  <br />
                  <Typography.Text type="secondary">{firstReason(task.reasons)}</Typography.Text>
                </span>
              }
            />
          </List.Item>
        )}
      />
    );
  }
  const columns: TableProps<TaskListItem>['columns'] = [
    { title: '编号', dataIndex: 'measureNumber', width: 70 },
    {
      title: '任务',
      dataIndex: 'title',
      sorter: Boolean(onSort),
      render: (title: string, task) => <Link to={`/task/${task.id}`}>{title}</Link>,
    },
    { title: '牵头单位', dataIndex: 'leadUnitName', width: 150, render: (name: string | null) => name ?? '—' },
    ...(showMyRole
      ? [
          { title: '本单位', dataIndex: 'myRole', width: 70, render: (role: string | null) => (role ? UNIT_ROLE_LABELS[role] : '—') },
          {
            title: '签收',
            dataIndex: 'signedAt',
            width: 80,
            render: (signedAt: string | null) => (signedAt ? '已签收' : <Tag color="orange">待签收</Tag>),
          },
        ]
      : []),
    { title: '状态', dataIndex: 'state', width: 110, render: (state: TaskListItem['state']) => TASK_STATE_LABELS[state] },
    {
      title: '完成时限',
      dataIndex: 'dueDate',
      width: 130,
      sorter: Boolean(onSort),
      render: (dueDate: string | null, task) => (dueDate ? formatDate(dueDate) : task.deadlineText || '长期'),
    },
    {
      title: '红黄绿灯',
      dataIndex: 'light',
      width: 260,
      render: (_: unknown, task) => <LightTag light={task.light} reasons={task.reasons} inline />,
    },
  ];
  return (
    <Table<TaskListItem>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={items}
      locale={{ emptyText: empty }}
      rowSelection={
        selectable
          ? {
              selectedRowKeys: selectable.selected,
              onChange: (keys) => selectable.onChange(keys as string[]),
              getCheckboxProps: (task) => ({ disabled: !selectable.canSelect(task), 'aria-label': `选择 ${task.title}` }),
            }
          : undefined
      }
      pagination={{ current: page, pageSize, total, showSizeChanger: true, showTotal: (n) => `共 ${n} 项` }}
      onChange={(pagination, _filters, sorter) => {
        const one = Array.isArray(sorter) ? sorter[0] : sorter;
        if (onSort) {
          const field = one?.order ? (one.field === 'title' ? 'title' : 'dueDate') : undefined;
          onSort(field, one?.order === 'descend' ? 'desc' : 'asc');
        }
        onPage(pagination.current ?? 1, pagination.pageSize ?? pageSize);
      }}
    />
  );
}
