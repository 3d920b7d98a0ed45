import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { queryRow, queryRows, raw, sql } from '@luoshi/infra';
import { Page, PageRequest, queryPage } from '../common/paging';

export interface UnitChannelRow {
  unit_id: string;
  channel: string;
  address: string;
  has_secret: boolean;
  enabled: boolean;
  updated_at: Date;
}

export interface DeliveryRow {
  id: string;
  notification_id: string;
  kind: string;
  title: string;
  channel: string;
  recipient: string;
  recipient_name: string | null;
  status: string;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  updated_at: Date;
}

const CHANNEL_COLUMNS = raw(`unit_id, channel, address, secret IS NOT NULL AS has_secret, enabled, updated_at`);

/** SQL of the delivery settings (units' robots, users' channels) and the delivery list. */
@Injectable()
export class DeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async unitExists(unitId: string): Promise<boolean> {
    return (await queryRow(this.dataSource, sql`SELECT 1 FROM unit WHERE id = ${unitId}`)) !== undefined;
  }

  async unitChannels(unitId: string): Promise<UnitChannelRow[]> {
    return queryRows<UnitChannelRow>(this.dataSource, sql`SELECT ${CHANNEL_COLUMNS} FROM unit_channel WHERE unit_id = ${unitId} ORDER BY channel`);
  }

  async lockUnitChannel(m: EntityManager, unitId: string, channel: string): Promise<(UnitChannelRow & { secret: string | null }) | null> {
    const row = await queryRow<UnitChannelRow & { secret: string | null }>(
      m,
      sql`SELECT ${CHANNEL_COLUMNS}, secret FROM unit_channel WHERE unit_id = ${unitId} AND channel = ${channel} FOR UPDATE`,
    );
    return row ?? null;
  }

  async upsertUnitChannel(
    m: EntityManager,
    row: { unitId: string; channel: string; address: string; secret: string | null; enabled: boolean; now: Date },
  ): Promise<UnitChannelRow> {
    const [saved] = await queryRows<UnitChannelRow>(
      m,
      sql`INSERT INTO unit_channel (unit_id, channel, address, secret, enabled, updated_at)
          VALUES (${row.unitId}, ${row.channel}, ${row.address}, ${row.secret}, ${row.enabled}, ${row.now})
       ON CONFLICT (unit_id, channel) DO UPDATE SET address = EXCLUDED.address, secret = EXCLUDED.secret, enabled = EXCLUDED.enabled, updated_at = EXCLUDED.updated_at
       RETURNING ${CHANNEL_COLUMNS}`,
    );
    return saved;
  }

  async deleteUnitChannel(m: EntityManager, unitId: string, channel: string): Promise<void> {
    await queryRows(m, sql`DELETE FROM unit_channel WHERE unit_id = ${unitId} AND channel = ${channel}`);
  }

  async preferences(userId: string): Promise<{ email: boolean; email_address: string | null }> {
    const row = await queryRow<{ email: boolean; email_address: string | null }>(
      this.dataSource,
      sql`SELECT COALESCE(p.email, false) AS email, u.email AS email_address
            FROM app_user u LEFT JOIN user_notification_preference p ON p.user_id = u.id WHERE u.id = ${userId}`,
    );
    return row as { email: boolean; email_address: string | null };
  }

  async savePreferences(m: EntityManager, userId: string, email: boolean, now: Date): Promise<void> {
    await queryRows(
      m,
      sql`INSERT INTO user_notification_preference (user_id, email, updated_at) VALUES (${userId}, ${email}, ${now})
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, updated_at = EXCLUDED.updated_at`,
    );
  }

  /** One page of deliveries in a status, newest change first, with the recipient's name. */
  page(status: string, channel: string | null, page: PageRequest): Promise<Page<DeliveryRow>> {
    return queryPage<DeliveryRow>(
      this.dataSource,
      {
        select: sql`d.id, d.notification_id, n.kind, n.title, d.channel, d.recipient,
              COALESCE(un.name, us.display_name) AS recipient_name,
              d.status, d.attempts, d.last_error, d.next_attempt_at, d.updated_at`,
        from: sql`notification_delivery d
         JOIN notification n ON n.id = d.notification_id
         LEFT JOIN unit un ON d.recipient LIKE 'unit:%' AND un.id::text = substring(d.recipient FROM 6)
         LEFT JOIN app_user us ON d.recipient LIKE 'user:%' AND us.id::text = substring(d.recipient FROM 6)`,
        where: [sql`d.status = ${status}`, channel === null ? sql`TRUE` : sql`d.channel = ${channel}`],
        orderBy: sql`d.updated_at DESC, d.id`,
      },
      page,
    );
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.dataSource.query<{ status: string; n: number }[]>(`SELECT status, count(*)::int AS n FROM notification_delivery GROUP BY status`);
    const counts: Record<string, number> = { pending: 0, delivered: 0, failed: 0 };
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  async recentRuns(limit: number): Promise<{ schedule: string; due_at: Date; finished_at: Date | null }[]> {
    return queryRows(this.dataSource, sql`SELECT schedule, due_at, finished_at FROM schedule_run ORDER BY due_at DESC LIMIT ${limit}`);
  }
}
