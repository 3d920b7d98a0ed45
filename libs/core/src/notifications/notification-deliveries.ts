import type { DataSource, EntityManager } from 'typeorm';
import { queryRows, type Sql, sql } from '@luoshi/infra';

/**
 * Fans notifications out into their deliveries, one per channel and recipient, in one statement:
 * - the in-app inbox (the notification row itself): always, once;
 * - a unit's enabled robots and webhook (office-configured), for a notification to that unit;
 * - email, to each user who chose it and has an address: the unit's active users for a unit's
 *   notification, the user for a personal one.
 * Each delivery's key is `<dedupe key>|<channel>|<recipient>`: fanning out twice adds nothing.
 * Runs in the caller's transaction, so a notification is never committed without its deliveries.
 */
export async function planDeliveries(db: EntityManager | DataSource, notificationIds: readonly string[]): Promise<void> {
  if (notificationIds.length === 0) return;
  await queryRows(db, planDeliveriesSql(notificationIds));
}

const planDeliveriesSql = (notificationIds: readonly string[]): Sql => sql`
  INSERT INTO notification_delivery (notification_id, channel, recipient, delivery_key)
  SELECT n.id, t.channel, t.recipient, n.dedupe_key || '|' || t.channel || '|' || t.recipient
    FROM notification n
    CROSS JOIN LATERAL (
      SELECT 'in_app', COALESCE('user:' || n.recipient_user_id, 'unit:' || n.recipient_unit_id, 'all')
      UNION ALL
      SELECT uc.channel, 'unit:' || uc.unit_id FROM unit_channel uc WHERE uc.unit_id = n.recipient_unit_id AND uc.enabled
      UNION ALL
      SELECT 'email', 'user:' || u.id
        FROM app_user u JOIN user_notification_preference p ON p.user_id = u.id AND p.email
       WHERE u.email IS NOT NULL AND NOT u.disabled AND (u.unit_id = n.recipient_unit_id OR u.id = n.recipient_user_id)
    ) AS t(channel, recipient)
   WHERE n.id = ANY(${notificationIds}::uuid[])
  ON CONFLICT (delivery_key) DO NOTHING`;
