import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows, sql } from '@luoshi/infra';

/** Channels whose deliveries are sent one receiver at a time: a batch holds one robot's or webhook's. */
const PER_RECEIVER_CHANNELS = ['wecom', 'dingtalk', 'webhook'];

export interface DispatchedBatch {
  batch_key: string;
  channel: string;
  deliveries: number;
}

/** A leased external delivery with what its message and target are made of. */
export interface ExternalDeliveryRow {
  id: string;
  channel: 'email' | 'wecom' | 'dingtalk' | 'webhook';
  recipient: string;
  delivery_key: string;
  attempts: number;
  kind: string;
  title: string;
  body: string;
  payload: Record<string, unknown> | null;
  /** the user's address (email) */
  email: string | null;
  /** the unit's robot or webhook (address, secret), NULL when it was removed or disabled since */
  address: string | null;
  secret: string | null;
}

/** The outcome of one attempt, as stored. */
export type DeliveryUpdate =
  | { status: 'delivered' }
  | { status: 'pending'; attemptSpent: boolean; nextAttemptAt: Date; error: string }
  | { status: 'failed'; attemptSpent: boolean; error: string };

/** The SQL of per-channel delivery state: leasing batches, sending in-app ones in sets, recording outcomes. */
@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Leases up to `limit` due pending deliveries (not leased, or their lease lapsed: the job was lost
   * with a flushed Redis) into batches of at most `batchSize`: per channel, and per receiver for robots
   * and webhooks. Failed rows are not pending, so they never stand in the way. SKIP LOCKED: two
   * reconcilers at once take disjoint rows.
   */
  async leaseDueBatches(now: Date, leaseUntil: Date, limit: number, batchSize: number, dispatchId: string): Promise<DispatchedBatch[]> {
    return queryRows(
      this.dataSource,
      sql`WITH due AS (
         SELECT id, channel, CASE WHEN channel = ANY(${PER_RECEIVER_CHANNELS}::text[]) THEN recipient ELSE '' END AS lane
           FROM notification_delivery
          WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ${now}) AND (leased_until IS NULL OR leased_until <= ${now})
          ORDER BY next_attempt_at NULLS FIRST, id
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED),
       chunked AS (
         SELECT id, ${dispatchId} || '/' || channel || '/' || md5(lane) || '/' || ((row_number() OVER (PARTITION BY channel, lane ORDER BY id) - 1) / ${batchSize}) AS batch_key, channel
           FROM due),
       leased AS (
         UPDATE notification_delivery d SET batch_key = c.batch_key, leased_until = ${leaseUntil}
           FROM chunked c WHERE d.id = c.id
         RETURNING c.batch_key, c.channel)
       SELECT batch_key, channel, count(*)::int AS deliveries FROM leased GROUP BY batch_key, channel`,
    );
  }

  /** The channel of a batch still holding pending deliveries (null: nothing left to send). */
  async batchChannel(batchKey: string): Promise<string | null> {
    const [row]: { channel: string }[] = await queryRows(
      this.dataSource,
      sql`SELECT channel FROM notification_delivery WHERE batch_key = ${batchKey} AND status = 'pending' LIMIT 1`,
    );
    return row?.channel ?? null;
  }

  /**
   * In-app deliveries are the inbox rows themselves: the whole batch is delivered in one statement,
   * and a delivered row is never touched again (exactly once, whatever reruns).
   */
  async deliverInAppBatch(batchKey: string, now: Date): Promise<number> {
    const [{ delivered }]: { delivered: number }[] = await queryRows(
      this.dataSource,
      sql`WITH d AS (
         UPDATE notification_delivery SET status = 'delivered', attempts = attempts + 1, delivered_at = ${now}, leased_until = NULL, updated_at = ${now}
          WHERE batch_key = ${batchKey} AND status = 'pending' AND channel = 'in_app'
         RETURNING notification_id),
       n AS (
         UPDATE notification SET status = 'delivered', delivered_at = ${now}
          WHERE id IN (SELECT notification_id FROM d) AND status = 'pending'
         RETURNING 1)
       SELECT count(*)::int AS delivered FROM d`,
    );
    return delivered;
  }

  async externalBatch(batchKey: string): Promise<ExternalDeliveryRow[]> {
    return queryRows(
      this.dataSource,
      sql`SELECT d.id, d.channel, d.recipient, d.delivery_key, d.attempts, n.kind, n.title, n.body, n.payload,
              u.email, uc.address, uc.secret
         FROM notification_delivery d
         JOIN notification n ON n.id = d.notification_id
         LEFT JOIN app_user u ON d.channel = 'email' AND u.id = substring(d.recipient FROM 6)::uuid
         LEFT JOIN unit_channel uc ON d.channel IN ('wecom', 'dingtalk', 'webhook') AND uc.unit_id = substring(d.recipient FROM 6)::uuid
                                  AND uc.channel = d.channel AND uc.enabled
        WHERE d.batch_key = ${batchKey} AND d.status = 'pending'
        ORDER BY d.next_attempt_at NULLS FIRST, d.id`,
    );
  }

  /** Records one attempt's outcome; a pending row goes back to the reconciler (lease released) for its next attempt. */
  async record(id: string, update: DeliveryUpdate, now: Date): Promise<void> {
    if (update.status === 'delivered') {
      await queryRows(
        this.dataSource,
        sql`UPDATE notification_delivery SET status = 'delivered', attempts = attempts + 1, delivered_at = ${now}, last_error = NULL, leased_until = NULL, batch_key = NULL, updated_at = ${now}
          WHERE id = ${id} AND status = 'pending'`,
      );
      return;
    }
    await queryRows(
      this.dataSource,
      sql`UPDATE notification_delivery
          SET status = ${update.status}, attempts = attempts + ${update.attemptSpent ? 1 : 0}::int, last_error = ${update.error.slice(0, 2000)}, next_attempt_at = ${update.status === 'pending' ? update.nextAttemptAt : null}, leased_until = NULL, batch_key = NULL, updated_at = ${now}
        WHERE id = ${id} AND status = 'pending'`,
    );
  }

  /** Gives a batch's remaining deliveries back to the reconciler, not before `notBefore` (a paused robot). */
  async release(batchKey: string, notBefore: Date, reason: string, now: Date): Promise<void> {
    await queryRows(
      this.dataSource,
      sql`UPDATE notification_delivery SET batch_key = NULL, leased_until = NULL, next_attempt_at = GREATEST(COALESCE(next_attempt_at, ${notBefore}), ${notBefore}), last_error = ${reason}, updated_at = ${now}
        WHERE batch_key = ${batchKey} AND status = 'pending'`,
    );
  }
}
