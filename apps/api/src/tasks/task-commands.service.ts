import { Clock, queryRows, returningRows, sql } from '@luoshi/infra';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { formatDateZh } from '@luoshi/domain/calendar';
import { TaskDeadlineEntity, TaskEntity, TaskUnitEntity, UnitEntity, UnitSectionEntity } from '@luoshi/domain/entities';
import { DomainError, type FieldError, taskNotFound, versionConflict } from '@luoshi/domain/errors';
import { assertTransition, type TaskActor } from '@luoshi/domain/tasks';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { updateWithVersion } from '../common/optimistic-update';
import { TaskAccessService } from './task-access.service';
import { AuditedWriter, type RefusalTarget } from '../audit/audited-writer';
import { resolveVersion } from '../common/if-match';
import type { AssignUnitsDto } from './dto/assign-units.dto';
import type { SignResultDto, TaskWriteResultDto } from './dto/task-response.dto';
import type { TransitionDto } from './dto/transition.dto';
import type { UpdateTaskDto } from './dto/update-task.dto';
import { enqueueNotification } from '@luoshi/core';

/**
 * Changes to a task: state transitions, unit assignment, office corrections, sign-for.
 * Each runs in one transaction: access check → version check → conditional UPDATE … WHERE
 * version = $n (updateWithVersion) → audit entry with before and after. Refusals by the rules
 * roll the transaction back and are then audited as refused (AuditedWriter).
 */
@Injectable()
export class TaskCommandsService {
  constructor(
    private readonly writer: AuditedWriter,
    private readonly access: TaskAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async transition(user: AuthUser, taskId: string, dto: TransitionDto, ifMatch?: string): Promise<TaskWriteResultDto> {
    const target: RefusalTarget = { action: 'task.transition', entityType: 'task', entityId: taskId };
    return this.writer.run(user, target, async (manager) => {
      // the bureau moves the state only as lead unit (co-responsible units report, they do not transition)
      await this.access.check(manager, user, taskId, user.role === 'office' ? 'write' : 'lead');
      const version = resolveVersion(dto.version, ifMatch);
      const task = await this.loadVersioned(manager, taskId, version);
      const actor: TaskActor = user.role === 'office' ? 'office' : 'bureau';
      const reason = dto.reason?.trim() || null;
      const rule = assertTransition(task.state, dto.to, actor, reason);
      const newVersion = await updateWithVersion(manager, TaskEntity, taskId, version, { state: dto.to, stateReason: reason });
      await this.audit.record(manager, user, {
        ...target,
        before: { state: task.state, stateReason: task.stateReason, version },
        after: { state: dto.to, action: rule.action, reason, version: newVersion },
      });
      return { id: taskId, state: dto.to, version: newVersion };
    });
  }

  /**
   * Replaces the task's units: one or more leads (a document may name several 牵头单位; the first
   * given is the principal lead: list column, supervision notices), then the co-responsible units.
   * Kept units keep their section unless given, and their receipt.
   */
  async assignUnits(user: AuthUser, taskId: string, dto: AssignUnitsDto, ifMatch?: string): Promise<TaskWriteResultDto> {
    const target: RefusalTarget = { action: 'task.assign', entityType: 'task', entityId: taskId };
    return this.writer.run(user, target, async (manager) => {
      await this.access.check(manager, user, taskId, 'write');
      const version = resolveVersion(dto.version, ifMatch);
      const task = await this.loadVersioned(manager, taskId, version);
      await this.validateAssignment(manager, dto);

      const before = await manager.find(TaskUnitEntity, { where: { taskId }, order: { position: 'ASC' } });
      const newVersion = await updateWithVersion(manager, TaskEntity, taskId, version, {});
      const wanted = new Set(dto.units.map((u) => u.unitId));
      const removed = before.filter((row) => !wanted.has(row.unitId));
      if (removed.length) await manager.delete(TaskUnitEntity, { id: In(removed.map((row) => row.id)) });
      // leads first, then co units, each in the given order
      const ordered = [...dto.units].sort((a, b) => Number(b.role === 'lead') - Number(a.role === 'lead'));
      for (const [position, unit] of ordered.entries()) {
        const existing = before.find((row) => row.unitId === unit.unitId);
        const sectionId = unit.sectionId ?? (existing ? existing.sectionId : null);
        if (existing) {
          await manager.update(TaskUnitEntity, existing.id, { role: unit.role, position, sectionId });
        } else {
          await manager.insert(TaskUnitEntity, { taskId, unitId: unit.unitId, role: unit.role, position, sectionId });
        }
      }
      const summary = (rows: { unitId: string; role: string; sectionId?: string | null }[]) =>
        rows.map((r) => ({ unitId: r.unitId, role: r.role, sectionId: r.sectionId ?? null }));
      await this.audit.record(manager, user, {
        ...target,
        before: { units: summary(before), version },
        after: { units: summary(ordered), version: newVersion },
      });
      if (task.publishedAt)
        await this.notifyNewlyAssigned(
          manager,
          task,
          before.map((row) => row.unitId),
          ordered,
        );
      return { id: taskId, state: task.state, version: newVersion };
    });
  }

  /** Office corrections; a changed deadline closes the current deadline row and adds one (source 'correction'). */
  async update(user: AuthUser, taskId: string, dto: UpdateTaskDto, ifMatch?: string): Promise<TaskWriteResultDto> {
    const target: RefusalTarget = { action: 'task.update', entityType: 'task', entityId: taskId };
    return this.writer.run(user, target, async (manager) => {
      await this.access.check(manager, user, taskId, 'write');
      const version = resolveVersion(dto.version, ifMatch);
      const task = await this.loadVersioned(manager, taskId, version);
      const changes: Record<string, unknown> = {};
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const change = (field: keyof TaskEntity, value: unknown) => {
        if (value === undefined || task[field] === value) return;
        changes[field] = value;
        before[field] = task[field];
        after[field] = value;
      };
      change('title', dto.title?.trim());
      change('reportCadence', dto.reportCadence);
      change('evidenceRequired', dto.evidenceRequired);
      const deadlineChanged =
        dto.dueDate !== undefined && (dto.dueDate !== task.dueDate || (dto.deadlineText !== undefined && dto.deadlineText !== task.deadlineText));
      if (deadlineChanged) {
        const dueDate = dto.dueDate ?? null;
        const precision = dueDate === null ? 'ongoing' : 'day';
        const text = dto.deadlineText?.trim() || (dueDate === null ? '长期' : formatDateZh(dueDate));
        change('dueDate', dueDate);
        change('deadlinePrecision', precision);
        change('deadlineText', text);
        await manager.update(TaskDeadlineEntity, { taskId, isCurrent: true }, { isCurrent: false });
        await manager.insert(TaskDeadlineEntity, { taskId, dueDate, precision, text, source: 'correction', isCurrent: true, createdBy: user.id });
      } else if (dto.deadlineText !== undefined && dto.dueDate === undefined) {
        throw new DomainError('invalid', 'DUE_DATE_REQUIRED', '修改完成时限原文时须同时提供完成时限', {
          fields: [{ field: 'dueDate', code: 'DUE_DATE_REQUIRED', message: 'dueDate：修改完成时限原文时必须填写' }],
        });
      }
      if (Object.keys(changes).length === 0) return { id: taskId, state: task.state, version };
      const newVersion = await updateWithVersion(manager, TaskEntity, taskId, version, changes);
      await this.audit.record(manager, user, {
        ...target,
        before: { ...before, version },
        after: { ...after, reason: dto.reason?.trim() || null, version: newVersion },
      });
      return { id: taskId, state: task.state, version: newVersion };
    });
  }

  /** 签收: the caller's unit signs for the task; signing again changes nothing. */
  async sign(user: AuthUser, taskId: string): Promise<SignResultDto> {
    const target: RefusalTarget = { action: 'task.sign', entityType: 'task', entityId: taskId };
    return this.writer.run(user, target, async (manager) => {
      await this.access.check(manager, user, taskId, 'write');
      const unitId = user.unitId as string; // a bureau with a task role always has a unit (checked above)
      // TypeORM answers an UPDATE with [rows, affected]
      const rows = await returningRows<{ signed_at: Date }>(
        manager,
        sql`UPDATE task_unit SET signed_at = ${this.clock.now()}, signed_by = ${user.id}
             WHERE task_id = ${taskId} AND unit_id = ${unitId} AND signed_at IS NULL RETURNING signed_at`,
      );
      if (rows.length === 0) {
        const existing = await manager.findOneByOrFail(TaskUnitEntity, { taskId, unitId });
        return { taskId, unitId, signedAt: (existing.signedAt as Date).toISOString(), changed: false };
      }
      const signedAt = rows[0].signed_at.toISOString();
      await this.audit.record(manager, user, { ...target, before: { unitId, signedAt: null }, after: { unitId, signedAt } });
      return { taskId, unitId, signedAt, changed: true };
    });
  }

  /** Reads the task and refuses a stale version before any rule runs (the UPDATE re-checks it). */
  private async loadVersioned(manager: EntityManager, taskId: string, version: number): Promise<TaskEntity> {
    const task = await manager.findOneBy(TaskEntity, { id: taskId });
    if (!task) throw taskNotFound();
    if (task.version !== version) throw versionConflict(version, task.version);
    return task;
  }

  private async validateAssignment(manager: EntityManager, dto: AssignUnitsDto): Promise<void> {
    const fields: FieldError[] = [];
    const leads = dto.units.filter((u) => u.role === 'lead').length;
    if (leads === 0) fields.push({ field: 'units', code: 'LEAD_REQUIRED', message: 'units：至少需要一个牵头单位' });
    const ids = dto.units.map((u) => u.unitId);
    if (new Set(ids).size !== ids.length) fields.push({ field: 'units', code: 'DUPLICATE_UNIT', message: 'units：同一单位不能重复出现' });
    const units = await manager.find(UnitEntity, { where: { id: In(ids) } });
    const sectionIds = dto.units.flatMap((u) => (u.sectionId ? [u.sectionId] : []));
    const sections = sectionIds.length ? await manager.find(UnitSectionEntity, { where: { id: In(sectionIds) } }) : [];
    dto.units.forEach((u, i) => {
      const unit = units.find((x) => x.id === u.unitId);
      if (!unit) fields.push({ field: `units.${i}.unitId`, code: 'UNIT_NOT_FOUND', message: `units.${i}.unitId：单位不存在` });
      else if (!unit.active) fields.push({ field: `units.${i}.unitId`, code: 'UNIT_INACTIVE', message: `units.${i}.unitId：单位已停用` });
      if (u.sectionId && !sections.some((s) => s.id === u.sectionId && s.unitId === u.unitId)) {
        fields.push({ field: `units.${i}.sectionId`, code: 'SECTION_NOT_IN_UNIT', message: `units.${i}.sectionId：该科室不属于所选单位` });
      }
    });
    if (fields.length) throw new DomainError('invalid', 'ASSIGNMENT_INVALID', '责任单位设置有误，请检查标注的字段', { fields });
  }

  /** A unit newly given a published task is told about that task (whatever else of the document it already has). */
  private async notifyNewlyAssigned(
    manager: EntityManager,
    task: TaskEntity,
    beforeIds: string[],
    after: { unitId: string; role: 'lead' | 'co' }[],
  ): Promise<void> {
    const added = after.filter(({ unitId }) => !beforeIds.includes(unitId));
    if (added.length === 0) return;
    const [{ title: documentTitle }] = await queryRows<{ title: string }>(manager, sql`SELECT title FROM policy_document WHERE id = ${task.documentId}`);
    for (const { unitId, role } of added) {
      await enqueueNotification(manager, {
        kind: 'task.added',
        params: { documentTitle, taskTitle: task.title, role },
        recipient: { unitId },
        payload: { documentId: task.documentId, taskId: task.id, unitId, role },
        dedupeKey: `task.added:${task.id}:${unitId}`,
      });
    }
  }
}

export interface UnitAssignments {
  unitId: string;
  /** the unit's tasks of the document, lead first */
  taskIds: string[];
  leadCount: number;
  coCount: number;
}

/** One `task.assigned` notification per unit and document, on publishing; a second attempt is a no-op (ON CONFLICT on the dedupe key). */
export async function insertAssignedNotifications(
  manager: EntityManager,
  documentId: string,
  documentTitle: string,
  units: UnitAssignments[],
): Promise<number> {
  let inserted = 0;
  for (const { unitId, taskIds, leadCount, coCount } of units) {
    const taskCount = taskIds.length;
    const written = await enqueueNotification(manager, {
      kind: 'task.assigned',
      params: { documentTitle, taskCount, leadCount, coCount },
      recipient: { unitId },
      payload: { documentId, unitId, taskCount, leadCount, coCount, taskIds },
      dedupeKey: `task.assigned:${documentId}:${unitId}`,
    });
    if (written) inserted++;
  }
  return inserted;
}
