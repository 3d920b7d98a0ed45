import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

/** Units and documents for filters and pickers: they change rarely, so they are cached for minutes. */
export function useUnits() {
  return useQuery({ queryKey: ['units'], queryFn: () => unwrap(api.GET('/units', { params: { query: { pageSize: 100 } } })).then((page) => page.items), staleTime: 5 * 60_000 });
}

export function useDocuments(enabled = true) {
  return useQuery({ queryKey: ['documents'], queryFn: () => unwrap(api.GET('/documents', { params: { query: { pageSize: 100 } } })).then((page) => page.items), staleTime: 60_000, enabled });
}
