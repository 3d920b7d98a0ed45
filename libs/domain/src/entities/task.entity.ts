import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { MeasureEntity } from './measure.entity';
import { PolicyDocumentEntity } from './policy-document.entity';
import { UnitEntity, UnitSectionEntity } from './unit.entity';
import { TASK_STATES, type TaskState } from '../tasks/task-state';

/**
 * A unit of tracked work: a work task (工作任务), a safeguard measure (保障措施),
 * or the measure itself in a measures-style document.
 * The current deadline is copied here from task_deadline so dashboards can index it.
 */
@Entity('task')
@Check('chk_task_state', `state IN (${TASK_STATES.map((s) => `'${s}'`).join(', ')})`)
@Index('ix_task_state_due', ['state', 'dueDate'])
@Index('ix_task_document', ['documentId'])
@Index('ix_task_measure', ['measureId'])
/** the office's list in its default order (due date, NULLS LAST, id tiebreak): a page is an index range */
@Index('ix_task_due', ['dueDate', 'id'])
/** the office's light-filtered and overdue lists: a page is an index range (migration TaskStoredLight) */
@Index('ix_task_light_due', ['light', 'dueDate', 'id'])
@Index('ix_task_overdue_due', ['dueDate', 'id'], { where: `"overdue"` })
/** the office's filtered lists count the unpublished tasks apart from task_tally's published ones */
@Index('ix_task_unpublished', ['id'], { where: `"published_at" IS NULL` })
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'measure_id', type: 'uuid' }) measureId: string;
  @ManyToOne(() => MeasureEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'measure_id' })
  measure?: MeasureEntity;

  /** denormalised from the measure for filtering */
  @Column({ name: 'document_id', type: 'uuid' }) documentId: string;
  @ManyToOne(() => PolicyDocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id' })
  document?: PolicyDocumentEntity;

  /** work | safeguard | measure */
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'int' }) ordinal: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) text: string;

  /** not_started | in_progress | submitted_done | completed | not_applicable */
  @Column({ type: 'text', default: 'not_started' }) state: TaskState;
  @Column({ name: 'state_reason', type: 'text', nullable: true }) stateReason: string | null;

  /** null when ongoing (长期) */
  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate: string | null;
  @Column({ name: 'deadline_precision', type: 'text' }) deadlinePrecision: string;
  @Column({ name: 'deadline_text', type: 'text' }) deadlineText: string;

  /** monthly | weekly | dekad */
  @Column({ name: 'report_cadence', type: 'text', default: 'monthly' }) reportCadence: string;
  /** the task asks for evidence (attachments) with each report */
  @Column({ name: 'evidence_required', type: 'boolean', default: false }) evidenceRequired: boolean;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;
  @Column({ name: 'source_line', type: 'int', nullable: true }) sourceLine: number | null;

  /**
   * Copies of what the traffic light reads from other tables, kept by triggers in the writer's
   * transaction (migration TaskLightInputs): the first lead unit (lead_unit_id, migration
   * ReportFollowsByRow: tells the lead's report from a co unit's) and its signature (签收), its latest
   * submitted/accepted report period and percent, and the number of open supervision notices.
   * They let lists and the dashboard evaluate assessTask's rules in SQL (task-light-sql.ts).
   */
  @Column({ name: 'lead_unit_id', type: 'uuid', nullable: true, insert: false, update: false }) leadUnitId: string | null;
  @Column({ name: 'lead_signed_at', type: 'timestamptz', nullable: true, insert: false, update: false }) leadSignedAt: Date | null;
  @Column({ name: 'lead_report_period', type: 'text', nullable: true, insert: false, update: false }) leadReportPeriod: string | null;
  @Column({ name: 'lead_report_percent', type: 'int', nullable: true, insert: false, update: false }) leadReportPercent: number | null;
  @Column({ name: 'open_notices', type: 'int', default: 0, insert: false, update: false }) openNotices: number;

  /**
   * assessTask's verdict for the office's view (the lead unit's signature) on the day stored in
   * light_day, kept by a trigger when an input changes and recomputed when the day changes
   * (migration TaskStoredLight, LightDayService). Null before the first day is written.
   */
  @Column({ type: 'boolean', nullable: true, insert: false, update: false }) overdue: boolean | null;
  @Column({ name: 'due_soon', type: 'boolean', nullable: true, insert: false, update: false }) dueSoon: boolean | null;
  @Column({ name: 'report_missing', type: 'boolean', nullable: true, insert: false, update: false }) reportMissing: boolean | null;
  @Column({ name: 'progress_behind', type: 'boolean', nullable: true, insert: false, update: false }) progressBehind: boolean | null;
  @Column({ name: 'receipt_overdue', type: 'boolean', nullable: true, insert: false, update: false }) receiptOverdue: boolean | null;
  @Column({ name: 'notice_open', type: 'boolean', nullable: true, insert: false, update: false }) noticeOpen: boolean | null;
  /** the receipt deadline has passed, whoever signed (migration TaskTallyByUnit): a unit's receipt flag is this and its own signature missing */
  @Column({ name: 'receipt_due', type: 'boolean', nullable: true, insert: false, update: false }) receiptDue: boolean | null;
  @Column({ type: 'text', nullable: true, insert: false, update: false }) light: string | null;

  /**
   * More copies for the dashboard's counters (migration TaskTally, same triggers as the light
   * inputs): submitted reports awaiting review, open notices by level, pending extension requests.
   */
  @Column({ name: 'pending_reports', type: 'int', default: 0, insert: false, update: false }) pendingReports: number;
  @Column({ name: 'notices_blue', type: 'int', default: 0, insert: false, update: false }) noticesBlue: number;
  @Column({ name: 'notices_yellow', type: 'int', default: 0, insert: false, update: false }) noticesYellow: number;
  @Column({ name: 'notices_red', type: 'int', default: 0, insert: false, update: false }) noticesRed: number;
  @Column({ name: 'pending_extensions', type: 'int', default: 0, insert: false, update: false }) pendingExtensions: number;

  /** optimistic concurrency: writes are `UPDATE … WHERE version = $n` */
  @Column({ type: 'int', default: 1 }) version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/**
 * A unit's share of a task: lead (牵头) or co-responsible (责任/配合), with its section.
 * It also carries copies of the task's list keys (task_due_date, task_published, task_state) so a
 * bureau's "my tasks" is a range of ix_task_unit_unit_due: page 1 in due-date order is an index
 * scan plus LIMIT, the total an index-only count, without reading every task of the unit.
 */
@Entity('task_unit')
@Index('uq_task_unit', ['taskId', 'unitId'], { unique: true })
@Index('ix_task_unit_unit_due', ['unitId', 'taskPublished', 'taskDueDate', 'taskId', 'role', 'taskState'])
// a task's lead unit (first by position), as every task list and detail shows it: one index-only probe
@Index('ix_task_unit_lead', ['taskId', 'position', 'unitId', 'signedAt'], { where: `"role" = 'lead'` })
export class TaskUnitEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'task_id', type: 'uuid' }) taskId: string;
  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: TaskEntity;

  @Column({ name: 'unit_id', type: 'uuid' }) unitId: string;
  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  /** lead | co */
  @Column({ type: 'text' }) role: string;
  @Column({ type: 'int', default: 0 }) position: number;

  @Column({ name: 'section_id', type: 'uuid', nullable: true }) sectionId: string | null;
  @ManyToOne(() => UnitSectionEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'section_id' })
  section?: UnitSectionEntity | null;

  /** the unit as written in the source document */
  @Column({ name: 'name_as_written', type: 'text', nullable: true }) nameAsWritten: string | null;

  /** 签收 */
  @Column({ name: 'signed_at', type: 'timestamptz', nullable: true }) signedAt: Date | null;
  @Column({ name: 'signed_by', type: 'uuid', nullable: true }) signedBy: string | null;

  /*
   * Copies of task.due_date, task.published_at IS NOT NULL and task.state, written only by the
   * database (migration TaskUnitListKeys): a BEFORE INSERT/UPDATE trigger on task_unit copies them
   * from the task, an AFTER UPDATE trigger on task pushes changes to the task's rows here, in the
   * writer's transaction. No code sets them (insert/update: false); read them, never write them.
   */
  @Column({ name: 'task_due_date', type: 'date', nullable: true, insert: false, update: false }) taskDueDate: string | null;
  @Column({ name: 'task_published', type: 'boolean', insert: false, update: false }) taskPublished: boolean;
  @Column({ name: 'task_state', type: 'text', insert: false, update: false }) taskState: string;
}

/**
 * How many published tasks each unit leads or shares: the total of its unfiltered "my tasks"
 * list, read as one row instead of counted over ix_task_unit_unit_due on every request. Written
 * only by the database (migration UnitTaskCount): statement triggers on task_unit add each
 * statement's net change per unit in the writer's transaction, whoever writes. Read it, never
 * write it.
 */
@Entity('unit_task_count')
export class UnitTaskCountEntity {
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId: string;
  @ManyToOne(() => UnitEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  @Column({ type: 'int', insert: false, update: false }) published: number;
}

/** Every deadline a task has had; exactly one is current. Extensions add rows, never overwrite. */
@Entity('task_deadline')
@Index('ix_task_deadline_task', ['taskId', 'createdAt'])
export class TaskDeadlineEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'task_id', type: 'uuid' }) taskId: string;
  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: TaskEntity;

  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate: string | null;
  /** day | month | quarter | year | ongoing | default */
  @Column({ type: 'text' }) precision: string;
  @Column({ type: 'text' }) text: string;
  /** import | correction | extension */
  @Column({ type: 'text' }) source: string;
  @Column({ name: 'is_current', type: 'boolean', default: true }) isCurrent: boolean;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
