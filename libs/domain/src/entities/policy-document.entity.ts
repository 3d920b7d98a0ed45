import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UnitEntity } from './unit.entity';

/** One imported source document (政策文件 / 实施方案汇编). */
@Entity('policy_document')
export class PolicyDocumentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', nullable: true }) issuer: string | null;
  @Column({ name: 'doc_number', type: 'text', nullable: true }) docNumber: string | null;
  @Column({ name: 'issue_date', type: 'date', nullable: true }) issueDate: string | null;
  /** province | city | district | unknown */
  @Column({ type: 'text' }) level: string;
  @Column({ name: 'default_year', type: 'int' }) defaultYear: number;
  /** compendium | measures */
  @Column({ type: 'text' }) shape: string;

  /** SHA-256 of the normalised source text: importing the same document twice is a no-op */
  @Index('uq_policy_document_source_hash', { unique: true })
  @Column({ name: 'source_hash', type: 'text' })
  sourceHash: string;

  @Column({ name: 'source_name', type: 'text', nullable: true }) sourceName: string | null;

  /** draft (imported, being checked) | published (交办: tasks active) */
  @Column({ type: 'text', default: 'draft' }) status: string;
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true }) publishedAt: Date | null;

  @Column({ name: 'imported_by', type: 'uuid', nullable: true }) importedBy: string | null;

  /**
   * Demo marker: the sample data moved this document's dates (issue date, deadlines) by this many
   * days so that they fall around today. Null for every real import, whose dates are never moved.
   */
  @Column({ name: 'demo_shift_days', type: 'int', nullable: true }) demoShiftDays: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A group of measures (篇 / 类别), possibly naming its own lead unit. */
@Entity('document_section')
@Index('uq_document_section_ordinal', ['documentId', 'ordinal'], { unique: true })
export class DocumentSectionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'document_id', type: 'uuid' }) documentId: string;
  @ManyToOne(() => PolicyDocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id' })
  document?: PolicyDocumentEntity;

  @Column({ type: 'int' }) ordinal: number;
  @Column({ type: 'text' }) heading: string;

  @Column({ name: 'lead_unit_id', type: 'uuid', nullable: true }) leadUnitId: string | null;
  @ManyToOne(() => UnitEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'lead_unit_id' })
  leadUnit?: UnitEntity | null;
}
