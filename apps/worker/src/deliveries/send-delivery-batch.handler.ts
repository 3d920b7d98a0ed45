import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, Clock } from '@luoshi/infra';
import {
  ChannelSenders,
  type DeliveryTarget,
  messageFromNotification,
  nextStep,
  retryPolicyFromConfig,
  RobotRateLimiter,
  type RetryPolicy,
} from '@luoshi/notifications';
import type { JobHandler } from '../jobs/job-handler';
import { DeliveryRepository, type ExternalDeliveryRow } from './delivery.repository';

const ROBOTS = new Set(['wecom', 'dingtalk']);

/**
 * Sends one batch. In-app: one statement for the whole batch (exactly once). External channels: one
 * send per delivery with its deterministic key (Message-ID / webhook-id), the outcome recorded right
 * after it, so a crash can repeat only the message in flight. Robots ask the shared per-robot rate
 * limit first; a refusal or a throttling reply hands the rest of the batch back to the reconciler for
 * when the robot may send again, without spending attempts.
 */
@Injectable()
export class SendDeliveryBatchHandler implements JobHandler<'deliveries.send-batch'> {
  readonly jobName = 'deliveries.send-batch' as const;
  private readonly logger = new Logger(SendDeliveryBatchHandler.name);
  private readonly policy: RetryPolicy;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly senders: ChannelSenders,
    private readonly robotRate: RobotRateLimiter,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policy = retryPolicyFromConfig(config);
  }

  async handle({ batchKey }: { batchKey: string }): Promise<{ delivered: number; failed: number; deferred: number }> {
    const channel = await this.deliveries.batchChannel(batchKey);
    if (channel === null) return { delivered: 0, failed: 0, deferred: 0 };
    if (channel === 'in_app') return { delivered: await this.deliveries.deliverInAppBatch(batchKey, this.clock.now()), failed: 0, deferred: 0 };

    const rows = await this.deliveries.externalBatch(batchKey);
    const tally = { delivered: 0, failed: 0, deferred: 0 };
    for (const [index, row] of rows.entries()) {
      const target = targetOf(row);
      if (!target) {
        await this.deliveries.record(row.id, { status: 'failed', attemptSpent: false, error: noTargetError(row) }, this.clock.now());
        tally.failed += 1;
        continue;
      }
      const robotId = ROBOTS.has(row.channel) ? `${row.channel}:${row.recipient}` : null;
      if (robotId) {
        const permit = await this.robotRate.tryAcquire(robotId);
        if (!permit.allowed) {
          await this.deliveries.release(
            batchKey,
            new Date(permit.retryAtMs),
            `robot ${permit.reason === 'paused' ? 'paused' : 'rate limit'}: waiting`,
            this.clock.now(),
          );
          tally.deferred += rows.length - index;
          break;
        }
      }
      const outcome = await this.senders.send({ target, message: messageFromNotification(row), idempotencyKey: row.delivery_key });
      const now = this.clock.now();
      const step = nextStep(outcome, row.attempts + (outcome.status === 'throttled' ? 0 : 1), this.policy, Math.random);
      if (step.action === 'done') {
        await this.deliveries.record(row.id, { status: 'delivered' }, now);
        tally.delivered += 1;
      } else if (step.action === 'retry') {
        await this.deliveries.record(
          row.id,
          { status: 'pending', attemptSpent: true, nextAttemptAt: new Date(now.getTime() + step.delayMs), error: errorOf(outcome) },
          now,
        );
        tally.deferred += 1;
      } else if (step.action === 'fail') {
        await this.deliveries.record(row.id, { status: 'failed', attemptSpent: true, error: step.error }, now);
        tally.failed += 1;
      } else {
        // throttled: pause the robot for every worker; this and the rest wait without spending attempts
        const until = await this.robotRate.pauseUntil(robotId ?? `${row.channel}:${row.recipient}`, new Date(now.getTime() + step.delayMs));
        await this.deliveries.release(batchKey, until, `throttled: ${errorOf(outcome)}`, now);
        tally.deferred += rows.length - index;
        break;
      }
    }
    this.logger.log({ batchKey, channel, ...tally }, 'delivery batch sent');
    return tally;
  }
}

function errorOf(outcome: { status: string; error?: string }): string {
  return outcome.error ?? outcome.status;
}

function noTargetError(row: ExternalDeliveryRow): string {
  return row.channel === 'email' ? 'the user has no email address' : `the unit's ${row.channel} channel was removed or disabled`;
}

/** The row's receiver as a sender target; null when it no longer exists. */
function targetOf(row: ExternalDeliveryRow): DeliveryTarget | null {
  switch (row.channel) {
    case 'email':
      return row.email ? { channel: 'email', address: row.email } : null;
    case 'wecom':
      return row.address ? { channel: 'wecom', webhookKey: row.address } : null;
    case 'dingtalk':
      return row.address && row.secret ? { channel: 'dingtalk', accessToken: row.address, secret: row.secret } : null;
    case 'webhook':
      return row.address && row.secret ? { channel: 'webhook', url: row.address, secret: row.secret } : null;
  }
}
