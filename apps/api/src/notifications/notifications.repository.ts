import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NotificationEntity } from '@luoshi/domain/entities';
import { EntityRow, preparedRows, sql, Sql } from '@luoshi/infra';
import { Page, PageRequest, queryPage } from '../common/paging';

/** The documented fields of an inbox item. */
export type InboxRow = Pick<EntityRow<NotificationEntity>, 'id' | 'kind' | 'title' | 'body' | 'payload' | 'created_at' | 'read_at'>;

/** …read from `notification n`. */
const ITEM_COLUMNS = sql`n.id, n.kind, n.title, n.body, n.payload, n.created_at, n.read_at`;

/**
 * All SQL of the in-app inbox. `inbox` is the caller's scope on `notification n` (see inboxScope);
 * every statement is prepared: the inbox is polled.
 */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first, with the filtered total and the unfiltered unread count (one statement). */
  page(inbox: Sql, unread: boolean | undefined, page: PageRequest): Promise<Page<InboxRow> & { unread: number }> {
    const filter = unread === undefined ? sql`TRUE` : unread ? sql`n.read_at IS NULL` : sql`n.read_at IS NOT NULL`;
    return queryPage<InboxRow, InboxRow, { total: number; unread: number }>(
      this.dataSource,
      {
        select: ITEM_COLUMNS,
        from: sql`notification n`,
        where: [inbox, filter],
        orderBy: sql`n.created_at DESC, n.id DESC`,
        // the filtered total and the unfiltered unread count in one pass over the inbox
        count: sql`SELECT count(*) FILTER (WHERE ${filter})::int AS total, count(*) FILTER (WHERE n.read_at IS NULL)::int AS unread
                     FROM notification n WHERE ${inbox}`,
        prepared: true,
      },
      page,
    );
  }

  /** Sets read_at if unset; undefined when it was already read (or is not in the inbox). */
  async markRead(inbox: Sql, id: string): Promise<InboxRow | undefined> {
    const [row] = await preparedRows<InboxRow & Record<string, unknown>>(
      this.dataSource.manager,
      sql`UPDATE notification n SET read_at = now() WHERE n.id = ${id} AND ${inbox} AND n.read_at IS NULL RETURNING ${ITEM_COLUMNS}`,
    );
    return row;
  }

  async find(inbox: Sql, id: string): Promise<InboxRow | undefined> {
    const [row] = await preparedRows<InboxRow & Record<string, unknown>>(
      this.dataSource.manager,
      sql`SELECT ${ITEM_COLUMNS} FROM notification n WHERE n.id = ${id} AND ${inbox}`,
    );
    return row;
  }

  /** Marks every unread item read; how many. */
  async markAllRead(inbox: Sql): Promise<number> {
    const [row] = await preparedRows<{ updated: number }>(
      this.dataSource.manager,
      sql`WITH marked AS (UPDATE notification n SET read_at = now() WHERE ${inbox} AND n.read_at IS NULL RETURNING 1)
          SELECT count(*)::int AS updated FROM marked`,
    );
    return row?.updated ?? 0;
  }
}
