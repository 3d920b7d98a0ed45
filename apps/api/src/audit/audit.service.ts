import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { EntityManager } from 'typeorm';
import { AuditLogEntity } from '@luoshi/domain/entities';
import type { AuthUser } from '../auth/auth.decorators';
import { REQUEST_ID_KEY, USER_KEY } from '../common/request-context';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  outcome?: 'ok' | 'refused';
}

/**
 * Writes audit entries. Call `record` with the EntityManager of the transaction that makes
 * the change, so the entry commits or rolls back with it. Actor and request id come from the
 * request context, never from the request body.
 */
@Injectable()
export class AuditService {
  constructor(private readonly cls: ClsService) {}

  async record(manager: EntityManager, entry: AuditEntry, actorOverride?: AuthUser | null): Promise<void> {
    const actor = actorOverride === undefined ? this.cls.get<AuthUser | undefined>(USER_KEY) ?? null : actorOverride;
    await manager.save(AuditLogEntity, manager.create(AuditLogEntity, {
      actorUserId: actor?.id ?? null,
      actorUnitId: actor?.unitId ?? null,
      actorRole: actor?.role ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      outcome: entry.outcome ?? 'ok',
      before: entry.before ?? null,
      after: entry.after ?? null,
      requestId: this.cls.get<string | undefined>(REQUEST_ID_KEY) ?? null,
    }));
  }
}
