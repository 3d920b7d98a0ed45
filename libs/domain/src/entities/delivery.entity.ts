import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { NotificationEntity } from './audit-log.entity';
import { TaskEntity } from './task.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';

/**
 * One notification on one channel to one recipient: the unit of delivery state. Keyed
 * deterministically (`<notification dedupe key>|<channel>|<recipient>`), so planning it twice adds
 * nothing and the key is what external receivers see (Message-ID, webhook-id). A delivery that
 * fails for good is `failed` and never blocks the ones after it.
 */
@Entity('notification_delivery')
@Check('ck_notification_delivery_status', `"status" IN ('pending', 'delivered', 'failed')`)
@Check('ck_notification_delivery_channel', `"channel" IN ('in_app', 'email', 'wecom', 'dingtalk', 'webhook')`)
/** what the dispatcher takes: pending rows, the due first (NULL = as soon as possible) */
@Index('ix_notification_delivery_due', ['nextAttemptAt'], { where: `"status" = 'pending'` })
@Index('ix_notification_delivery_batch', ['batchKey'], { where: `"status" = 'pending'` })
/** the office's list of failures, newest first */
@Index('ix_notification_delivery_failed', ['updatedAt'], { where: `"status" = 'failed'` })
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('ix_notification_delivery_notification')
  @Column({ name: 'notification_id', type: 'uuid' })
  notificationId: string;
  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'notification_id' })
  notification?: NotificationEntity;

  /** in_app | email | wecom | dingtalk | webhook */
  @Column({ type: 'text' }) channel: string;
  /** `unit:<id>` (inbox, robots, webhook) or `user:<id>` (personal inbox, email) */
  @Column({ type: 'text' }) recipient: string;

  @Index('uq_notification_delivery_key', { unique: true })
  @Column({ name: 'delivery_key', type: 'text' })
  deliveryKey: string;

  /** pending | delivered | failed */
  @Column({ type: 'text', default: 'pending' }) status: string;
  @Column({ type: 'int', default: 0 }) attempts: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError: string | null;
  /** not before this time; NULL: as soon as possible */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt: Date | null;
  /** the delivery job that holds it (one job per batch) and until when; a lapsed lease is taken again */
  @Column({ name: 'batch_key', type: 'text', nullable: true }) batchKey: string | null;
  @Column({ name: 'leased_until', type: 'timestamptz', nullable: true }) leasedUntil: Date | null;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/**
 * A unit's group robot or webhook, configured by the office: WeCom (`address` = the webhook key),
 * DingTalk (`address` = access_token, `secret` = the SEC… signing secret), generic webhook
 * (`address` = URL, `secret` = whsec_…). Secrets are write-only through the API.
 */
@Entity('unit_channel')
@Check('ck_unit_channel_channel', `"channel" IN ('wecom', 'dingtalk', 'webhook')`)
export class UnitChannelEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId: string;
  @ManyToOne(() => UnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;
  @PrimaryColumn({ type: 'text' }) channel: string;
  @Column({ type: 'text' }) address: string;
  @Column({ type: 'text', nullable: true }) secret: string | null;
  @Column({ type: 'boolean', default: true }) enabled: boolean;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** The personal channels a user chose besides the in-app inbox (always on). */
@Entity('user_notification_preference')
export class UserNotificationPreferenceEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;
  /** mail to the user's address (app_user.email) */
  @Column({ type: 'boolean', default: false }) email: boolean;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/**
 * One planned reminder: a task, a rule, a Shanghai date, the unit reminded. Unique, so the sweep
 * run twice, two workers at once or a crash and rerun plan it once; routine reminders of one unit
 * and day are sent as one digest notification (`notification_id`).
 */
@Entity('reminder')
@Unique('uq_reminder_identity', ['taskId', 'unitId', 'rule', 'onDate'])
export class ReminderEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'task_id', type: 'uuid' }) taskId: string;
  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: TaskEntity;
  @Index('ix_reminder_unit')
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;
  @ManyToOne(() => UnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;
  /** due.7wd, due.today, overdue, report.missing, receipt.pending, notice.reply-due… */
  @Column({ type: 'text' }) rule: string;
  @Column({ name: 'on_date', type: 'date' }) onDate: string;
  /** what the reminder says beyond its task (the deadline, the period, days overdue) */
  @Column({ type: 'jsonb', default: () => "'{}'" }) detail: Record<string, unknown>;
  @Index('ix_reminder_notification')
  @Column({ name: 'notification_id', type: 'uuid', nullable: true })
  notificationId: string | null;
  @ManyToOne(() => NotificationEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'notification_id' })
  notification?: NotificationEntity;
}

/** A task escalated to the office after N days overdue (the flag); once per task and deadline. */
@Entity('task_escalation')
@Unique('uq_task_escalation', ['taskId', 'dueDate'])
export class TaskEscalationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'task_id', type: 'uuid' }) taskId: string;
  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: TaskEntity;
  /** the deadline that was missed (an extension starts a new one) */
  @Column({ name: 'due_date', type: 'date' }) dueDate: string;
  @Column({ name: 'days_overdue', type: 'int' }) daysOverdue: number;
  @Column({ name: 'escalated_at', type: 'timestamptz' }) escalatedAt: Date;
}

/**
 * A scheduled run by its due time (`reminders.sweep` at 2026-03-02T01:00Z): a missed run is found
 * and made up once at start-up; `finished_at` is set when it completed.
 */
@Entity('schedule_run')
export class ScheduleRunEntity {
  @PrimaryColumn({ type: 'text' }) schedule: string;
  @PrimaryColumn({ name: 'due_at', type: 'timestamptz' }) dueAt: Date;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
  @Column({ type: 'jsonb', nullable: true }) result: Record<string, unknown> | null;
}
