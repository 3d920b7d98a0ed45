import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** One day of the work calendar that differs from Monday–Friday: a holiday, or a weekend day worked (调休上班). */
@Entity('work_calendar_day')
@Check('ck_work_calendar_day_kind', `"kind" IN ('holiday', 'workday')`)
export class WorkCalendarDayEntity {
  @PrimaryColumn({ type: 'date' }) day: string;
  /** holiday | workday */
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text' }) name: string;
}
