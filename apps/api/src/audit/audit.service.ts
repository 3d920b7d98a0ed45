import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { join, queryRows, sql, Sql } from '@luoshi/infra';
import type { AuthUser } from '../auth/auth.decorators';
import type { AuditAction } from './audit-action';

export type { AuditAction } from './audit-action';

export interface AuditEntry {
  action: AuditAction;
  entityType: string;
  entityId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  outcome?: 'ok' | 'refused';
}

/**
 * Who acts: the authenticated caller as JwtAuthGuard built it (with its request id); on an
 * anonymous route (login, refresh) just the request; null for the system (CLI, seed).
 */
export type AuditActor = AuthUser | { requestId: string } | null;

/**
 * `INSERT INTO audit_log (…) SELECT …`: the entry as typed parameters, for a statement that writes
 * its own audit row in a data-modifying CTE (`a AS (${auditInsert(actor, entry)} FROM r)`, written
 * only when `r` returned a row), or on its own (AuditService.record).
 */
export function auditInsert(actor: AuditActor, entry: AuditEntry): Sql {
  const user = actor && 'id' in actor ? actor : null;
  const values = [
    sql`${user?.id ?? null}::uuid`,
    sql`${user?.unitId ?? null}::uuid`,
    sql`${user?.role ?? null}::text`,
    sql`${entry.action}::text`,
    sql`${entry.entityType}::text`,
    sql`${entry.entityId}::text`,
    sql`${entry.outcome ?? 'ok'}::text`,
    sql`${entry.before ? JSON.stringify(entry.before) : null}::jsonb`,
    sql`${entry.after ? JSON.stringify(entry.after) : null}::jsonb`,
    sql`${actor?.requestId ?? null}::text`,
  ];
  return sql`INSERT INTO audit_log (actor_user_id, actor_unit_id, actor_role, action, entity_type, entity_id, outcome, before, after, request_id)
    SELECT ${join(values, ', ')}`;
}

/**
 * Writes audit entries. Call `record` with the EntityManager of the transaction that makes
 * the change, so the entry commits or rolls back with it. The actor is the authenticated caller
 * as JwtAuthGuard built it (`@CurrentUser()`, with the request id), passed down explicitly, never
 * anything from the request body; null for the system (CLI, seed).
 */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, actor: AuditActor, entry: AuditEntry): Promise<void> {
    await queryRows(manager, auditInsert(actor, entry));
  }
}
