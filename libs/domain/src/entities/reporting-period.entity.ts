import { Check, Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One reporting period (调度周期) of one cadence as the worker runs it: opened (units asked for
 * their reports), reminded (non-reporters reminded), closed (the rollup may be built). One row per
 * (cadence, period key); each step stamps its time once, so a repeated or missed run neither
 * repeats nor skips a step.
 */
@Entity('reporting_period')
@Unique('uq_reporting_period_cadence_period', ['cadence', 'period'])
@Check('ck_reporting_period_status', `"status" IN ('open', 'closed')`)
@Check('ck_reporting_period_cadence', `"cadence" IN ('monthly', 'weekly', 'dekad')`)
export class ReportingPeriodEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** monthly | weekly | dekad (libs/domain/src/reports/period.ts) */
  @Column({ type: 'text' }) cadence: string;
  /** the cadence's period key: '2026-05', '2026-W18', '2026-05-2' */
  @Column({ type: 'text' }) period: string;
  /** open | closed */
  @Column({ type: 'text', default: 'open' }) status: string;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt: Date;
  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true }) remindedAt: Date | null;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt: Date | null;
}
