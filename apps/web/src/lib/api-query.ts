import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query';
import { unwrap } from './api-client';

export interface ApiQueryOptions {
  /** false until what the call needs is known (a period chosen, an id in the URL) */
  enabled?: boolean;
  /** a paged list: keep the last page on screen while the next one loads */
  paged?: boolean;
  staleTime?: number;
}

/**
 * A read of the API through the query cache: `call` is the generated client's call, unwrapped here
 * (a refusal becomes an ApiError), so the feature modules only say what to read and when.
 */
export function useApiQuery<T>(queryKey: QueryKey, call: () => Promise<{ data?: T; error?: unknown; response: Response }>, options: ApiQueryOptions = {}) {
  return useQuery({
    queryKey,
    queryFn: () => unwrap(call()),
    enabled: options.enabled,
    staleTime: options.staleTime,
    placeholderData: options.paged ? keepPreviousData : undefined,
  });
}
