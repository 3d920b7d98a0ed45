/** Anything that runs SQL: a DataSource, an EntityManager in a transaction. */
export interface SqlRunner {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * Fans notifications out into their deliveries, one per channel and recipient, in one statement:
 * - the in-app inbox (the notification row itself): always, once;
 * - a unit's enabled robots and webhook (office-configured), for a notification to that unit;
 * - email, to each user who chose it and has an address: the unit's active users for a unit's
 *   notification, the user for a personal one.
 * Each delivery's key is `<dedupe key>|<channel>|<recipient>`: fanning out twice adds nothing.
 * Runs in the caller's transaction, so a notification is never committed without its deliveries.
 */
export async function planDeliveries(sql: SqlRunner, notificationIds: readonly string[]): Promise<number> {
  if (notificationIds.length === 0) return 0;
  const [, planned]: [unknown, number] = await sql.query(PLAN_DELIVERIES_SQL, [notificationIds]);
  return planned;
}

const PLAN_DELIVERIES_SQL = `
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
   WHERE n.id = ANY($1::uuid[])
  ON CONFLICT (delivery_key) DO NOTHING`;
