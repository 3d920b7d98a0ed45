import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The frozen picture of one reporting period (月调度汇总): built when the period closes, from
 * SQL aggregates over the period's tasks as of its last day. One row per (cadence, period):
 * building it again replaces its rows (same id), never adds a second snapshot.
 */
@Entity('rollup')
@Index('uq_rollup_period', ['cadence', 'periodKey'], { unique: true })
export class RollupEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** monthly | weekly | dekad: the rollup covers the published tasks reported at this cadence */
  @Column({ type: 'text' }) cadence: string;
  /** '2026-11', '2026-W47', '2026-11-3' */
  @Column({ name: 'period_key', type: 'text' }) periodKey: string;
  @Column({ name: 'period_start', type: 'date' }) periodStart: string;
  /** the day the snapshot is taken as of: what was overdue counts against it */
  @Column({ name: 'period_end', type: 'date' }) periodEnd: string;
  @Column({ name: 'built_at', type: 'timestamptz' }) builtAt: Date;
  @Column({ name: 'task_count', type: 'int' }) taskCount: number;
}

/** Counts every rollup row carries, per unit and per measure. */
abstract class RollupCounts {
  @Column({ type: 'int' }) total: number;
  @Column({ name: 'not_started', type: 'int' }) notStarted: number;
  @Column({ name: 'in_progress', type: 'int' }) inProgress: number;
  /** 已完成待审核 */
  @Column({ name: 'submitted_done', type: 'int' }) submittedDone: number;
  @Column({ type: 'int' }) completed: number;
  @Column({ name: 'not_applicable', type: 'int' }) notApplicable: number;
  @Column({ type: 'int' }) overdue: number;
  @Column({ type: 'int' }) lagging: number;
  /** completed / (total − not applicable), percent with one decimal; null with nothing applicable */
  @Column({ name: 'completion_rate', type: 'numeric', precision: 5, scale: 1, nullable: true }) completionRate: string | null;
  /** 1 = best (completion rate, then fewest overdue, then fewest lagging); ties share a rank */
  @Column({ type: 'int', nullable: true }) rank: number | null;
}

/** A unit's row: the tasks it leads, and its report debt for the period as lead or co-unit. */
@Entity('rollup_unit')
export class RollupUnitEntity extends RollupCounts {
  @PrimaryColumn({ name: 'rollup_id', type: 'uuid' }) rollupId: string;
  @ManyToOne(() => RollupEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rollup_id' })
  rollup?: RollupEntity;
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId: string;
  /** as it was named when the snapshot was taken */
  @Column({ name: 'unit_name', type: 'text' }) unitName: string;
  /** tasks (lead or co) owing work that have no submitted report from this unit for the period */
  @Column({ name: 'unreported_tasks', type: 'int' }) unreportedTasks: number;
}

@Entity('rollup_measure')
@Index('ix_rollup_measure_lead', ['rollupId', 'leadUnitId'])
export class RollupMeasureEntity extends RollupCounts {
  @PrimaryColumn({ name: 'rollup_id', type: 'uuid' }) rollupId: string;
  @ManyToOne(() => RollupEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rollup_id' })
  rollup?: RollupEntity;
  @PrimaryColumn({ name: 'measure_id', type: 'uuid' }) measureId: string;
  @Column({ name: 'document_id', type: 'uuid' }) documentId: string;
  @Column({ name: 'measure_number', type: 'text' }) measureNumber: string;
  @Column({ name: 'measure_title', type: 'text' }) measureTitle: string;
  /** the measure's lead unit (else its first task's): a bureau reads the rows of measures it leads */
  @Column({ name: 'lead_unit_id', type: 'uuid', nullable: true }) leadUnitId: string | null;
  @Column({ name: 'lead_unit_name', type: 'text', nullable: true }) leadUnitName: string | null;
  /** units (lead or co) that owed a report for one of the measure's tasks and sent none */
  @Column({ name: 'unreported_unit_names', type: 'text', array: true }) unreportedUnitNames: string[];
}

/** A task that was overdue or lagging at the period's end, with how many days. */
@Entity('rollup_task')
@Check('ck_rollup_task_flag', `"overdue" OR "lagging"`)
export class RollupTaskEntity {
  @PrimaryColumn({ name: 'rollup_id', type: 'uuid' }) rollupId: string;
  @ManyToOne(() => RollupEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rollup_id' })
  rollup?: RollupEntity;
  @PrimaryColumn({ name: 'task_id', type: 'uuid' }) taskId: string;
  @Column({ name: 'measure_id', type: 'uuid' }) measureId: string;
  @Column({ name: 'measure_number', type: 'text' }) measureNumber: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text' }) state: string;
  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate: string | null;
  @Column({ name: 'lead_unit_id', type: 'uuid', nullable: true }) leadUnitId: string | null;
  @Column({ name: 'lead_unit_name', type: 'text', nullable: true }) leadUnitName: string | null;
  /** lead and co-units: a bureau reads the rows of tasks it has a part in */
  @Column({ name: 'unit_ids', type: 'uuid', array: true }) unitIds: string[];
  @Column({ type: 'boolean' }) overdue: boolean;
  /** days past the due date at the period's end */
  @Column({ name: 'overdue_days', type: 'int', nullable: true }) overdueDays: number | null;
  @Column({ type: 'boolean' }) lagging: boolean;
  /** REPORT_MISSING | PROGRESS_BEHIND (the domain's reason codes) */
  @Column({ name: 'lagging_reason', type: 'text', nullable: true }) laggingReason: string | null;
  /** days without a report at the period's end (since the last submitted one, else since publication) */
  @Column({ name: 'lagging_days', type: 'int', nullable: true }) laggingDays: number | null;
}
