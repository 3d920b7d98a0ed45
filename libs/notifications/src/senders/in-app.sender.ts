import { delivered, transient, type DeliveryOutcome } from '../delivery/outcome';
import type { RenderedMessage } from '../message';
import type { ChannelSender, SendRequest, TargetOf } from './sender';

/**
 * The inbox store the worker provides (a row per idempotency key, `ON CONFLICT DO NOTHING`), so
 * in-app delivery is exactly once however often it runs.
 */
export interface InAppInbox {
  store(recipient: { userId: string | null; unitId: string | null }, message: RenderedMessage, idempotencyKey: string): Promise<void>;
}

/** The in-app inbox as a sender, so deliveries treat every channel alike. A failing store is retried. */
export class InAppSender implements ChannelSender<'in_app'> {
  readonly channel = 'in_app' as const;

  constructor(private readonly inbox: InAppInbox) {}

  async send({ target, message, idempotencyKey }: SendRequest<TargetOf<'in_app'>>): Promise<DeliveryOutcome> {
    try {
      await this.inbox.store({ userId: target.userId, unitId: target.unitId }, message, idempotencyKey);
      return delivered();
    } catch (error) {
      return transient(`inbox: ${(error as Error).message ?? String(error)}`);
    }
  }
}
