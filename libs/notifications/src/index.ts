/**
 * @luoshi/notifications — how Luoshi speaks: channel senders, outcome classification, retry policy,
 * the per-robot rate limiter and the Chinese templates. Imported by the worker (and the API for
 * templates); never imports apps/*.
 *
 * Public API (stable):
 * - `RenderedMessage` (title, text, markdown, html, data): what every sender sends; made by templates.
 * - `ChannelSender<C>.send({ target, message, idempotencyKey }) → DeliveryOutcome`, one per channel:
 *   `InAppSender` (over an `InAppInbox` the worker implements), `EmailSender` (SMTP, key = Message-ID),
 *   `WecomSender`, `DingtalkSender` (signed per attempt), `WebhookSender` (Standard Webhooks, key =
 *   webhook-id). `DeliveryTarget` is the union of targets by `channel`; `ChannelSenders` routes a
 *   target to its sender. Senders never throw for a failed delivery.
 * - `DeliveryOutcome`: delivered | transient (retry) | permanent (stop) | throttled (pause the robot,
 *   attempt not spent); classifiers for HTTP, robot replies, SMTP and network errors.
 * - `nextStep(outcome, attemptsMade, policy, random)`: the retry decision (exponential backoff with
 *   jitter, Retry-After as a floor, throttling → pause the robot without spending the attempt).
 * - `RobotRateLimiter` (Redis, shared by all workers): `tryAcquire(robotId)` → allowed, or when;
 *   `pauseUntil(robotId, T)`; `robotIdOf(target)` names a robot without exposing its key.
 * - `RateLimitedSender.attempt(request)`: one attempt as the delivery job makes it (limiter first,
 *   `deferred` when the robot has no room, a throttling reply pauses the robot); feed the result to
 *   `nextStep`. Attempts count only for delivered/transient/permanent results.
 * - Templates (templates/, all Chinese text in one place): `renderNotification` (outbox kinds, title +
 *   body, unchanged), `renderReminder` / `renderDigest` (routine reminders 【到期提醒】【逾期提醒】
 *   【签收提醒】【报送提醒】【督办回复提醒】; several for one recipient → one digest), `renderMessage`
 *   (immediate: 【逾期督办】【月调度】【月调度汇总】【台账已生成】), `messageFromNotification` (a stored
 *   outbox row for external channels), `formatMessage` (content → text, robot markdown, HTML).
 * - `NotificationChannel` / `OutgoingNotification`: the original in-app contract, still used by the worker.
 *
 * Code that only renders (the API's outbox writer) imports `@luoshi/notifications/templates`, so it
 * does not load nodemailer and the senders.
 */
export * from './channel';
export * from './message';
export * from './delivery/outcome';
export * from './delivery/classify';
export * from './delivery/retry-policy';
export * from './delivery/rate-limited-sender';
export * from './rate-limit/robot-rate-limiter';
export * from './senders/sender';
export * from './senders/in-app.sender';
export * from './senders/webhook.sender';
export * from './senders/robot.senders';
export * from './senders/email.sender';
export * from './senders/channel-senders';
export * from './templates';
export * from './outbound';
