import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/** The name a ledger is downloaded under (Content-Disposition) and announced with. */
export const ledgerDownloadName = (asOf: string) => `工作台账_${asOf}.xlsx`;

/** The task list's filters a ledger request may carry (GET /tasks's names and meanings). */
export interface LedgerFilters {
  unitId?: string;
  role?: 'lead' | 'co';
  state?: string;
  overdue?: boolean;
  dueBefore?: string;
  measureId?: string;
  documentId?: string;
  q?: string;
  light?: 'red' | 'yellow' | 'green';
}

/**
 * A ledger (台账) export: requested through the API, built by the worker as an .xlsx file on disk
 * (LEDGER_DIR), downloaded by its requester. `filters` are the task list's filters the request
 * carried; `unitId` is the bureau scope (null: office and leader, every unit).
 */
@Entity('ledger_export')
@Index('ix_ledger_export_requester', ['requestedBy', 'createdAt'])
// GET /ledgers (a bureau's own, or every one, newest first) and the purge job (older than the retention)
@Index('ix_ledger_export_unit_created', ['unitId', 'createdAt', 'id'])
@Index('ix_ledger_export_created', ['createdAt', 'id'])
@Check('ck_ledger_export_status', `"status" IN ('queued', 'building', 'ready', 'failed')`)
export class LedgerExportEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'requested_by', type: 'uuid' }) requestedBy: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'requested_by' })
  requester?: UserEntity;
  @Column({ name: 'unit_id', type: 'uuid', nullable: true }) unitId: string | null;
  @Column({ type: 'jsonb' }) filters: LedgerFilters;
  /** queued | building | ready | failed */
  @Column({ type: 'text', default: 'queued' }) status: string;
  /** the Shanghai date the ledger is as of (lights, overdue) */
  @Column({ name: 'as_of', type: 'date', nullable: true }) asOf: string | null;
  @Column({ name: 'stored_name', type: 'text', nullable: true }) storedName: string | null;
  @Column({ name: 'row_count', type: 'int', nullable: true }) rowCount: number | null;
  @Column({ name: 'size_bytes', type: 'bigint', nullable: true }) sizeBytes: string | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt: Date | null;
}
