import { Column, CreateDateColumn, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { UnitEntity } from './unit.entity';

/** A person who signs in: office, bureau (bound to one unit) or leader (read-only). */
@Entity('app_user')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('uq_app_user_username', { unique: true })
  @Column({ type: 'text' })
  username: string;

  @Column({ name: 'display_name', type: 'text' }) displayName: string;
  @Column({ name: 'password_hash', type: 'text' }) passwordHash: string;

  /** office | bureau | leader */
  @Column({ type: 'text' }) role: string;

  @Index('ix_app_user_unit')
  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;
  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: UnitEntity | null;

  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  @Column({ type: 'boolean', default: false }) disabled: boolean;

  /** bumped when the user is disabled, moved or logs out everywhere: older tokens stop working */
  @Column({ name: 'token_version', type: 'int', default: 1 }) tokenVersion: number;

  /**
   * Sessions ended by logout whose access tokens may still be unexpired: session id → epoch
   * seconds it ended. Read with the principal on every request; pruned at each logout to those
   * younger than the access-token lifetime.
   */
  @Column({ name: 'ended_sessions', type: 'jsonb', default: {} }) endedSessions: Record<string, number>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A refresh token (stored hashed); logout revokes it. */
@Entity('refresh_token')
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('ix_refresh_token_user')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Index('uq_refresh_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  /** the login this token descends from (rotation keeps it); access tokens carry it as `sid`; a row inserted without one is a session of its own */
  @Index('ix_refresh_token_session')
  @Column({ name: 'session_id', type: 'uuid' })
  @Generated('uuid')
  sessionId: string;

  @Column({ name: 'expires_at', type: 'timestamptz' }) expiresAt: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
