import { useSearchParams } from 'react-router';

/**
 * Filters kept in the URL: a list is shareable as a link and the back button undoes a filter.
 * Changing a filter goes back to the first page; an empty value removes the parameter.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const get = (key: string): string | undefined => params.get(key) ?? undefined;
  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const clear = (keep: string[] = []) => {
    const next = new URLSearchParams();
    for (const key of keep) if (params.has(key)) next.set(key, params.get(key)!);
    setParams(next);
  };
  return { params, get, update, clear };
}

/** A boolean filter in the URL: 'true' / 'false', absent = no filter. */
export function booleanParam(value: string | undefined): boolean | undefined {
  return value === 'true' ? true : value === 'false' ? false : undefined;
}
