/**
 * npm run bench:channels
 * What the channel half of the delivery path costs on this machine, so the delivery job can size
 * its batches: Standard Webhooks sends to a local receiver (signing + HTTP keep-alive), email over
 * loopback SMTP (pooled), the shared robot limiter's round trip to Redis, and digest rendering.
 * Receivers and Redis share the cores with the sender: figures are lower bounds. No targets of their
 * own (bench:reminders, on the worker, carries the 5,000 reminders/s); printed with the load.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRedis, ManualClock } from '@luoshi/infra';
import {
  OutboundUrlPolicy,
  createWebhookSecret,
  EmailSender,
  renderDigest,
  RobotRateLimiter,
  WebhookSender,
  type DeliveryOutcome,
  type RoutineReminder,
} from '@luoshi/notifications';
import { HttpReceiver } from '../test/support/http-receiver';
import { SmtpReceiver } from '../test/support/smtp-receiver';
import { machineLine } from './bench-db';

const clock = new ManualClock('2022-11-30T01:00:00Z');

/** Runs `total` calls with `concurrency` in flight; returns calls/s and latency percentiles. */
async function drive(total: number, concurrency: number, call: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { perSecond: total / seconds, p50: pct(0.5), p99: pct(0.99) };
}

function row(name: string, r: { perSecond: number; p50: number; p99: number }, unit: string) {
  console.log(`| ${name} | ${Math.round(r.perSecond).toLocaleString('en')} ${unit}/s | ${r.p50.toFixed(2)} ms | ${r.p99.toFixed(2)} ms |`);
}

function expectAll(outcomes: DeliveryOutcome[], what: string) {
  const failed = outcomes.filter((o) => o.status !== 'delivered');
  if (failed.length) throw new Error(`${what}: ${failed.length} not delivered, e.g. ${JSON.stringify(failed[0])}`);
}

async function main() {
  console.log(
    `bench:channels — ${new Date().toISOString()} — ${machineLine()} — load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('| figure | throughput | p50 | p99 |\n|---|---|---|---|');

  const http = await HttpReceiver.start();
  const webhook = new WebhookSender({ clock, timeoutMs: 5_000, outbound: new OutboundUrlPolicy('127.0.0.1') });
  const secret = createWebhookSecret();
  const items: RoutineReminder[] = Array.from({ length: 40 }, (_, i) => ({
    kind: 'reminder.due-soon',
    task: { taskId: `t${i}`, title: `任务${i}` },
    dueDate: '2022-12-05',
    workingDaysLeft: 3,
  }));
  const message = renderDigest({ date: '2022-11-30', items });
  const send = (i: number) => webhook.send({ target: { channel: 'webhook', url: http.url, secret }, message, idempotencyKey: `bench-${i}` });
  await drive(300, 16, send); // warm-up
  http.reset();
  const outcomes: DeliveryOutcome[] = [];
  row('webhook sends (40-item digest, signed), 16 in flight', await drive(3_000, 16, async (i) => outcomes.push(await send(i))), 'sends');
  expectAll(outcomes, 'webhook');
  if (http.requests.length !== 3_000) throw new Error(`receiver saw ${http.requests.length} requests, expected 3000`);
  await http.close();

  const smtp = await SmtpReceiver.start();
  const email = new EmailSender({ smtpUrl: `${smtp.url}?pool=true&maxConnections=4`, from: 'noreply@luoshi.test', timeoutMs: 5_000 });
  const mails: DeliveryOutcome[] = [];
  row(
    'email (40-item digest, pooled SMTP on loopback), 4 in flight',
    await drive(300, 4, async (i) =>
      mails.push(await email.send({ target: { channel: 'email', address: 'a@district.test' }, message, idempotencyKey: `m-${i}` })),
    ),
    'mails',
  );
  expectAll(mails, 'email');
  email.close();
  await smtp.close();

  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const prefix = `luoshi-bench-limiter-${process.pid}`;
  const limiter = new RobotRateLimiter(redis, { prefix, limit: 20, clock });
  row('robot limiter tryAcquire (500 robots), 16 in flight', await drive(20_000, 16, (i) => limiter.tryAcquire(`wecom:r${i % 500}`)), 'asks');
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();

  const rendered = await drive(2_000, 1, () => Promise.resolve(renderDigest({ date: '2022-11-30', items })));
  row('digest rendering (40 reminders → text, markdown, HTML)', rendered, 'digests');
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
