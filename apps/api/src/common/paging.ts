import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DataSource, EntityManager } from 'typeorm';
import { empty, join, preparedRows, queryRows, raw, sql, Sql } from '@luoshi/infra';

/** One page of a list: every list that can grow answers in this shape. */
export interface Page<T> {
  items: T[];
  /** rows matching the filters, over all pages (see `PageSql.count` for lists that cap it) */
  total: number;
  page: number;
  pageSize: number;
}

/** Which page: `PageQueryDto` or anything with its two numbers. */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** A paged list's SQL, in pieces the helper assembles (each a `sql` fragment, parameters bound by it). */
export interface PageSql {
  /** CTEs shared by the count and the page: the text after WITH */
  with?: Sql;
  /** the columns of one row */
  select: Sql;
  /** the FROM clause without the keyword: tables and joins */
  from: Sql;
  /** conditions, ANDed (none: every row) */
  where?: Sql[];
  /** a total order (end it with a unique key so pages do not overlap) */
  orderBy: Sql;
  /**
   * A statement answering one row with an int `total`, when counting `from`/`where` costs more
   * than the list can afford (a kept counter, a capped count); by default count(*) over them.
   * Its other columns (e.g. an inbox's `unread`) join the page's fields.
   */
  count?: Sql;
  /** run as a named prepared statement (hot lists whose text takes a bounded set of shapes) */
  prepared?: boolean;
}

type Db = EntityManager | DataSource;

/** Page sizes the web app asks for: with the first pages they bound how many texts a list prepares. */
const PREPARED_PAGE_SIZES: ReadonlySet<number> = new Set([10, 20, 50, 100]);
const PREPARED_PAGES = 5;

/**
 * `LIMIT n OFFSET m` as literals. The API's statements are planned generically
 * (plan_cache_mode=force_generic_plan, data-source.ts), and Postgres plans a LIMIT or OFFSET
 * parameter as 10% of the rows: a page of 20 reports was planned for 120,000, as hash joins over
 * whole tables instead of a walk of the list's index. `preparable`: the text is one of a bounded set
 * (the first pages at the web app's sizes), so it may stay a named prepared statement.
 */
export function limitClause(page: PageRequest): { text: string; preparable: boolean } {
  const offset = (page.page - 1) * page.pageSize;
  if (!Number.isSafeInteger(page.pageSize) || !Number.isSafeInteger(offset) || page.pageSize < 1 || offset < 0) {
    throw new Error(`limitClause: bad page ${page.page} × ${page.pageSize}`); // the DTOs validate both
  }
  return { text: `LIMIT ${page.pageSize} OFFSET ${offset}`, preparable: page.page <= PREPARED_PAGES && PREPARED_PAGE_SIZES.has(page.pageSize) };
}

/**
 * The one paging helper: the total and the requested page in ONE statement (one snapshot, one
 * round trip): the count is the outer row, the page a lateral join on it, so a page past the end
 * still carries the total. The lateral join on TRUE can only run as a nested loop with the one
 * count row outside, so the page's rows come back in its ORDER BY.
 */
export async function queryPage<Row, Item = Row, Counts extends { total: number } = { total: number }>(
  db: Db,
  q: PageSql,
  page: PageRequest,
  toItem: (row: Row) => Item = (row) => row as unknown as Item,
): Promise<Page<Item> & Omit<Counts, 'total'>> {
  const where = q.where?.length ? sql`WHERE ${join(q.where, ' AND ')}` : empty;
  const count = q.count ?? sql`SELECT count(*)::int AS total FROM ${q.from} ${where}`;
  const limit = limitClause(page);
  const statement = sql`${q.with ? sql`WITH ${q.with}` : empty}
    SELECT to_json(c) AS "__counts", p.*
      FROM (${count}) c
      LEFT JOIN LATERAL (
        SELECT TRUE AS "__row", ${q.select} FROM ${q.from} ${where}
         ORDER BY ${q.orderBy} ${raw(limit.text)}
      ) p ON TRUE`;
  type Out = Row & { __counts: Counts; __row: boolean | null };
  const rows =
    q.prepared && limit.preparable
      ? await preparedRows<Out & Record<string, unknown>>(db instanceof DataSource ? db.manager : db, statement)
      : await queryRows<Out>(db, statement);
  const items = rows.filter((row) => row.__row).map(({ __counts: _c, __row: _r, ...row }) => toItem(row as unknown as Row));
  // the count row always comes back (a page past the end: one row with the page's columns null)
  const { total, ...counts } = rows[0].__counts;
  return { items, total: Number(total), ...counts, page: page.page, pageSize: page.pageSize };
}

const pageDtos = new Map<Type<unknown>, Type<Page<unknown>>>();

/** OpenAPI: the page DTO of an item DTO (`ReportResponseDto` → `ReportResponsePageDto`), one class per item type. */
export function PageDto<T>(item: Type<T>): Type<Page<T>> {
  const known = pageDtos.get(item);
  if (known) return known as Type<Page<T>>;
  class ItemPage implements Page<T> {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty({ description: '符合条件的总数' }) total: number;
    @ApiProperty() page: number;
    @ApiProperty() pageSize: number;
  }
  Object.defineProperty(ItemPage, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  pageDtos.set(item, ItemPage);
  return ItemPage;
}
