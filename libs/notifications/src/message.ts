import type { Clock } from '@luoshi/infra';

/**
 * A message rendered once for every channel: robots take `markdown`, email `text` + `html`, the
 * in-app inbox and text-only targets `text`. Produced by the templates (templates/), never by hand.
 */
export interface RenderedMessage {
  /** what the message is about (`reminder.digest`, `task.assigned`…): the webhook event type */
  kind: string;
  /** one line: the email subject, the robot markdown title, the inbox title */
  title: string;
  /** plain text body (without the title) */
  text: string;
  /** robot markdown, title included as a heading, within ROBOT_MARKDOWN_MAX_BYTES */
  markdown: string;
  /** HTML fragment for email (escaped; no external resources) */
  html: string;
  /** structured data for machine receivers (the generic webhook): ids to link to, counts */
  data?: Record<string, unknown>;
}

/** Where senders and the limiter take "now" from: the injected `Clock` of `@luoshi/infra` (a ManualClock in tests). */
export type NowSource = Pick<Clock, 'now'>;
