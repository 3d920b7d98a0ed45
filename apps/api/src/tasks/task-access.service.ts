import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError, type ErrorCode, taskNotFound, noUnit } from '@luoshi/domain/errors';
import type { AuthUser } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { preparedRows, raw, Sql, sql } from '@luoshi/infra';

/**
 * The columns `decide` needs, for a query that reads them along with its own (alias the task `t`),
 * the caller's unit bound as a parameter.
 */
export const taskAccessColumnsSql = (unitId: string | null): Sql =>
  sql`t.published_at IS NOT NULL AS published, (SELECT tu.role FROM task_unit tu WHERE tu.task_id = t.id AND tu.unit_id = ${unitId}) AS unit_role`;

/** What `taskAccessColumnsSql` read for one task; undefined when the task does not exist. */
export interface TaskAccessFacts {
  published: boolean;
  unit_role: 'lead' | 'co' | null;
}

/** How the caller relates to a task: the office/leader see all; a bureau is lead or co-responsible. */
export interface TaskAccess {
  taskId: string;
  /** the caller's unit's role on the task; null for office and leader */
  unitRole: 'lead' | 'co' | null;
}

/**
 * Object-level authorization for tasks, in one place. The scope always comes from the
 * authenticated user, never from the request, and fails closed: a bureau user without a unit is
 * refused, and a bureau sees only published tasks its unit leads or shares.
 */
@Injectable()
export class TaskAccessService {
  constructor(private readonly audit: AuditService) {}

  /** The unit whose tasks a bureau sees (`visibleTasks`' unit); fails closed for a bureau without one. */
  scopeUnit(user: AuthUser): string {
    return requireUnit(user);
  }

  /**
   * The tasks the caller may see, as a `sql` fragment over the task alias `taskAlias` (default `t`;
   * an identifier from code, never input): its parameter is bound by the template. Fails closed like
   * `scope`; office and leader: no restriction.
   */
  visibleTasks(user: AuthUser, taskAlias = 't'): Sql {
    if (user.role === 'office' || user.role === 'leader') return sql`TRUE`;
    const unitId = requireUnit(user);
    const t = raw(taskAlias);
    return sql`(${t}.published_at IS NOT NULL AND EXISTS (SELECT 1 FROM task_unit su WHERE su.task_id = ${t}.id AND su.unit_id = ${unitId}))`;
  }

  /**
   * The scope of task lists, equivalent to `visibleTasks` but planned for speed. A bureau's list is
   * driven by its own task_unit rows (`unitId`: the list binds it; their role, signed_at and the
   * copies of the task's list keys task_due_date, task_published, task_state that the database
   * keeps equal to the task's), selected on the index ix_task_unit_unit_due. `taskWhere` re-checks
   * the task row itself wherever the list reads it, so a copy out of step could hide a task but
   * never show an unpublished one. Office and leader: every task, `unitId` null.
   */
  listScope(user: AuthUser, taskAlias: string): { unitId: string | null; taskWhere: Sql } {
    if (user.role === 'office' || user.role === 'leader') return { unitId: null, taskWhere: sql`TRUE` };
    return { unitId: requireUnit(user), taskWhere: sql`${raw(taskAlias)}.published_at IS NOT NULL` };
  }

  /** Loads the caller's relation to a task or refuses (404 unknown task and, audited, another unit's task). */
  async check(manager: EntityManager, user: AuthUser, taskId: string, need: 'read' | 'write' | 'lead' = 'read'): Promise<TaskAccess> {
    const [facts] = await preparedRows<TaskAccessFacts & Record<string, unknown>>(
      manager,
      sql`SELECT ${taskAccessColumnsSql(user.unitId)} FROM task t WHERE t.id = ${taskId}`,
    );
    return this.decide(manager, user, { taskId, facts }, need);
  }

  /**
   * The access rules, on facts already read (by `check`, or by a caller's own query with
   * `taskAccessColumnsSql`, saving a round trip): 404 unknown task; the office everything; a leader
   * reads only; a bureau a published task its unit leads or shares (`lead`: leads). Refusals are
   * audited, then 403 — or 404 where the task is not the bureau's at all.
   */
  async decide(
    manager: EntityManager,
    user: AuthUser,
    { taskId, facts }: { taskId: string; facts: TaskAccessFacts | undefined },
    need: 'read' | 'write' | 'lead',
  ): Promise<TaskAccess> {
    if (!facts) throw taskNotFound();
    if (user.role === 'office') return { taskId, unitRole: null };
    if (user.role === 'leader') {
      if (need !== 'read') await this.refuse(manager, user, taskId, { code: 'READ_ONLY_ROLE', message: '领导账号仅可查看' });
      return { taskId, unitRole: null };
    }
    requireUnit(user);
    const { published, unit_role: role } = facts;
    // another unit's task is answered as if it did not exist (a 403 would confirm the id); the audit entry says what it was
    if (!published || !role) await this.refuseAsNotFound(manager, user, taskId, { auditCode: 'TASK_FORBIDDEN', notFound: taskNotFound });
    if (need === 'lead' && role !== 'lead') await this.refuse(manager, user, taskId, { code: 'LEAD_UNIT_ONLY', message: '仅牵头单位可执行此操作' });
    return { taskId, unitRole: role };
  }

  /** A bureau may filter lists by its own unit only: another unit's id is refused (audited), never widens the scope. */
  async assertUnitFilter(manager: EntityManager, user: AuthUser, unitId: string | undefined): Promise<void> {
    if (!unitId || user.role !== 'bureau' || unitId === user.unitId) return;
    await this.audit.record(manager, user, {
      action: 'task.access',
      entityType: 'unit',
      entityId: unitId,
      outcome: 'refused',
      after: { code: 'UNIT_SCOPE_FORBIDDEN' },
    });
    throw new DomainError('forbidden', 'UNIT_SCOPE_FORBIDDEN', '只能查看本单位的任务');
  }

  /** Records the refused attempt (code `auditCode`) outside the caller's transaction, then throws `notFound()` (404). */
  private async refuseAsNotFound(
    manager: EntityManager,
    user: AuthUser,
    taskId: string,
    { auditCode, notFound }: { auditCode: string; notFound: () => DomainError },
  ): Promise<never> {
    await this.audit.record(manager.connection.manager, user, {
      action: 'task.access',
      entityType: 'task',
      entityId: taskId,
      outcome: 'refused',
      after: { code: auditCode },
    });
    throw notFound();
  }

  /** Records the refused attempt outside the caller's transaction (which is about to roll back), then throws 403. */
  private async refuse(manager: EntityManager, user: AuthUser, taskId: string, { code, message }: { code: ErrorCode; message: string }): Promise<never> {
    await this.audit.record(manager.connection.manager, user, {
      action: 'task.access',
      entityType: 'task',
      entityId: taskId,
      outcome: 'refused',
      after: { code },
    });
    throw new DomainError('forbidden', code, message);
  }
}

function requireUnit(user: AuthUser): string {
  if (!user.unitId) throw noUnit('无法访问任务');
  return user.unitId;
}
