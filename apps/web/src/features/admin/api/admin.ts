import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { components, operations } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';
import { useApiQuery } from '@/lib/api-query';

type Schemas = components['schemas'];
export type Unit = Schemas['UnitResponseDto'];
export type User = Schemas['UserResponseDto'];
export type CalendarDay = Schemas['CalendarDayDto'];
export type CreateUnit = Schemas['CreateUnitDto'];
export type UpdateUnit = Schemas['UpdateUnitDto'];
export type CreateUser = Schemas['CreateUserDto'];
export type UpdateUser = Schemas['UpdateUserDto'];
export type UnitQuery = NonNullable<operations['UnitsController_list']['parameters']['query']>;
export type UserQuery = NonNullable<operations['UsersController_list']['parameters']['query']>;

export function useUnitList(query: UnitQuery) {
  return useApiQuery(['units', 'admin', query], () => api.GET('/units', { params: { query } }), { paged: true });
}

export function useUserList(query: UserQuery) {
  return useApiQuery(['users', query], () => api.GET('/users', { params: { query } }), { paged: true });
}

export function useCalendar(year: number) {
  return useApiQuery(['calendar', year], () => api.GET('/calendar/{year}', { params: { path: { year } } }));
}

/** Every write here changes what pickers and lists show: they are refetched. */
function useAdminMutation<V, R>(mutationFn: (values: V) => Promise<R>, keys: string[][]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => {
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    },
  });
}

export function useSaveUnit() {
  return useAdminMutation(
    ({ id, values }: { id?: string; values: CreateUnit | UpdateUnit }) =>
      id ? unwrap(api.PATCH('/units/{id}', { params: { path: { id } }, body: values })) : unwrap(api.POST('/units', { body: values as CreateUnit })),
    [['units']],
  );
}

export function useAddAlias() {
  return useAdminMutation(
    ({ id, alias }: { id: string; alias: string }) => unwrap(api.POST('/units/{id}/aliases', { params: { path: { id } }, body: { alias } })),
    [['units']],
  );
}

export function useSaveUser() {
  return useAdminMutation(
    ({ id, values }: { id?: string; values: CreateUser | UpdateUser }) =>
      id ? unwrap(api.PATCH('/users/{id}', { params: { path: { id } }, body: values })) : unwrap(api.POST('/users', { body: values as CreateUser })),
    [['users']],
  );
}

export function useSaveCalendar() {
  return useAdminMutation(
    ({ year, days }: { year: number; days: CalendarDay[] }) => unwrap(api.PUT('/calendar/{year}', { params: { path: { year } }, body: { days } })),
    [['calendar']],
  );
}

export function useSetReporting() {
  return useAdminMutation(
    ({ measureId, reportCadence, evidenceRequired }: { measureId: string; reportCadence: 'monthly' | 'weekly' | 'dekad'; evidenceRequired?: boolean }) =>
      unwrap(api.PUT('/measures/{id}/reporting', { params: { path: { id: measureId } }, body: { reportCadence, evidenceRequired } })),
    [['task'], ['tasks'], ['documents']],
  );
}
