import { useMutation, useQuery } from '@tanstack/react-query';
import type { components, operations } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';
import { useApiQuery } from '@/lib/api-query';

type Schemas = components['schemas'];
export type Cadence = Schemas['PeriodDto']['cadence'];
export type Period = Schemas['PeriodDto'];
export type Rollup = Schemas['RollupDto'];
export type RollupUnitRow = Schemas['RollupUnitRowDto'];
export type RollupMeasureRow = Schemas['RollupMeasureRowDto'];
export type RollupTaskRow = Schemas['RollupTaskRowDto'];
export type Comparison = Schemas['RollupComparisonDto'];
export type Ledger = Schemas['LedgerDto'];
export type LedgerFilters = NonNullable<operations['LedgersController_request']['requestBody']>['content']['application/json'];

export const CADENCE_LABELS: Record<Cadence, string> = { monthly: '月调度', weekly: '周调度', dekad: '旬调度' };

/** Periods whose rollup is built, newest first (the API pages them; a year of months is one page). */
export function usePeriods(cadence: Cadence) {
  return useQuery({
    queryKey: ['rollups', 'periods', cadence],
    queryFn: () =>
      unwrap(api.GET('/rollups/periods', { params: { query: { cadence, pageSize: 100 } } })).then((page) => page.items.filter((period) => period.rollup)),
  });
}

export function useRollup(cadence: Cadence, period: string | undefined) {
  return useApiQuery(['rollups', cadence, period], () => api.GET('/rollups/{cadence}/{period}', { params: { path: { cadence, period: period! } } }), {
    enabled: Boolean(period),
    staleTime: 5 * 60_000,
  });
}

export function useRollupMeasures(cadence: Cadence, period: string | undefined, page: number) {
  return useApiQuery(
    ['rollups', cadence, period, 'measures', page],
    () => api.GET('/rollups/{cadence}/{period}/measures', { params: { path: { cadence, period: period! }, query: { page, pageSize: 20 } } }),
    { enabled: Boolean(period), paged: true },
  );
}

export function useRollupTasks(cadence: Cadence, period: string | undefined, query: { page: number; kind?: 'overdue' | 'lagging'; unitId?: string }) {
  return useApiQuery(
    ['rollups', cadence, period, 'tasks', query],
    () => api.GET('/rollups/{cadence}/{period}/tasks', { params: { path: { cadence, period: period! }, query: { ...query, pageSize: 20 } } }),
    { enabled: Boolean(period), paged: true },
  );
}

export function useComparison(cadence: Cadence, from: string | undefined, to: string | undefined) {
  return useApiQuery(['rollups', 'compare', cadence, from, to], () => api.GET('/rollups/compare', { params: { query: { cadence, from: from!, to: to! } } }), {
    enabled: Boolean(from && to && from !== to),
    staleTime: 5 * 60_000,
  });
}

/** The 台账: requested, then polled until the worker has written it (or failed). */
export function useRequestLedger() {
  return useMutation({ mutationFn: (filters: LedgerFilters) => unwrap(api.POST('/ledgers', { body: filters })) });
}

export function useLedger(id: string | undefined) {
  return useQuery({
    queryKey: ['ledgers', id],
    queryFn: () => unwrap(api.GET('/ledgers/{id}', { params: { path: { id: id! } } })),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data && (query.state.data.status === 'ready' || query.state.data.status === 'failed') ? false : 1500),
  });
}
