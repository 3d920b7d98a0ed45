import type { NotificationChannel, OutgoingNotification } from '@luoshi/notifications';

export const IN_APP_CHANNEL = Symbol('IN_APP_CHANNEL');

/**
 * The in-app inbox is the outbox row itself (users read it through the API), so delivering
 * means nothing more than marking it delivered. Email and robot channels come with the worker issue.
 */
export class InAppChannel implements NotificationChannel {
  readonly name = 'in_app';

  async deliver(_notification: OutgoingNotification): Promise<void> {
    return;
  }
}
