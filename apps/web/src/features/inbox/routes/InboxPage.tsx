import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, List, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { PageSkeleton, QueryFailure } from '@/components/StatusPages';
import { api, unwrap } from '@/lib/api-client';
import { formatDateTime } from '@/lib/dates';

/** Notifications addressed to the user (or, for a bureau, to its unit), newest first. */
export function InboxPage() {
  const [page, setPage] = useState(1);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const inbox = useQuery({
    queryKey: ['notifications', page, unreadOnly],
    queryFn: () => unwrap(api.GET('/notifications', { params: { query: { page, pageSize: 20, unread: unreadOnly || undefined } } })),
  });
  const changed = () => void queryClient.invalidateQueries({ queryKey: ['notifications'] });
  const read = useMutation({ mutationFn: (id: string) => unwrap(api.POST('/notifications/{id}/read', { params: { path: { id } } })), onSettled: changed });
  const readAll = useMutation({ mutationFn: () => unwrap(api.POST('/notifications/read-all', {})), onSettled: changed });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        消息 {inbox.data && inbox.data.unread > 0 && <Badge count={inbox.data.unread} title={`${inbox.data.unread} 条未读`} />}
      </Typography.Title>
      <Space wrap>
        <Segmented
          aria-label="筛选"
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(value) => {
            setUnreadOnly(value === 'unread');
            setPage(1);
          }}
          options={[
            { value: 'all', label: '全部' },
            { value: 'unread', label: '未读' },
          ]}
        />
        <Button disabled={!inbox.data?.unread} loading={readAll.isPending} onClick={() => readAll.mutate()}>
          全部标为已读
        </Button>
      </Space>
      {inbox.isPending ? (
        <PageSkeleton />
      ) : inbox.isError ? (
        <QueryFailure error={inbox.error} onRetry={() => void inbox.refetch()} />
      ) : (
        <List
          dataSource={inbox.data.items}
          locale={{ emptyText: <Empty description={unreadOnly ? '没有未读消息' : '暂无消息。交办、督办、审核结果等会通知到这里'} /> }}
          pagination={{ current: page, pageSize: 20, total: inbox.data.total, onChange: setPage }}
          renderItem={(item) => {
            const taskId = typeof item.payload.taskId === 'string' ? item.payload.taskId : null;
            return (
              <List.Item
                actions={[
                  ...(taskId
                    ? [
                        <Button
                          key="open"
                          type="link"
                          onClick={() => {
                            if (!item.readAt) read.mutate(item.id);
                            void navigate(`/task/${taskId}`);
                          }}
                        >
                          查看任务
                        </Button>,
                      ]
                    : []),
                  ...(!item.readAt
                    ? [
                        <Button key="read" type="link" onClick={() => read.mutate(item.id)}>
                          标为已读
                        </Button>,
                      ]
                    : []),
                ]}
              >
                <List.Item.Meta
                  title={
                    <span>
                      {!item.readAt && <Badge status="processing" text="未读" style={{ marginInlineEnd: 8 }} />}
                      {item.title}
                    </span>
                  }
                  description={
                    <span style={{ whiteSpace: 'pre-wrap' }}>
                      {item.body}
                      <br />
                      {formatDateTime(item.createdAt)}
                    </span>
                  }
                />
              </List.Item>
            );
          }}
        />
      )}
    </Space>
  );
}
