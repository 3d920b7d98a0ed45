import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { classifySmtpError } from '../delivery/classify';
import { delivered, type DeliveryOutcome } from '../delivery/outcome';
import type { ChannelSender, SendRequest, TargetOf } from './sender';

export interface EmailSenderOptions {
  /** smtp:// or smtps:// URL with credentials; nodemailer URL options (`?pool=true`) apply */
  smtpUrl: string;
  /** the From header, e.g. `落实系统 <noreply@example.gov.cn>` */
  from: string;
  /** right-hand side of Message-IDs; defaults to the From address's domain */
  messageIdDomain?: string;
  /** connection, greeting and socket timeouts, ms */
  timeoutMs: number;
}

/** Characters a Message-ID's left part may hold (RFC 5322 dot-atom-text). */
const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * The delivery's idempotency key as a Message-ID: `<key@domain>`; a key with characters a Message-ID
 * cannot hold is replaced by its SHA-256 (still deterministic, so a resend carries the same id).
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const left = DOT_ATOM.test(idempotencyKey) ? idempotencyKey : createHash('sha256').update(idempotencyKey).digest('hex');
  return `<${left}@${domain}>`;
}

/** Email over SMTP (nodemailer): subject = title, text and HTML bodies, the key as Message-ID. */
export class EmailSender implements ChannelSender<'email'> {
  readonly channel = 'email' as const;
  private readonly transporter: Transporter;
  private readonly messageIdDomain: string;

  constructor(private readonly options: EmailSenderOptions) {
    this.transporter = nodemailer.createTransport(options.smtpUrl, {
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
    this.messageIdDomain = options.messageIdDomain ?? /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'luoshi.invalid';
  }

  async send({ target, message, idempotencyKey }: SendRequest<TargetOf<'email'>>): Promise<DeliveryOutcome> {
    try {
      const info = (await this.transporter.sendMail({
        from: this.options.from,
        to: target.address,
        subject: message.title,
        text: message.text,
        html: message.html,
        messageId: messageIdFor(idempotencyKey, this.messageIdDomain),
      })) as { response?: string };
      return delivered(String(info.response ?? '').slice(0, 200));
    } catch (error) {
      return classifySmtpError(error);
    }
  }

  /** Closes pooled connections (a worker shutting down). */
  close(): void {
    this.transporter.close();
  }
}
