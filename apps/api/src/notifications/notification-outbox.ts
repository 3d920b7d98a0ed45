import type { EntityManager } from 'typeorm';
import { renderNotification, type NotificationKind, type TEMPLATES } from '@luoshi/notifications/templates';

/** Who a notification is for: a unit's inbox, or one user's (the office user who issued a notice). */
export type NotificationRecipient = { unitId: string } | { userId: string };

export interface OutboxEntry<K extends NotificationKind> {
  kind: K;
  /** the template's inputs (libs/notifications/src/templates.ts) */
  params: Parameters<(typeof TEMPLATES)[K]>[0];
  recipient: NotificationRecipient;
  /** structured data for clients (ids to link to) */
  payload: Record<string, unknown>;
  /** one notification per key: a retried or repeated write adds nothing */
  dedupeKey: string;
}

/**
 * Writes a notification into the outbox in the caller's transaction (it commits or rolls back with
 * the change it announces); the worker delivers it. Returns whether a row was written (false: the
 * dedupe key was already there).
 */
export async function enqueueNotification<K extends NotificationKind>(manager: EntityManager, entry: OutboxEntry<K>): Promise<boolean> {
  const { title, body } = renderNotification(entry.kind, entry.params);
  const unitId = 'unitId' in entry.recipient ? entry.recipient.unitId : null;
  const userId = 'userId' in entry.recipient ? entry.recipient.userId : null;
  const rows: unknown[] = await manager.query(
    `INSERT INTO notification (recipient_unit_id, recipient_user_id, kind, title, body, payload, dedupe_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [unitId, userId, entry.kind, title, body, JSON.stringify(entry.payload), entry.dedupeKey],
  );
  return rows.length > 0;
}
