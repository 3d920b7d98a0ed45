import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth.decorators';
import { currentRequestId, currentUser } from '../common/request-context';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  outcome?: 'ok' | 'refused';
}

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
 * the change, so the entry commits or rolls back with it. Actor and request id come from the
 * request context (common/request-context.ts), never from the request body. A statement that
 * writes its own audit row (a data-modifying CTE) uses `auditInsertSelect` with `values`.
 */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, entry: AuditEntry, actorOverride?: AuthUser | null): Promise<void> {
    await manager.query(INSERT_AUDIT, this.values(entry, actorOverride));
  }

  /** The row's parameters, in `auditInsertSelect` order; the actor defaults to the authenticated caller. */
  values(entry: AuditEntry, actorOverride?: AuthUser | null): unknown[] {
    const actor = actorOverride === undefined ? currentUser() ?? null : actorOverride;
    return [
      actor?.id ?? null,
      actor?.unitId ?? null,
      actor?.role ?? null,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.outcome ?? 'ok',
      entry.before ? JSON.stringify(entry.before) : null,
      entry.after ? JSON.stringify(entry.after) : null,
      currentRequestId() ?? null,
    ];
  }
}
