import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { formatDateZh } from '@luoshi/domain/calendar';
import { ExtensionRequestEntity, TaskDeadlineEntity, TaskEntity } from '@luoshi/domain/entities';
import { DomainError, taskNotFound, extensionNotFound } from '@luoshi/domain/errors';
import { allowedActions, EXTENSION_LIFECYCLE, type ExtensionAction, nextState } from '@luoshi/domain/lifecycles';
import { assertExtensionAllowed, assertExtensionStillApplies } from '@luoshi/domain/tasks';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../auth/auth.decorators';
import { updateWithVersion } from '../common/optimistic-update';
import type { PageQueryDto } from '../common/page-query.dto';
import { Page } from '../common/paging';
import { ExtensionsRepository } from './extensions.repository';
import { TaskAccessService } from '../tasks/task-access.service';
import { Clock } from '@luoshi/infra';
import { AuditedWriter, type RefusalTarget } from '../audit/audited-writer';
import type { ApproveExtensionDto, ExtensionResponseDto, ListExtensionsQueryDto, RejectExtensionDto, RequestExtensionDto } from './dto/extension.dto';
import { enqueueNotification } from '@luoshi/core';

/**
 * 延期申请. The lead unit asks before the deadline (assertExtensionAllowed); one request may be
 * pending per task (the task row is locked while checking). Approval closes the current deadline
 * row, adds one with source 'extension' and moves task.due_date with a version bump, all with
 * the audit entries in one transaction.
 */
@Injectable()
export class ExtensionsService {
  constructor(
    private readonly extensions: ExtensionsRepository,
    private readonly dataSource: DataSource,
    private readonly writer: AuditedWriter,
    private readonly access: TaskAccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async request(user: AuthUser, taskId: string, dto: RequestExtensionDto): Promise<ExtensionResponseDto> {
    const target: RefusalTarget = { action: 'extension.request', entityType: 'task', entityId: taskId };
    const id = await this.writer.run(user, target, async (manager) => {
      await this.access.check(manager, user, taskId, 'lead');
      const task = await manager.findOne(TaskEntity, { where: { id: taskId }, lock: { mode: 'pessimistic_write' } });
      if (!task) throw taskNotFound();
      assertExtensionAllowed({
        dueDate: task.dueDate,
        ongoing: task.deadlinePrecision === 'ongoing',
        state: task.state,
        proposedDate: dto.proposedDate,
        todayIso: this.clock.today(),
      });
      const pending = await manager.findOneBy(ExtensionRequestEntity, { taskId, status: 'pending' });
      if (pending) throw new DomainError('conflict', 'EXTENSION_PENDING', '该任务已有待审批的延期申请', { extensionId: pending.id });
      const saved = await manager.save(
        ExtensionRequestEntity,
        manager.create(ExtensionRequestEntity, {
          taskId,
          unitId: user.unitId as string,
          reason: dto.reason,
          currentDueDate: task.dueDate,
          proposedDate: dto.proposedDate,
          status: 'pending',
          createdBy: user.id,
        }),
      );
      await this.audit.record(manager, user, {
        action: 'extension.request',
        entityType: 'extension_request',
        entityId: saved.id,
        after: { taskId, currentDueDate: task.dueDate, proposedDate: dto.proposedDate, reason: dto.reason, status: 'pending' },
      });
      return saved.id;
    });
    return this.get(id);
  }

  async approve(user: AuthUser, extensionId: string, dto: ApproveExtensionDto): Promise<ExtensionResponseDto> {
    const target: RefusalTarget = { action: 'extension.approve', entityType: 'extension_request', entityId: extensionId };
    await this.writer.run(user, target, async (manager) => {
      const ext = await this.lockFor(manager, extensionId, 'approve');
      const task = await manager.findOne(TaskEntity, { where: { id: ext.taskId }, lock: { mode: 'pessimistic_write' } });
      if (!task) throw taskNotFound();
      assertExtensionStillApplies({ requestedAgainst: ext.currentDueDate, dueDate: task.dueDate, state: task.state });
      const text = formatDateZh(ext.proposedDate);
      await manager.update(TaskDeadlineEntity, { taskId: task.id, isCurrent: true }, { isCurrent: false });
      await manager.insert(TaskDeadlineEntity, {
        taskId: task.id,
        dueDate: ext.proposedDate,
        precision: 'day',
        text,
        source: 'extension',
        isCurrent: true,
        createdBy: user.id,
      });
      const newVersion = await updateWithVersion(manager, TaskEntity, task.id, task.version, {
        dueDate: ext.proposedDate,
        deadlinePrecision: 'day',
        deadlineText: text,
      });
      const decidedAt = this.clock.now();
      const status = nextState(EXTENSION_LIFECYCLE, ext.status, 'approve');
      await manager.update(ExtensionRequestEntity, ext.id, { status, decisionComment: dto.comment || null, decidedBy: user.id, decidedAt });
      await this.audit.record(manager, user, {
        ...target,
        before: { status: ext.status },
        after: { status, comment: dto.comment || null, taskId: task.id },
      });
      await this.audit.record(manager, user, {
        action: 'task.deadline.extend',
        entityType: 'task',
        entityId: task.id,
        before: { dueDate: task.dueDate, deadlineText: task.deadlineText, version: task.version },
        after: { dueDate: ext.proposedDate, deadlineText: text, extensionId: ext.id, version: newVersion },
      });
      await this.notifyDecision(manager, ext, { taskTitle: task.title, approved: true, comment: dto.comment || null });
    });
    return this.get(extensionId);
  }

  async reject(user: AuthUser, extensionId: string, dto: RejectExtensionDto): Promise<ExtensionResponseDto> {
    const target: RefusalTarget = { action: 'extension.reject', entityType: 'extension_request', entityId: extensionId };
    await this.writer.run(user, target, async (manager) => {
      const ext = await this.lockFor(manager, extensionId, 'reject');
      const status = nextState(EXTENSION_LIFECYCLE, ext.status, 'reject');
      await manager.update(ExtensionRequestEntity, ext.id, {
        status,
        decisionComment: dto.comment,
        decidedBy: user.id,
        decidedAt: this.clock.now(),
      });
      await this.audit.record(manager, user, {
        ...target,
        before: { status: ext.status },
        after: { status, comment: dto.comment, taskId: ext.taskId },
      });
      const taskTitle = await this.extensions.taskTitle(manager, ext.taskId);
      await this.notifyDecision(manager, ext, { taskTitle, approved: false, comment: dto.comment });
    });
    return this.get(extensionId);
  }

  /** The unit that asked learns the decision (in the decision's transaction). */
  private async notifyDecision(
    manager: EntityManager,
    ext: ExtensionRequestEntity,
    { taskTitle, approved, comment }: { taskTitle: string; approved: boolean; comment: string | null },
  ): Promise<void> {
    await enqueueNotification(manager, {
      kind: 'extension.decided',
      params: { taskTitle, approved, proposedDate: ext.proposedDate, comment },
      recipient: { unitId: ext.unitId },
      payload: { extensionId: ext.id, taskId: ext.taskId, approved, proposedDate: ext.proposedDate },
      dedupeKey: `extension.decided:${ext.id}`,
    });
  }

  /** Oldest first: the task's extension history in the order it happened. */
  async listForTask(user: AuthUser, taskId: string, query: PageQueryDto): Promise<Page<ExtensionResponseDto>> {
    await this.access.check(this.dataSource.manager, user, taskId, 'read');
    return this.extensions.pageForTask(taskId, query);
  }

  /** Extension requests on tasks the caller may see (the office's review queue with status=pending). */
  async list(user: AuthUser, query: ListExtensionsQueryDto): Promise<Page<ExtensionResponseDto>> {
    return this.extensions.page({ visibleTasks: this.access.visibleTasks(user), status: query.status, taskId: query.taskId }, query);
  }

  private async get(id: string): Promise<ExtensionResponseDto> {
    const row = await this.extensions.get(id);
    if (!row) throw extensionNotFound();
    return row;
  }

  /** Locks the request and refuses it unless the lifecycle allows `action` from its status (decided once). */
  private async lockFor(manager: EntityManager, id: string, action: ExtensionAction): Promise<ExtensionRequestEntity> {
    const ext = await manager.findOne(ExtensionRequestEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!ext) throw extensionNotFound();
    // the refusal keeps its own stable code and wording
    if (!allowedActions(EXTENSION_LIFECYCLE, ext.status).includes(action)) {
      throw new DomainError('conflict', 'EXTENSION_ALREADY_DECIDED', '该延期申请已处理', { status: ext.status });
    }
    return ext;
  }
}
