import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Grid, Layout, Menu, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '@/lib/api-client';
import { ROLE_LABELS, type Role } from '@/lib/labels';
import { endSession, hadSession, refreshSession } from '@/lib/session';
import { useCurrentUser } from '@/lib/use-session';

const { Header, Content } = Layout;

const MENUS: Record<Role, { key: string; label: string }[]> = {
  office: [
    { key: '/overview', label: '总览' },
    { key: '/task-list', label: '任务清单' },
    { key: '/review', label: '报告审核' },
    { key: '/import-desk', label: '文件导入' },
    { key: '/rollup', label: '调度汇总' },
    { key: '/manage', label: '系统管理' },
    { key: '/inbox', label: '消息' },
  ],
  leader: [
    { key: '/overview', label: '总览' },
    { key: '/task-list', label: '任务清单' },
    { key: '/rollup', label: '调度汇总' },
    { key: '/inbox', label: '消息' },
  ],
  bureau: [
    { key: '/my-tasks', label: '我的任务' },
    { key: '/rollup', label: '调度汇总' },
    { key: '/inbox', label: '消息' },
  ],
};

export function homePathFor(role: Role): string {
  return role === 'bureau' ? '/my-tasks' : '/overview';
}

export function HomeRedirect() {
  const user = useCurrentUser();
  return user ? <Navigate to={homePathFor(user.role)} replace /> : null;
}

/**
 * Every page but the login: restores the session from the refresh cookie after a reload (once),
 * sends a visitor without one to the login page, and frames the page with the role's menu.
 */
export function AppShell() {
  const user = useCurrentUser();
  const location = useLocation();
  const [restoring, setRestoring] = useState(() => user === null && hadSession());
  useEffect(() => {
    if (!restoring) return;
    void refreshSession().then((ok) => {
      if (!ok) endSession();
      setRestoring(false);
    });
  }, [restoring]);

  if (restoring) return <Spin fullscreen tip="正在恢复登录…" />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <ShellLayout />;
}

function ShellLayout() {
  const user = useCurrentUser()!;
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const unread = useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: () => unwrap(api.GET('/notifications', { params: { query: { unread: true, pageSize: 1 } } })),
    refetchInterval: 60_000,
  });
  const unreadCount = unread.data?.unread ?? 0;
  const items = MENUS[user.role].map((item) => ({
    key: item.key,
    // the count sits beside the word (not over it), and says what it counts to screen readers
    label:
      item.key === '/inbox' && unreadCount > 0 ? (
        <span>
          {item.label} <Badge count={unreadCount} size="small" title={`${unreadCount} 条未读消息`} />
        </span>
      ) : (
        item.label
      ),
  }));
  const selected = MENUS[user.role].find((item) => location.pathname.startsWith(item.key))?.key;

  const logout = async () => {
    await api.POST('/auth/logout', { body: {} }).catch(() => undefined);
    endSession();
    void navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Header style={{ display: 'flex', alignItems: 'center', gap: screens.md ? 16 : 8, paddingInline: screens.md ? 16 : 8 }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
          落实
        </Typography.Text>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={({ key }) => navigate(key)}
          style={{ flex: 1, minWidth: 0 }}
          aria-label="主菜单"
        />
        <Space size="small" style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          {screens.md && (
            <span>
              {user.displayName}（{user.unitName ?? ROLE_LABELS[user.role]}）
            </span>
          )}
          <Button size="small" onClick={logout}>
            退出
          </Button>
        </Space>
      </Header>
      <Content style={{ padding: screens.md ? 16 : 8, maxWidth: 1400, width: '100%', margin: '0 auto' }}>
        <Outlet />
      </Content>
    </Layout>
  );
}
