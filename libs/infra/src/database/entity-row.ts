/**
 * Row types derived from the entities, so raw-SQL reads do not restate what the entity says:
 * `EntityRow<ProgressReportEntity, 'task' | 'unit'>` is the row `SELECT * FROM progress_report`
 * answers (snake_case columns, the entity's types), without the named relations.
 */
type SnakeCase<S extends string> = S extends `${infer C}${infer Rest}` ? `${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}${SnakeCase<Rest>}` : S;

export type EntityRow<E, Relations extends keyof E = never> = {
  [K in Exclude<keyof E, Relations> as K extends string ? SnakeCase<K> : never]: E[K];
};

/** A row as it comes back inside JSON (to_jsonb, json_agg): timestamps are strings. */
export type JsonRow<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};
