import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TaskEntity } from './task.entity';
import { EXTENSION_LIFECYCLE, type ExtensionStatus, NOTICE_LIFECYCLE, type NoticeStatus, stateCheckSql } from '../lifecycles';

/** A unit's request for a later deadline (延期申请). */
@Entity('extension_request')
@Check('chk_extension_request_status', stateCheckSql(EXTENSION_LIFECYCLE, 'status'))
@Index('ix_extension_request_task', ['taskId'])
export class ExtensionRequestEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'task_id', type: 'uuid' }) taskId: string;
  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: TaskEntity;

  @Column({ name: 'unit_id', type: 'uuid' }) unitId: string;
  @Column({ type: 'text' }) reason: string;
  @Column({ name: 'current_due_date', type: 'date', nullable: true }) currentDueDate: string | null;
  @Column({ name: 'proposed_date', type: 'date' }) proposedDate: string;
  /** EXTENSION_LIFECYCLE's states, enforced by a CHECK */
  @Column({ type: 'text', default: 'pending' }) status: ExtensionStatus;
  @Column({ name: 'decision_comment', type: 'text', nullable: true }) decisionComment: string | null;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** The office's formal push on a lagging task (督办), graded blue / yellow / red. */
@Entity('supervision_notice')
@Check('chk_supervision_notice_status', stateCheckSql(NOTICE_LIFECYCLE, 'status'))
@Index('ix_supervision_notice_task_status', ['taskId', 'status'])
export class SupervisionNoticeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'task_id', type: 'uuid' }) taskId: string;
  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: TaskEntity;

  @Column({ name: 'unit_id', type: 'uuid' }) unitId: string;
  /** blue | yellow | red */
  @Column({ type: 'text' }) level: string;
  @Column({ type: 'text' }) text: string;
  @Column({ name: 'reply_due', type: 'date' }) replyDue: string;
  /** NOTICE_LIFECYCLE's states, enforced by a CHECK */
  @Column({ type: 'text', default: 'open' }) status: NoticeStatus;
  @Column({ name: 'reply_text', type: 'text', nullable: true }) replyText: string | null;
  @Column({ name: 'replied_at', type: 'timestamptz', nullable: true }) repliedAt: Date | null;
  @Column({ name: 'replied_by', type: 'uuid', nullable: true }) repliedBy: string | null;
  @Column({ name: 'issued_by', type: 'uuid' }) issuedBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
