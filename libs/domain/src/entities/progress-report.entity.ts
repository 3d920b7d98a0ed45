import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TaskEntity } from './task.entity';
import { UnitEntity } from './unit.entity';
import { REPORT_LIFECYCLE, type ReportStatus, stateCheckSql } from '../lifecycles';

/** A unit's report on one task for one period (进展情况). One per task, unit and period. */
@Entity('progress_report')
@Check('chk_progress_report_status', stateCheckSql(REPORT_LIFECYCLE, 'status'))
@Index('uq_progress_report_period', ['taskId', 'unitId', 'period'], { unique: true })
@Index('ix_progress_report_unit_period', ['unitId', 'period', 'taskId'])
// the reports awaiting review (the dashboard's pending count per task): a small part of all reports
@Index('ix_progress_report_submitted', ['taskId', 'unitId'], { where: `"status" = 'submitted'` })
// GET /reports' order (submitted_at DESC NULLS LAST, updated_at DESC, id): created by its migration, which can say DESC
@Index('ix_progress_report_review_order', { synchronize: false })
export class ProgressReportEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'task_id', type: 'uuid' }) taskId: string;
  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: TaskEntity;

  @Column({ name: 'unit_id', type: 'uuid' }) unitId: string;
  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  /** period key: 2022-05 (monthly), 2022-W18 (weekly), 2022-05-2 (旬) */
  @Column({ type: 'text' }) period: string;

  /** REPORT_LIFECYCLE's states, enforced by a CHECK */
  @Column({ type: 'text', default: 'draft' }) status: ReportStatus;

  @Column({ type: 'text' }) text: string;
  @Column({ type: 'int', nullable: true }) percent: number | null;
  @Column({ type: 'text', nullable: true }) milestone: string | null;
  @Column({ type: 'text', nullable: true }) problems: string | null;
  @Column({ name: 'next_steps', type: 'text', nullable: true }) nextSteps: string | null;

  /** plausibility warnings the office sees ({code, message}[]) */
  @Column({ type: 'jsonb', default: () => "'[]'" }) warnings: { code: string; message: string }[];

  @Column({ name: 'review_comment', type: 'text', nullable: true }) reviewComment: string | null;
  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true }) reviewedBy: string | null;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt: Date | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @Column({ type: 'int', default: 1 }) version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A file attached to a report, stored on disk under a generated name. */
@Entity('attachment')
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('ix_attachment_report')
  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;
  @ManyToOne(() => ProgressReportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: ProgressReportEntity;

  @Column({ name: 'unit_id', type: 'uuid' }) unitId: string;
  @Column({ name: 'original_name', type: 'text' }) originalName: string;
  @Column({ name: 'stored_name', type: 'text' }) storedName: string;
  @Column({ name: 'media_type', type: 'text' }) mediaType: string;
  @Column({ name: 'size_bytes', type: 'bigint' }) sizeBytes: string;
  @Column({ type: 'text' }) sha256: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
