import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DocumentSectionEntity, PolicyDocumentEntity } from './policy-document.entity';
import { UnitEntity } from './unit.entity';

/** One numbered item of a document (第N项 / 1. / (一)); sub-items point at their parent. */
@Entity('measure')
@Index('uq_measure_number', ['documentId', 'number'], { unique: true })
export class MeasureEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'document_id', type: 'uuid' }) documentId: string;
  @ManyToOne(() => PolicyDocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id' })
  document?: PolicyDocumentEntity;

  @Column({ name: 'section_id', type: 'uuid', nullable: true }) sectionId: string | null;
  @ManyToOne(() => DocumentSectionEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'section_id' })
  section?: DocumentSectionEntity | null;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true }) parentId: string | null;
  @ManyToOne(() => MeasureEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_id' })
  parent?: MeasureEntity | null;

  /** '19-1' (ASCII hyphen) */
  @Column({ type: 'text' }) number: string;
  @Column({ type: 'int' }) ordinal: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', nullable: true }) body: string | null;
  @Column({ name: 'upstream_text', type: 'text', nullable: true }) upstreamText: string | null;
  @Column({ name: 'upstream_leads', type: 'text', array: true, default: () => "'{}'" }) upstreamLeads: string[];
  @Column({ type: 'text', nullable: true }) goal: string | null;
  @Column({ type: 'boolean', default: true }) applicable: boolean;
  @Column({ name: 'not_applicable_reason', type: 'text', nullable: true }) notApplicableReason: string | null;

  @Column({ name: 'lead_unit_id', type: 'uuid', nullable: true }) leadUnitId: string | null;
  @ManyToOne(() => UnitEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'lead_unit_id' })
  leadUnit?: UnitEntity | null;

  /** monthly | weekly | dekad (旬): how often tasks of this measure report */
  @Column({ name: 'report_cadence', type: 'text', default: 'monthly' }) reportCadence: string;

  @Column({ name: 'source_line', type: 'int', nullable: true }) sourceLine: number | null;
}

/** A person answering for a measure (联系人 / 联系电话), per unit. */
@Entity('contact')
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('ix_contact_measure')
  @Column({ name: 'measure_id', type: 'uuid' })
  measureId: string;
  @ManyToOne(() => MeasureEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'measure_id' })
  measure?: MeasureEntity;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true }) unitId: string | null;
  @ManyToOne(() => UnitEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity | null;

  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', nullable: true }) phone: string | null;
}
