import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only record of every change and every refused attempt, written in the same
 * transaction as the change. before/after are JSON values, never interpolated text,
 * so what users typed cannot forge entries.
 */
@Entity('audit_log')
@Index('ix_audit_log_entity', ['entityType', 'entityId', 'id'])
/**
 * A task's history (GET /tasks/:id/history) also finds entries that name the task only inside
 * their JSON: attachment entries by their report (`reportId`, in `after` or, for a delete,
 * `before`), batch report entries by `after.taskIds`. Expression indexes, created by migration
 * 1795343000000 (TypeORM cannot declare them; `synchronize: false` keeps the schema check off them).
 */
@Index('ix_audit_log_attachment_report', { synchronize: false })
@Index('ix_audit_log_batch_tasks', { synchronize: false })
export class AuditLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;

  @CreateDateColumn({ type: 'timestamptz' }) at: Date;
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId: string | null;
  @Column({ name: 'actor_unit_id', type: 'uuid', nullable: true }) actorUnitId: string | null;
  @Column({ name: 'actor_role', type: 'text', nullable: true }) actorRole: string | null;
  /** e.g. task.transition, task.deadline.extend, document.import, report.review */
  @Column({ type: 'text' }) action: string;
  @Column({ name: 'entity_type', type: 'text' }) entityType: string;
  @Column({ name: 'entity_id', type: 'text', nullable: true }) entityId: string | null;
  /** ok | refused */
  @Column({ type: 'text', default: 'ok' }) outcome: string;
  @Column({ type: 'jsonb', nullable: true }) before: Record<string, unknown> | null;
  @Column({ type: 'jsonb', nullable: true }) after: Record<string, unknown> | null;
  @Column({ name: 'request_id', type: 'text', nullable: true }) requestId: string | null;
}

/** Outbox of notifications to deliver (in-app, email, robots); the worker delivers them. */
@Entity('notification')
@Index('ix_notification_status', ['status', 'createdAt'])
@Index('ix_notification_recipient_unit', ['recipientUnitId', 'createdAt'])
/** the inbox (GET /notifications): a unit's rows, and one user's (personal rows; a bureau user reads both) */
@Index('ix_notification_recipient_user', ['recipientUserId', 'createdAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'recipient_unit_id', type: 'uuid', nullable: true }) recipientUnitId: string | null;
  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true }) recipientUserId: string | null;
  /** e.g. task.assigned, notice.issued */
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'jsonb', default: () => "'{}'" }) payload: Record<string, unknown>;
  /** pending | delivered | failed */
  @Column({ type: 'text', default: 'pending' }) status: string;
  /** idempotency: one notification per (kind, subject, recipient) */
  @Index('uq_notification_dedupe_key', { unique: true })
  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey: string;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt: Date | null;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
