import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryRow, sql, Sql } from '@luoshi/infra';
import { Page, PageRequest, queryPage } from '../common/paging';
import type { NoticeResponseDto } from './dto/notice.dto';

/** A notice as the API shows it, before its level label is added. */
export type NoticeRow = Omit<NoticeResponseDto, 'levelLabel'>;

const NOTICE_COLUMNS = sql`n.id, n.task_id AS "taskId", t.title AS "taskTitle", n.unit_id AS "unitId", u.name AS "unitName", n.level, n.text,
  n.reply_due::text AS "replyDue", n.status, n.reply_text AS "replyText", n.replied_at AS "repliedAt", n.created_at AS "createdAt"`;
const NOTICE_FROM = sql`supervision_notice n JOIN task t ON t.id = n.task_id JOIN unit u ON u.id = n.unit_id`;

export interface NoticesFilter {
  /** the tasks the caller may see (TaskAccessService.visibleTasks) */
  visibleTasks: Sql;
  status?: string;
  taskId?: string;
}

/** All SQL of supervision notices (督办) beyond TypeORM's entity writes. */
@Injectable()
export class SupervisionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Newest first. */
  page(filter: NoticesFilter, page: PageRequest): Promise<Page<NoticeRow>> {
    const where = [filter.visibleTasks];
    if (filter.status) where.push(sql`n.status = ${filter.status}`);
    if (filter.taskId) where.push(sql`n.task_id = ${filter.taskId}`);
    return queryPage<NoticeRow>(this.dataSource, { select: NOTICE_COLUMNS, from: NOTICE_FROM, where, orderBy: sql`n.created_at DESC, n.id` }, page);
  }

  get(id: string): Promise<NoticeRow | undefined> {
    return queryRow<NoticeRow>(this.dataSource, sql`SELECT ${NOTICE_COLUMNS} FROM ${NOTICE_FROM} WHERE n.id = ${id}`);
  }

  /** The same notice while still open (a repeated issue is answered with it). */
  async openNoticeLike(manager: EntityManager, notice: { taskId: string; level: string; text: string }): Promise<string | undefined> {
    const row = await queryRow<{ id: string }>(
      manager,
      sql`SELECT id FROM supervision_notice WHERE task_id = ${notice.taskId} AND level = ${notice.level} AND text = ${notice.text} AND status = 'open' LIMIT 1`,
    );
    return row?.id;
  }

  /** The task's (first) lead unit. */
  async leadUnit(manager: EntityManager, taskId: string): Promise<string | undefined> {
    const row = await queryRow<{ unit_id: string }>(
      manager,
      sql`SELECT unit_id FROM task_unit WHERE task_id = ${taskId} AND role = 'lead' ORDER BY position LIMIT 1`,
    );
    return row?.unit_id;
  }

  /** The names a reply notification shows. */
  async names(manager: EntityManager, key: { taskId: string; unitId: string }): Promise<{ task_title: string; unit_name: string } | undefined> {
    return queryRow<{ task_title: string; unit_name: string }>(
      manager,
      sql`SELECT t.title AS task_title, u.name AS unit_name FROM task t, unit u WHERE t.id = ${key.taskId} AND u.id = ${key.unitId}`,
    );
  }
}
