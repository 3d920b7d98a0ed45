import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { daysBetween } from '@luoshi/domain/calendar';
import { SupervisionNoticeEntity, TaskEntity } from '@luoshi/domain/entities';
import { DomainError, taskNotFound, noticeNotFound } from '@luoshi/domain/errors';
import { allowedActions, nextState, NOTICE_LIFECYCLE } from '@luoshi/domain/lifecycles';
import { defaultReplyDue, NOTICE_LEVEL_LABELS_ZH, type NoticeLevel } from '@luoshi/domain/tasks';
import { AuditService } from '../audit/audit.service';
import { enqueueNotification, WorkCalendarSource } from '@luoshi/core';
import type { AuthUser } from '../auth/auth.decorators';
import { TaskAccessService } from '../tasks/task-access.service';
import { Clock } from '@luoshi/infra';
import { NoticeRow, SupervisionRepository } from './supervision.repository';
import { AuditedWriter, type RefusalTarget } from '../audit/audited-writer';
import type { CloseNoticeDto, IssueNoticeDto, ListNoticesQueryDto, NoticePageDto, NoticeResponseDto, ReplyNoticeDto } from './dto/notice.dto';

function withLabel(row: NoticeRow): NoticeResponseDto {
  return { ...row, levelLabel: NOTICE_LEVEL_LABELS_ZH[row.level as NoticeLevel] ?? row.level };
}

/**
 * 督办: the office issues a graded notice on a published task to its lead unit (with an outbox
 * notification), the unit replies, the office closes it. A notice that is not closed counts as
 * open on the task's traffic light (NOTICE_OPEN, yellow).
 */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notices: SupervisionRepository,
    private readonly writer: AuditedWriter,
    private readonly access: TaskAccessService,
    private readonly audit: AuditService,
    private readonly calendar: WorkCalendarSource,
    private readonly clock: Clock,
  ) {}

  async issue(user: AuthUser, taskId: string, dto: IssueNoticeDto): Promise<NoticeResponseDto> {
    const target: RefusalTarget = { action: 'notice.issue', entityType: 'task', entityId: taskId };
    const id = await this.writer.run(user, target, async (manager) => {
      await this.access.check(manager, user, taskId, 'write');
      // locked: concurrent issues on one task (a double click) queue here and find the first one's notice
      const task = await manager.findOne(TaskEntity, { where: { id: taskId }, lock: { mode: 'pessimistic_write' } });
      if (!task) throw taskNotFound();
      // the same notice while it is still open is the same notice: answered again, not issued twice
      const same = await this.notices.openNoticeLike(manager, { taskId, level: dto.level, text: dto.text });
      if (same) return same;
      if (!task.publishedAt) throw new DomainError('rule_violated', 'TASK_NOT_PUBLISHED', '任务尚未交办，不能督办');
      if (task.state === 'completed' || task.state === 'not_applicable') {
        throw new DomainError('rule_violated', 'TASK_CLOSED', '任务已办结或不涉及，不能督办', { state: task.state });
      }
      const leadUnitId = await this.notices.leadUnit(manager, taskId);
      if (!leadUnitId) throw new DomainError('rule_violated', 'TASK_HAS_NO_LEAD', '任务尚无牵头单位，不能督办');
      const today = this.clock.today();
      if (dto.replyDue && daysBetween(today, dto.replyDue) < 0) {
        throw new DomainError('invalid', 'REPLY_DUE_IN_PAST', '反馈期限不能早于今天', {
          fields: [{ field: 'replyDue', code: 'REPLY_DUE_IN_PAST', message: 'replyDue：不能早于今天' }],
        });
      }
      const { holidays, makeupWorkdays } = await this.calendar.current();
      const replyDue = dto.replyDue ?? defaultReplyDue(today, dto.level, holidays, makeupWorkdays);
      const notice = await manager.save(
        SupervisionNoticeEntity,
        manager.create(SupervisionNoticeEntity, {
          taskId,
          unitId: leadUnitId,
          level: dto.level,
          text: dto.text,
          replyDue,
          status: 'open',
          issuedBy: user.id,
        }),
      );
      const levelLabel = NOTICE_LEVEL_LABELS_ZH[dto.level];
      await enqueueNotification(manager, {
        kind: 'notice.issued',
        params: { taskTitle: task.title, levelLabel, replyDue },
        recipient: { unitId: leadUnitId },
        payload: { noticeId: notice.id, taskId, level: dto.level, replyDue },
        dedupeKey: `notice.issued:${notice.id}`,
      });
      await this.audit.record(manager, user, {
        action: 'notice.issue',
        entityType: 'supervision_notice',
        entityId: notice.id,
        after: { taskId, unitId: leadUnitId, level: dto.level, text: dto.text, replyDue, status: 'open' },
      });
      return notice.id;
    });
    return this.get(id);
  }

  /** The unit the notice was sent to answers it; anyone else is refused (403, audited). */
  async reply(user: AuthUser, noticeId: string, dto: ReplyNoticeDto): Promise<NoticeResponseDto> {
    const target: RefusalTarget = { action: 'notice.reply', entityType: 'supervision_notice', entityId: noticeId };
    await this.writer.run(user, target, async (manager) => {
      const notice = await this.lock(manager, noticeId);
      await this.access.check(manager, user, notice.taskId, 'write');
      if (notice.unitId !== user.unitId) await this.writer.forbid(user, target, 'NOTICE_OTHER_UNIT', '该督办不是发给本单位的');
      // the table says what may follow what; the refusal keeps its own stable code and wording
      if (!allowedActions(NOTICE_LIFECYCLE, notice.status).includes('reply')) {
        throw new DomainError('conflict', 'NOTICE_NOT_OPEN', notice.status === 'closed' ? '该督办已办结' : '该督办已反馈，等待统筹办办结', {
          status: notice.status,
        });
      }
      const status = nextState(NOTICE_LIFECYCLE, notice.status, 'reply');
      const repliedAt = this.clock.now();
      await manager.update(SupervisionNoticeEntity, notice.id, { status, replyText: dto.text, repliedAt, repliedBy: user.id });
      await this.audit.record(manager, user, {
        ...target,
        before: { status: notice.status },
        after: { status, replyText: dto.text, taskId: notice.taskId },
      });
      // the office user who issued the notice learns it was answered
      const context = (await this.notices.names(manager, { taskId: notice.taskId, unitId: notice.unitId }))!;
      await enqueueNotification(manager, {
        kind: 'notice.replied',
        params: { taskTitle: context.task_title, levelLabel: NOTICE_LEVEL_LABELS_ZH[notice.level as NoticeLevel] ?? notice.level, unitName: context.unit_name },
        recipient: { userId: notice.issuedBy },
        payload: { noticeId: notice.id, taskId: notice.taskId, unitId: notice.unitId },
        dedupeKey: `notice.replied:${notice.id}`,
      });
    });
    return this.get(noticeId);
  }

  async close(user: AuthUser, noticeId: string, dto: CloseNoticeDto): Promise<NoticeResponseDto> {
    const target: RefusalTarget = { action: 'notice.close', entityType: 'supervision_notice', entityId: noticeId };
    await this.writer.run(user, target, async (manager) => {
      const notice = await this.lock(manager, noticeId);
      await this.access.check(manager, user, notice.taskId, 'write');
      if (!allowedActions(NOTICE_LIFECYCLE, notice.status).includes('close')) {
        throw new DomainError('conflict', 'NOTICE_ALREADY_CLOSED', '该督办已办结', { status: notice.status });
      }
      const status = nextState(NOTICE_LIFECYCLE, notice.status, 'close');
      await manager.update(SupervisionNoticeEntity, notice.id, { status });
      await this.audit.record(manager, user, {
        ...target,
        before: { status: notice.status },
        after: { status, comment: dto.comment || null, taskId: notice.taskId },
      });
    });
    return this.get(noticeId);
  }

  /** Notices on tasks the caller may see (a bureau: tasks its unit leads or shares). */
  async list(user: AuthUser, query: ListNoticesQueryDto): Promise<NoticePageDto> {
    const page = await this.notices.page({ visibleTasks: this.access.visibleTasks(user), status: query.status, taskId: query.taskId }, query);
    return { ...page, items: page.items.map(withLabel) };
  }

  async getFor(user: AuthUser, noticeId: string): Promise<NoticeResponseDto> {
    const notice = await this.dataSource.manager.findOneBy(SupervisionNoticeEntity, { id: noticeId });
    if (!notice) throw noticeNotFound();
    await this.access.check(this.dataSource.manager, user, notice.taskId, 'read');
    return this.get(noticeId);
  }

  private async get(id: string): Promise<NoticeResponseDto> {
    const row = await this.notices.get(id);
    if (!row) throw noticeNotFound();
    return withLabel(row);
  }

  private async lock(manager: EntityManager, id: string): Promise<SupervisionNoticeEntity> {
    const notice = await manager.findOne(SupervisionNoticeEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!notice) throw noticeNotFound();
    return notice;
  }
}
