import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
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

/** audit_log's written columns, with the SQL type of each parameter */
const AUDIT_COLUMNS: [column: string, type: string][] = [
  ['actor_user_id', 'uuid'],
  ['actor_unit_id', 'uuid'],
  ['actor_role', 'text'],
  ['action', 'text'],
  ['entity_type', 'text'],
  ['entity_id', 'text'],
  ['outcome', 'text'],
  ['before', 'jsonb'],
  ['after', 'jsonb'],
  ['request_id', 'text'],
];
const COLUMN_LIST = AUDIT_COLUMNS.map(([column]) => column).join(', ');

/** `(columns) SELECT $first::type, …`: the audit row as parameters from `$first` on (see `AuditService.values`). */
export function auditInsertSelect(first: number): string {
  return `INSERT INTO audit_log (${COLUMN_LIST}) SELECT ${AUDIT_COLUMNS.map(([, type], i) => `$${first + i}::${type}`).join(', ')}`;
}

const INSERT_AUDIT = auditInsertSelect(1);

/**
 * Writes audit entries. Call `record` with the EntityManager of the transaction that makes
 * the change, so the entry commits or rolls back with it. The actor is the authenticated caller
 * as JwtAuthGuard built it (`@CurrentUser()`, with the request id), passed down explicitly, never
 * anything from the request body; null for the system (CLI, seed). A statement that writes its
 * own audit row (a data-modifying CTE) uses `auditInsertSelect` with `values`.
 */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, actor: AuditActor, entry: AuditEntry): Promise<void> {
    await manager.query(INSERT_AUDIT, this.values(actor, entry));
  }

  /** The row's parameters, in `auditInsertSelect` order. */
  values(actor: AuditActor, entry: AuditEntry): unknown[] {
    const user = actor && 'id' in actor ? actor : null;
    return [
      user?.id ?? null,
      user?.unitId ?? null,
      user?.role ?? null,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.outcome ?? 'ok',
      entry.before ? JSON.stringify(entry.before) : null,
      entry.after ? JSON.stringify(entry.after) : null,
      actor?.requestId ?? null,
    ];
  }
}
