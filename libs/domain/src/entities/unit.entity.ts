import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';

/** An organisation that can own tasks: a bureau, a town, or a collective placeholder (各镇、街道). */
@Entity('unit')
export class UnitEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  /** canonical name, e.g. 区发展改革局 */
  @Index('uq_unit_name', { unique: true })
  @Column({ type: 'text' })
  name: string;

  /** bureau | town | collective */
  @Column({ type: 'text', default: 'bureau' }) kind: string;

  @Column({ type: 'boolean', default: true }) active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @OneToMany(() => UnitAliasEntity, (a) => a.unit) aliases?: UnitAliasEntity[];
  @OneToMany(() => UnitSectionEntity, (s) => s.unit) sections?: UnitSectionEntity[];
}

/** Another spelling of a unit used in documents (区发展改革委 → 区发展改革局). */
@Entity('unit_alias')
export class UnitAliasEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('uq_unit_alias_alias', { unique: true })
  @Column({ type: 'text' })
  alias: string;

  @Index('ix_unit_alias_unit')
  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @ManyToOne(() => UnitEntity, (u) => u.aliases, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A section (科室 / 股) inside a unit. */
@Entity('unit_section')
@Index('uq_unit_section_name', ['unitId', 'name'], { unique: true })
export class UnitSectionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'unit_id', type: 'uuid' }) unitId: string;

  @ManyToOne(() => UnitEntity, (u) => u.sections, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity;

  @Column({ type: 'text' }) name: string;
}
