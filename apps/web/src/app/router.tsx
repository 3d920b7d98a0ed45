import { createBrowserRouter } from 'react-router';

/**
 * Client routes. Their first segments never equal an API route's (`/task/:id` here, `/tasks/:id`
 * there), so the API can answer a reload of any of them with index.html. Every page is its own
 * chunk: the login page loads nothing of the rest, charts and the import desk load on demand.
 */
export const router = createBrowserRouter([
  { path: '/login', lazy: async () => ({ Component: (await import('@/features/auth/routes/LoginPage')).LoginPage }) },
  {
    path: '/',
    lazy: async () => ({ Component: (await import('./AppShell')).AppShell }),
    children: [
      { index: true, lazy: async () => ({ Component: (await import('./AppShell')).HomeRedirect }) },
      { path: 'overview', lazy: async () => ({ Component: (await import('@/features/dashboard/routes/DashboardPage')).DashboardPage }) },
      { path: 'task-list', lazy: async () => ({ Component: (await import('@/features/tasks/routes/TaskListPage')).TaskListPage }) },
      { path: 'my-tasks', lazy: async () => ({ Component: (await import('@/features/tasks/routes/MyTasksPage')).MyTasksPage }) },
      { path: 'task/:id', lazy: async () => ({ Component: (await import('@/features/tasks/routes/TaskPage')).TaskPage }) },
      { path: 'task/:id/report', lazy: async () => ({ Component: (await import('@/features/reports/routes/ReportPage')).ReportPage }) },
      { path: 'review', lazy: async () => ({ Component: (await import('@/features/reports/routes/ReviewQueuePage')).ReviewQueuePage }) },
      { path: 'import-desk', lazy: async () => ({ Component: (await import('@/features/import/routes/ImportDeskPage')).ImportDeskPage }) },
      { path: 'rollup', lazy: async () => ({ Component: (await import('@/features/rollups/routes/RollupPage')).RollupPage }) },
      { path: 'manage', lazy: async () => ({ Component: (await import('@/features/admin/routes/ManagePage')).ManagePage }) },
      { path: 'inbox', lazy: async () => ({ Component: (await import('@/features/inbox/routes/InboxPage')).InboxPage }) },
      { path: '*', lazy: async () => ({ Component: (await import('@/components/StatusPages')).NotFound }) },
    ],
  },
]);
