import type { DeliveryOutcome } from '../delivery/outcome';
import type { RenderedMessage } from '../message';

export type ChannelName = 'in_app' | 'email' | 'wecom' | 'dingtalk' | 'webhook';

/**
 * Where one delivery goes. Robot and webhook targets carry their secrets: read them from the unit's
 * channel configuration at send time, never log a target.
 */
export type DeliveryTarget =
  | { channel: 'in_app'; userId: string | null; unitId: string | null }
  | { channel: 'email'; address: string }
  /** 企业微信群机器人: the `key` of its webhook URL; markdown by default (text reaches WeChat users too) */
  | { channel: 'wecom'; webhookKey: string; format?: 'markdown' | 'text' }
  /** 钉钉自定义机器人 in signed mode (加签): the webhook's access_token and the SEC… secret */
  | { channel: 'dingtalk'; accessToken: string; secret: string }
  /** any other system (an SMS gateway…): Standard Webhooks signed JSON; secret `whsec_<base64>` */
  | { channel: 'webhook'; url: string; secret: string };

export type TargetOf<C extends ChannelName> = Extract<DeliveryTarget, { channel: C }>;

export interface SendRequest<T extends DeliveryTarget = DeliveryTarget> {
  target: T;
  message: RenderedMessage;
  /**
   * Deterministic per delivery (the same on every attempt): the email Message-ID, the webhook-id.
   * A receiver that keeps it can drop the duplicate a crash mid-send may cause.
   */
  idempotencyKey: string;
}

/** One channel's way out. `send` never throws for a failed delivery: it returns the classified outcome. */
export interface ChannelSender<C extends ChannelName = ChannelName> {
  readonly channel: C;
  send(request: SendRequest<TargetOf<C>>): Promise<DeliveryOutcome>;
}
