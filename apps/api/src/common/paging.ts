import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRow, queryRows, sql, type Sql } from '@luoshi/infra';
import type { PageQueryDto } from './page-query.dto';

/** One page of a list: every list that can grow answers in this shape. */
export interface Page<T> {
  items: T[];
  /** rows matching the filters, over all pages */
  total: number;
  page: number;
  pageSize: number;
}

/** What runs a statement: the DataSource, or an EntityManager inside a transaction. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** The SQL of a paged list: `from` holds FROM … WHERE …, with `params` numbered $1..$n. */
export interface PageSql {
  select: string;
  from: string;
  orderBy: string;
}

/**
 * The one paging helper: the total and the requested page of rows, read in one snapshot when
 * `db` is a transaction's manager; a page past the end is empty and still carries the total.
 */
export async function queryPage<Row, Item = Row>(
  db: Queryable,
  sql: PageSql,
  params: unknown[],
  query: PageQueryDto,
  toItem: (row: Row) => Item = (row) => row as unknown as Item,
): Promise<Page<Item>> {
  const [{ total }]: { total: number }[] = await db.query(`SELECT count(*)::int AS total ${sql.from}`, params);
  const offset = (query.page - 1) * query.pageSize;
  const rows: Row[] =
    offset >= total
      ? []
      : await db.query(`SELECT ${sql.select} ${sql.from} ORDER BY ${sql.orderBy} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
          ...params,
          query.pageSize,
          offset,
        ]);
  return { items: rows.map(toItem), total, page: query.page, pageSize: query.pageSize };
}

/** The SQL of a paged list written with the `sql` tag: `from` holds FROM … WHERE … with its values bound. */
export interface PageFragments {
  select: Sql;
  from: Sql;
  orderBy: Sql;
}

/** `queryPage` for `sql`-tagged fragments: the total and the requested page, in one snapshot inside a transaction. */
export async function querySqlPage<Row>(db: DataSource | EntityManager, fragments: PageFragments, query: PageQueryDto): Promise<Page<Row>> {
  const counted = await queryRow<{ total: number }>(db, sql`SELECT count(*)::int AS total ${fragments.from}`);
  const total = counted?.total ?? 0;
  const offset = (query.page - 1) * query.pageSize;
  const items =
    offset >= total
      ? []
      : await queryRows<Row>(db, sql`SELECT ${fragments.select} ${fragments.from} ORDER BY ${fragments.orderBy} LIMIT ${query.pageSize} OFFSET ${offset}`);
  return { items, total, page: query.page, pageSize: query.pageSize };
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
  pageDtos.set(item, ItemPage as Type<Page<unknown>>);
  return ItemPage;
}
