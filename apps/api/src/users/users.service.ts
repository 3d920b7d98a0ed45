import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { sql, Sql } from '@luoshi/infra';
import { queryPage } from '../common/paging';
import { UnitEntity, UserEntity } from '@luoshi/domain/entities';
import { DomainError, validationFailed } from '@luoshi/domain/errors';
import { AuditActor, AuditService } from '../audit/audit.service';
import type { AuthUser, Role } from '../auth/auth.decorators';
import { hashPassword } from '../auth/password-hasher';
import { PrincipalCache } from '../auth/principal-cache';
import { revokeAllSessions } from '../auth/tokens';
import { AuditedWriter, type RefusalTarget } from '../audit/audited-writer';
import { isUniqueViolation } from '../common/unique-violation';
import type { CreateUserDto } from './dto/create-user.dto';
import type { ListUsersQueryDto } from './dto/list-users-query.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import { toUserResponse, UserPageDto, UserResponseDto } from './dto/user-response.dto';
import { unitBindingError } from './unit-binding';
import { findUserWithUnit } from './user-lookup';
import { normalizeUsername } from './username';

/** What the audit log keeps of a user: never the hash, never the token version. */
function auditSnapshot(user: UserEntity) {
  return {
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    unitId: user.unitId,
    disabled: user.disabled,
    email: user.email,
    phone: user.phone,
  };
}

interface UserListRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  unit_id: string | null;
  unit_name: string | null;
  email: string | null;
  phone: string | null;
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
}

const userNotFound = () => new DomainError('not_found', 'USER_NOT_FOUND', '未找到该用户');

/**
 * Account administration by the coordination office. Every change is audited in its transaction;
 * a refused one (409 USERNAME_TAKEN, 422, 400) by AuditedWriter after it rolled back.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly principals: PrincipalCache,
    private readonly writer: AuditedWriter,
  ) {}

  async list(query: ListUsersQueryDto): Promise<UserPageDto> {
    const where: Sql[] = [];
    if (query.role) where.push(sql`u.role = ${query.role}`);
    if (query.unitId) where.push(sql`u.unit_id = ${query.unitId}`);
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(sql`(u.username ILIKE ${pattern} OR u.display_name ILIKE ${pattern})`);
    }
    return queryPage<UserListRow, UserResponseDto>(
      this.dataSource,
      {
        select: sql`u.id, u.username, u.display_name, u.role, u.unit_id, un.name AS unit_name, u.email, u.phone, u.disabled, u.created_at, u.updated_at`,
        from: sql`app_user u LEFT JOIN unit un ON un.id = u.unit_id`,
        where,
        orderBy: sql`u.username, u.id`,
      },
      query,
      (row) => ({
        id: row.id,
        username: row.username,
        displayName: row.display_name,
        role: row.role as Role,
        unitId: row.unit_id,
        unitName: row.unit_name,
        email: row.email,
        phone: row.phone,
        disabled: row.disabled,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      }),
    );
  }

  async get(id: string): Promise<UserResponseDto> {
    const user = await findUserWithUnit(this.dataSource.manager, id);
    if (!user) throw userNotFound();
    return toUserResponse(user);
  }

  async create(actor: AuditActor, dto: CreateUserDto): Promise<UserResponseDto> {
    const username = normalizeUsername(dto.username); // again here for callers that skip the HTTP pipe (CLI, seed)
    const unitId = dto.unitId ?? null;
    const target: RefusalTarget = { action: 'user.create', entityType: 'user', entityId: null, context: { username } };
    await this.writer.attempt(actor, target, async () => this.assertUnitBinding(dto.role, unitId));
    const passwordHash = await hashPassword(dto.password); // outside the transaction: ~25 ms of CPU
    const id = await this.writer.run(actor, target, async (manager) => {
      if (unitId) await this.assertUnitUsable(manager, unitId);
      let created: UserEntity;
      try {
        created = await manager.save(
          manager.create(UserEntity, {
            username,
            displayName: dto.displayName,
            passwordHash,
            role: dto.role,
            unitId,
            email: dto.email ?? null,
            phone: dto.phone ?? null,
          }),
        );
      } catch (err) {
        if (isUniqueViolation(err, 'uq_app_user_username')) {
          throw new DomainError('conflict', 'USERNAME_TAKEN', '该登录名已被使用', {
            fields: [{ field: 'username', code: 'USERNAME_TAKEN', message: 'username：该登录名已被使用' }],
          });
        }
        throw err;
      }
      await this.audit.record(manager, actor, { action: 'user.create', entityType: 'user', entityId: created.id, after: auditSnapshot(created) });
      return created.id;
    });
    return this.get(id);
  }

  /** `actor` null = a command-line tool acting for the operator (no self-protection check). */
  async update(actor: AuthUser | null, id: string, dto: UpdateUserDto): Promise<UserResponseDto> {
    const passwordHash = dto.password !== undefined ? await hashPassword(dto.password) : undefined;
    await this.writer.run(actor, { action: 'user.update', entityType: 'user', entityId: id }, async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw userNotFound();
      const before = auditSnapshot(user);

      const role = (dto.role ?? user.role) as Role;
      // leaving the bureau role clears the unit unless the request names one (which is then refused)
      const unitId = dto.unitId !== undefined ? dto.unitId : role === 'bureau' ? user.unitId : null;
      if (actor?.id === user.id && (dto.disabled === true || role !== user.role)) {
        throw new DomainError('rule_violated', 'CANNOT_CHANGE_OWN_ACCESS', '不能停用自己的账号或更改自己的角色');
      }
      this.assertUnitBinding(role, unitId);
      if (unitId && unitId !== user.unitId) await this.assertUnitUsable(manager, unitId);

      const changes: Partial<UserEntity> = {};
      if (dto.displayName !== undefined && dto.displayName !== user.displayName) changes.displayName = dto.displayName;
      if (role !== user.role) changes.role = role;
      if (unitId !== user.unitId) changes.unitId = unitId;
      if (dto.disabled !== undefined && dto.disabled !== user.disabled) changes.disabled = dto.disabled;
      if (dto.email !== undefined && dto.email !== user.email) changes.email = dto.email;
      if (dto.phone !== undefined && dto.phone !== user.phone) changes.phone = dto.phone;
      if (passwordHash) changes.passwordHash = passwordHash;
      if (Object.keys(changes).length === 0) return;

      await manager.update(UserEntity, id, changes);
      // access follows the user's current standing: anything that narrows or moves it ends the sessions
      const endsSessions = changes.disabled === true || 'role' in changes || 'unitId' in changes || passwordHash !== undefined;
      if (endsSessions) await revokeAllSessions(manager, id);

      const after = auditSnapshot(Object.assign(user, changes));
      await this.audit.record(manager, actor, {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before,
        after: { ...after, ...(passwordHash ? { passwordReset: true } : {}), ...(endsSessions ? { sessionsRevoked: true } : {}) },
      });
    });
    // this instance's next request must not wait for the database's notification
    this.principals.invalidate(id);
    return this.get(id);
  }

  private assertUnitBinding(role: Role, unitId: string | null): void {
    const error = unitBindingError(role, unitId);
    if (error) throw validationFailed([error]);
  }

  private async assertUnitUsable(manager: EntityManager, unitId: string): Promise<void> {
    const unit = await manager.findOne(UnitEntity, { where: { id: unitId }, select: { id: true, active: true } });
    if (!unit || !unit.active) {
      const [code, text] = unit ? ['UNIT_INACTIVE', '该单位已停用'] : ['UNIT_NOT_FOUND', '单位不存在'];
      throw validationFailed([{ field: 'unitId', code, message: `unitId：${text}` }]);
    }
  }
}
