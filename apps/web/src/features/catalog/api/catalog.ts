import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

/** How many options a picker shows at once: typing narrows the search on the server. */
export const PICKER_PAGE_SIZE = 30;

/**
 * Every unit's name, for the import desk (its rows offer the same list many times over, so it is read
 * once, page by page: a district has one or two hundred units, more than one page of the API).
 */
export function useUnits() {
  return useQuery({
    queryKey: ['units', 'all'],
    queryFn: async () => {
      const first = await unwrap(api.GET('/units', { params: { query: { pageSize: 100, page: 1 } } }));
      const items = [...first.items];
      for (let page = 2; items.length < first.total && page <= Math.ceil(first.total / 100); page++) {
        items.push(...(await unwrap(api.GET('/units', { params: { query: { pageSize: 100, page } } }))).items);
      }
      return items;
    },
    staleTime: 5 * 60_000,
  });
}

export interface PickerOption {
  value: string;
  label: string;
}

export interface PickerPage {
  options: PickerOption[];
  total: number;
}

/** A picker's search: one page of matches for what was typed, read from the API (never "the first 100"). */
export function useUnitSearch(q: string) {
  return useQuery({
    queryKey: ['units', 'search', q],
    queryFn: async (): Promise<PickerPage> => {
      const page = await unwrap(api.GET('/units', { params: { query: { q: q || undefined, pageSize: PICKER_PAGE_SIZE } } }));
      return { options: page.items.map((unit) => ({ value: unit.id, label: unit.name })), total: page.total };
    },
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
}

export function useDocumentSearch(q: string, publishedOnly = false) {
  return useQuery({
    queryKey: ['documents', 'search', q, publishedOnly],
    queryFn: async (): Promise<PickerPage> => {
      const page = await unwrap(api.GET('/documents', { params: { query: { q: q || undefined, pageSize: PICKER_PAGE_SIZE } } }));
      const items = publishedOnly ? page.items.filter((doc) => doc.status === 'published') : page.items;
      return { options: items.map((doc) => ({ value: doc.id, label: doc.title })), total: page.total };
    },
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useMeasureSearch(documentId: string | undefined, q: string) {
  return useQuery({
    queryKey: ['documents', documentId, 'measures', 'search', q],
    queryFn: async (): Promise<PickerPage> => {
      const page = await unwrap(
        api.GET('/documents/{id}/measures', { params: { path: { id: documentId! }, query: { q: q || undefined, pageSize: PICKER_PAGE_SIZE } } }),
      );
      return { options: page.items.map((measure) => ({ value: measure.id, label: `${measure.number} ${measure.title}` })), total: page.total };
    },
    enabled: Boolean(documentId),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** The name of a unit or document picked earlier (from a shared link), when it is not among the matches shown. */
export function useUnitName(id: string | undefined) {
  return useQuery({
    queryKey: ['units', id],
    queryFn: () => unwrap(api.GET('/units/{id}', { params: { path: { id: id! } } })).then((unit) => unit.name),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
  });
}

/** A measure's number and title (GET /measures/:id: a bureau reads only a measure it has a task on). */
export function useMeasureLabel(id: string | undefined) {
  return useQuery({
    queryKey: ['measures', id, 'label'],
    queryFn: () => unwrap(api.GET('/measures/{id}', { params: { path: { id: id! } } })).then((measure) => `${measure.number} ${measure.title}`),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
  });
}

export function useDocumentTitle(id: string | undefined) {
  return useQuery({
    queryKey: ['documents', id, 'title'],
    queryFn: () => unwrap(api.GET('/documents/{id}', { params: { path: { id: id! } } })).then((doc) => doc.title),
    enabled: Boolean(id),
    staleTime: 5 * 60_000,
  });
}
