import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, noUnit } from '@luoshi/domain/errors';
import type { AuthUser } from '../auth/auth.decorators';
import { preparedRows, sql, Sql } from '@luoshi/infra';
import { queryPage } from '../common/paging';
import type { ListNotificationsQueryDto, NotificationPageDto, NotificationResponseDto, ReadAllResultDto } from './dto/notification.dto';

/** The documented fields of an inbox item, read from `notification n`. */
const ITEM_COLUMNS = sql`n.id, n.kind, n.title, n.body, n.payload, n.created_at, n.read_at`;

interface ItemRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  payload: Record<string, unknown> | null;
  created_at: Date;
  read_at: Date | null;
}

function toItem(row: ItemRow): NotificationResponseDto {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    payload: row.payload ?? {},
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

const notFound = () => new DomainError('not_found', 'NOTIFICATION_NOT_FOUND', '未找到该通知');

/**
 * Whose notifications `user` may read, as a SQL condition on `notification n` with parameters from
 * `$first` on. Always from the authenticated user, never the request, and fail closed: a bureau
 * user reads what is addressed to them personally or to their unit (refused without a unit);
 * office and leader users only what is addressed to them personally (never a unit's inbox); any
 * other role nothing.
 */
export function inboxScope(user: Pick<AuthUser, 'id' | 'role' | 'unitId'>): Sql {
  if (user.role === 'office' || user.role === 'leader') return sql`n.recipient_user_id = ${user.id}`;
  if (user.role === 'bureau') {
    if (!user.unitId) throw noUnit('无法查看通知');
    return sql`(n.recipient_user_id = ${user.id} OR n.recipient_unit_id = ${user.unitId})`;
  }
  throw new DomainError('forbidden', 'ROLE_NOT_ALLOWED', '您的角色无权执行此操作');
}

/**
 * The in-app inbox: the outbox rows themselves (the worker's in-app channel only marks them
 * delivered), whatever their delivery status. Read state is the row's `read_at`, so a unit's
 * notification read by one of its users is read for the whole unit.
 *
 * Marking read writes no audit entry: it changes only the caller's own inbox state, no shared
 * business data (like logout, it is allowed to read-only roles).
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly dataSource: DataSource) {}

  /** The caller's inbox, newest first, with the filtered total and the unfiltered unread count (one query). */
  async list(user: AuthUser, query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    const scope = inboxScope(user);
    const filter = query.unread === undefined ? sql`TRUE` : query.unread ? sql`n.read_at IS NULL` : sql`n.read_at IS NOT NULL`;
    return queryPage<ItemRow, NotificationResponseDto, { total: number; unread: number }>(
      this.dataSource,
      {
        select: ITEM_COLUMNS,
        from: sql`notification n`,
        where: [scope, filter],
        orderBy: sql`n.created_at DESC, n.id DESC`,
        // the filtered total and the unfiltered unread count in one pass over the inbox
        count: sql`SELECT count(*) FILTER (WHERE ${filter})::int AS total, count(*) FILTER (WHERE n.read_at IS NULL)::int AS unread
                     FROM notification n WHERE ${scope}`,
        prepared: true,
      },
      query,
      toItem,
    );
  }

  /**
   * Marks one of the caller's notifications read; idempotent (read_at keeps the first time).
   * One not addressed to the caller is 404, as if it did not exist.
   */
  async markRead(user: AuthUser, id: string): Promise<NotificationResponseDto> {
    const scope = inboxScope(user);
    const [updated] = await preparedRows<ItemRow & Record<string, unknown>>(
      this.dataSource.manager,
      sql`UPDATE notification n SET read_at = now() WHERE n.id = ${id} AND ${scope} AND n.read_at IS NULL RETURNING ${ITEM_COLUMNS}`,
    );
    if (updated) return toItem(updated);
    // already read (or not the caller's): a new statement sees a concurrent reader's committed read_at
    const [existing] = await preparedRows<ItemRow & Record<string, unknown>>(
      this.dataSource.manager,
      sql`SELECT ${ITEM_COLUMNS} FROM notification n WHERE n.id = ${id} AND ${scope}`,
    );
    if (!existing) throw notFound();
    return toItem(existing);
  }

  /** Marks every unread notification of the caller's inbox read. */
  async markAllRead(user: AuthUser): Promise<ReadAllResultDto> {
    const [row] = await preparedRows<{ updated: number }>(
      this.dataSource.manager,
      sql`WITH marked AS (UPDATE notification n SET read_at = now() WHERE ${inboxScope(user)} AND n.read_at IS NULL RETURNING 1)
       SELECT count(*)::int AS updated FROM marked`,
    );
    return { updated: row?.updated ?? 0 };
  }
}
