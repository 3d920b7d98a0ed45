import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { queryRow, sql, Sql } from '@luoshi/infra';
import { Page, PageRequest, queryPage } from '../common/paging';
import type { ExtensionResponseDto } from './dto/extension.dto';

const EXTENSION_COLUMNS = sql`e.id, e.task_id AS "taskId", t.title AS "taskTitle", e.unit_id AS "unitId", u.name AS "unitName", e.reason,
  e.current_due_date::text AS "currentDueDate", e.proposed_date::text AS "proposedDate", e.status,
  e.decision_comment AS "decisionComment", e.decided_at AS "decidedAt", e.created_at AS "createdAt"`;
const EXTENSION_FROM = sql`extension_request e JOIN task t ON t.id = e.task_id JOIN unit u ON u.id = e.unit_id`;

export interface ExtensionsFilter {
  /** the tasks the caller may see (TaskAccessService.visibleTasks) */
  visibleTasks: Sql;
  status?: string;
  taskId?: string;
}

/** All SQL of extension requests (延期申请) beyond TypeORM's entity writes. */
@Injectable()
export class ExtensionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A task's requests, oldest first: its extension history in the order it happened. */
  pageForTask(taskId: string, page: PageRequest): Promise<Page<ExtensionResponseDto>> {
    return queryPage<ExtensionResponseDto>(
      this.dataSource,
      { select: EXTENSION_COLUMNS, from: EXTENSION_FROM, where: [sql`e.task_id = ${taskId}`], orderBy: sql`e.created_at, e.id` },
      page,
    );
  }

  /** Requests across tasks, newest first (the office's queue with status=pending). */
  page(filter: ExtensionsFilter, page: PageRequest): Promise<Page<ExtensionResponseDto>> {
    const where = [filter.visibleTasks];
    if (filter.status) where.push(sql`e.status = ${filter.status}`);
    if (filter.taskId) where.push(sql`e.task_id = ${filter.taskId}`);
    return queryPage<ExtensionResponseDto>(
      this.dataSource,
      { select: EXTENSION_COLUMNS, from: EXTENSION_FROM, where, orderBy: sql`e.created_at DESC, e.id` },
      page,
    );
  }

  get(id: string): Promise<ExtensionResponseDto | undefined> {
    return queryRow<ExtensionResponseDto>(this.dataSource, sql`SELECT ${EXTENSION_COLUMNS} FROM ${EXTENSION_FROM} WHERE e.id = ${id}`);
  }

  async taskTitle(manager: EntityManager, taskId: string): Promise<string> {
    const row = await queryRow<{ title: string }>(manager, sql`SELECT title FROM task WHERE id = ${taskId}`);
    return row?.title ?? '';
  }
}
