import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

export type Report = components['schemas']['ReportResponseDto'];
export type Draft = components['schemas']['DraftResponseDto'];

export function useTaskReports(taskId: string) {
  return useQuery({
    queryKey: ['task', taskId, 'reports'],
    queryFn: () => unwrap(api.GET('/tasks/{taskId}/reports', { params: { path: { taskId }, query: { pageSize: 100 } } })).then((page) => page.items),
  });
}

export function useDraft(taskId: string) {
  return useQuery({
    queryKey: ['task', taskId, 'draft'],
    queryFn: () => unwrap(api.GET('/tasks/{taskId}/reports/draft', { params: { path: { taskId }, query: {} } })),
  });
}

/** Accept or return a submitted report (the office's review). */
export function useReviewReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ report, decision, comment }: { report: Pick<Report, 'id' | 'version'>; decision: 'accept' | 'return'; comment?: string }) =>
      decision === 'accept'
        ? unwrap(api.POST('/reports/{id}/accept', { params: { path: { id: report.id } }, body: { version: report.version, comment: comment ?? null } }))
        : unwrap(api.POST('/reports/{id}/return', { params: { path: { id: report.id } }, body: { version: report.version, comment: comment ?? '' } })),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['reports'] });
      void queryClient.invalidateQueries({ queryKey: ['task'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}
