import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components, operations } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

export type TaskListItem = components['schemas']['TaskListItemDto'];
export type TaskDetail = components['schemas']['TaskDetailDto'];
export type TaskListQuery = NonNullable<operations['TasksController_list']['parameters']['query']>;

export function useTaskList(query: TaskListQuery, mine = false) {
  return useQuery({
    queryKey: ['tasks', mine ? 'mine' : 'all', query],
    queryFn: () => unwrap(mine ? api.GET('/tasks/mine', { params: { query } }) : api.GET('/tasks', { params: { query } })),
    placeholderData: (previous) => previous,
  });
}

export function useTask(id: string) {
  return useQuery({ queryKey: ['task', id], queryFn: () => unwrap(api.GET('/tasks/{id}', { params: { path: { id } } })) });
}

export function useTaskHistory(id: string, page: number) {
  return useQuery({
    queryKey: ['task', id, 'history', page],
    queryFn: () => unwrap(api.GET('/tasks/{id}/history', { params: { path: { id }, query: { page, pageSize: 20 } } })),
  });
}

/** 签收 one or many tasks (one request each: the API signs per task and unit). */
export function useSignTasks() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (taskIds: string[]) => {
      for (const id of taskIds) await unwrap(api.POST('/tasks/{id}/sign', { params: { path: { id } } }));
      return taskIds.length;
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      void queryClient.invalidateQueries({ queryKey: ['task'] });
    },
  });
}
