/** A message ready to leave the system: already rendered, addressed to one unit or user. */
export interface OutgoingNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  recipientUnitId: string | null;
  recipientUserId: string | null;
}

/** A way to reach people (in-app inbox, email, WeCom / DingTalk robots). */
export interface NotificationChannel {
  readonly name: string;
  /** Must be safe to call twice for the same notification (jobs are retried). Throw to retry. */
  deliver(notification: OutgoingNotification): Promise<void>;
}
