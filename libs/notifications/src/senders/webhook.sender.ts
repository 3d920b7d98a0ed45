import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { classifyHttpStatus } from '../delivery/classify';
import { permanent, type DeliveryOutcome } from '../delivery/outcome';
import type { NowSource } from '../message';
import type { OutboundUrlPolicy } from '../outbound/outbound-url';
import { isAnswer, postJson } from './http-post';
import type { ChannelSender, SendRequest, TargetOf } from './sender';

export interface WebhookSenderOptions {
  clock: NowSource;
  /** the whole exchange, ms */
  timeoutMs: number;
  /** where a webhook may point (SSRF guard), checked before every send */
  outbound: OutboundUrlPolicy;
}

/** A new secret for a webhook target, in the Standard Webhooks form (`whsec_` + base64 of 32 random bytes). */
export function createWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The generic signed JSON webhook (Standard Webhooks, standardwebhooks.com): `webhook-id` is the
 * delivery's idempotency key (the same on every attempt, so receivers can drop a duplicate),
 * `webhook-timestamp` the send time in seconds and `webhook-signature` `v1,<base64 HMAC-SHA256>` over
 * `id.timestamp.body`, both computed afresh on every attempt. Body: `{type, timestamp, data}`.
 */
export class WebhookSender implements ChannelSender<'webhook'> {
  readonly channel = 'webhook' as const;

  constructor(private readonly options: WebhookSenderOptions) {}

  async send({ target, message, idempotencyKey }: SendRequest<TargetOf<'webhook'>>): Promise<DeliveryOutcome> {
    let signer: Webhook;
    try {
      signer = new Webhook(target.secret);
    } catch {
      return permanent('webhook secret is not a Standard Webhooks secret (whsec_<base64>)');
    }
    // the address was checked when saved; checked again because what its name resolves to may have changed
    const refused = await this.options.outbound.check(target.url);
    if (refused) return permanent(`webhook URL refused: ${refused.reason}`);
    const now = this.options.clock.now();
    const body = JSON.stringify({
      type: message.kind,
      timestamp: now.toISOString(),
      data: { title: message.title, text: message.text, markdown: message.markdown, ...(message.data ? { details: message.data } : {}) },
    });
    const headers = {
      'webhook-id': idempotencyKey,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signer.sign(idempotencyKey, now, body),
    };
    // connects only to addresses the guard has checked (no second, unchecked DNS answer)
    const answer = await postJson(target.url, headers, body, this.options.timeoutMs, this.options.clock, this.options.outbound.lookup);
    return isAnswer(answer) ? classifyHttpStatus(answer.status, answer.retryAfterMs) : answer;
  }
}
