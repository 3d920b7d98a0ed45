import { permanent, type DeliveryOutcome } from '../delivery/outcome';
import type { NowSource } from '../message';
import { EmailSender } from './email.sender';
import { InAppSender, type InAppInbox } from './in-app.sender';
import { DingtalkSender, WecomSender } from './robot.senders';
import type { ChannelName, ChannelSender, DeliveryTarget, SendRequest } from './sender';
import { WebhookSender } from './webhook.sender';
import { OutboundUrlPolicy } from '../outbound/outbound-url';

/** The configuration the senders read: a slice of `AppConfig` (@luoshi/infra), passed as is. */
export interface ChannelSendersConfig {
  SMTP_URL?: string;
  SMTP_FROM: string;
  WECOM_BASE_URL: string;
  DINGTALK_BASE_URL: string;
  CHANNEL_TIMEOUT_MS: number;
  /** hosts a webhook may reach although private or loopback (comma-separated) */
  OUTBOUND_ALLOW_HOSTS?: string;
}

type SenderMap = { [C in ChannelName]?: ChannelSender<C> };

/**
 * Every configured channel behind one `send`: the delivery job hands over a target of any channel.
 * A channel that is not configured (no SMTP_URL, no inbox) answers permanent: retrying cannot help.
 */
export class ChannelSenders {
  constructor(private readonly senders: SenderMap) {}

  has(channel: ChannelName): boolean {
    return this.senders[channel] !== undefined;
  }

  send(request: SendRequest<DeliveryTarget>): Promise<DeliveryOutcome> {
    const sender = this.senders[request.target.channel] as ChannelSender | undefined;
    if (!sender) return Promise.resolve(permanent(`channel ${request.target.channel} is not configured`));
    return sender.send(request);
  }

  /** Releases pooled SMTP connections. */
  close(): void {
    (this.senders.email as EmailSender | undefined)?.close?.();
  }
}

export function createChannelSenders(config: ChannelSendersConfig, deps: { clock: NowSource; inbox?: InAppInbox }): ChannelSenders {
  const { clock } = deps;
  const timeoutMs = config.CHANNEL_TIMEOUT_MS;
  return new ChannelSenders({
    ...(deps.inbox ? { in_app: new InAppSender(deps.inbox) } : {}),
    ...(config.SMTP_URL ? { email: new EmailSender({ smtpUrl: config.SMTP_URL, from: config.SMTP_FROM, timeoutMs }) } : {}),
    wecom: new WecomSender({ clock, baseUrl: config.WECOM_BASE_URL, timeoutMs }),
    dingtalk: new DingtalkSender({ clock, baseUrl: config.DINGTALK_BASE_URL, timeoutMs }),
    webhook: new WebhookSender({ clock, timeoutMs, outbound: new OutboundUrlPolicy(config.OUTBOUND_ALLOW_HOSTS ?? '') }),
  });
}
