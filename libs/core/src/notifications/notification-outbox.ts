import type { EntityManager } from 'typeorm';
import { queryRows, sql } from '@luoshi/infra';
import { renderNotification, type NotificationKind, type TEMPLATES } from '@luoshi/notifications/templates';
import { planDeliveries } from './notification-deliveries';

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
 * the change it announces), with its deliveries (in-app, the unit's robots, email by preference);
 * the worker delivers them. Returns whether a row was written (false: the dedupe key was already there).
 */
export async function enqueueNotification<K extends NotificationKind>(manager: EntityManager, entry: OutboxEntry<K>): Promise<boolean> {
  const { title, body } = renderNotification(entry.kind, entry.params);
  const unitId = 'unitId' in entry.recipient ? entry.recipient.unitId : null;
  const userId = 'userId' in entry.recipient ? entry.recipient.userId : null;
  const rows = await queryRows<{ id: string }>(
    manager,
    sql`INSERT INTO notification (recipient_unit_id, recipient_user_id, kind, title, body, payload, dedupe_key)
        VALUES (${unitId}, ${userId}, ${entry.kind}, ${title}, ${body}, ${JSON.stringify(entry.payload)}, ${entry.dedupeKey})
        ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
  );
  await planDeliveries(
    manager,
    rows.map((r) => r.id),
  );
  return rows.length > 0;
}

/** A notification already rendered (title and plain-text body), for writing many at once. */
export interface RenderedOutboxEntry {
  unitId: string | null;
  userId: string | null;
  kind: string;
  title: string;
  body: string;
  payload: Record<string, unknown>;
  dedupeKey: string;
}

/**
 * Writes many notifications in one statement with their deliveries, in the caller's transaction:
 * the worker's digests, escalations and period notices. Returns each dedupe key's notification id;
 * a key already there keeps its row (and gains nothing).
 */
export async function enqueueNotifications(manager: EntityManager, entries: readonly RenderedOutboxEntry[]): Promise<Map<string, string>> {
  if (entries.length === 0) return new Map();
  const column = <V>(of: (entry: RenderedOutboxEntry) => V) => entries.map(of);
  const written = await queryRows<{ id: string; dedupe_key: string; inserted: boolean }>(
    manager,
    sql`WITH input AS (
       SELECT * FROM unnest(${column((e) => e.unitId)}::uuid[], ${column((e) => e.userId)}::uuid[], ${column((e) => e.kind)}::text[],
                            ${column((e) => e.title)}::text[], ${column((e) => e.body)}::text[], ${column((e) => JSON.stringify(e.payload))}::jsonb[],
                            ${column((e) => e.dedupeKey)}::text[]) AS i(unit_id, user_id, kind, title, body, payload, dedupe_key)),
     ins AS (
       INSERT INTO notification (recipient_unit_id, recipient_user_id, kind, title, body, payload, dedupe_key)
       SELECT unit_id, user_id, kind, title, body, payload, dedupe_key FROM input
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, dedupe_key)
     SELECT id, dedupe_key, true AS inserted FROM ins
     UNION ALL
     SELECT n.id, n.dedupe_key, false FROM notification n JOIN input i ON i.dedupe_key = n.dedupe_key
      WHERE NOT EXISTS (SELECT 1 FROM ins WHERE ins.dedupe_key = n.dedupe_key)`,
  );
  await planDeliveries(
    manager,
    written.filter((w) => w.inserted).map((w) => w.id),
  );
  return new Map(written.map((w) => [w.dedupe_key, w.id]));
}
