import { delivered, permanent, throttled, transient, type DeliveryOutcome } from './outcome';

/** Which robot answered: their throttling and "busy" codes differ. */
export type RobotKind = 'wecom' | 'dingtalk';

/**
 * Robot error codes that mean "too fast": the robot is paused (attempt not spent) for the given time.
 * WeCom 45009 "api freq out of limit" (20 messages/minute); DingTalk 130101 "send too fast, exceed 20
 * times per minute" and 410100 (限流), after which DingTalk mutes the robot for 10 minutes.
 */
export const ROBOT_THROTTLE_PAUSE_MS: Record<RobotKind, Record<number, number>> = {
  wecom: { 45009: 60_000 },
  dingtalk: { 130101: 10 * 60_000, 410100: 10 * 60_000 },
};
/** Codes that mean the robot's side is busy (retry with backoff), not that our message is wrong. */
const ROBOT_BUSY_CODES: Record<RobotKind, ReadonlySet<number>> = {
  wecom: new Set([-1]), // 系统繁忙
  dingtalk: new Set([-1]),
};
/** HTTP statuses worth retrying; every other non-2xx is the receiver refusing this request for good. */
const TRANSIENT_HTTP = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
 * Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

/** A generic receiver's HTTP answer: 2xx delivered; 408/425/429/5xx transient (Retry-After kept); other statuses permanent. */
export function classifyHttpStatus(status: number, retryAfterMs: number | undefined): DeliveryOutcome {
  if (status >= 200 && status < 300) return delivered(`HTTP ${status}`);
  if (TRANSIENT_HTTP.has(status) || status >= 500) return transient(`HTTP ${status}`, retryAfterMs);
  return permanent(`HTTP ${status}`);
}

/**
 * A robot's answer: robots report errors in a 200 body (`{"errcode":…,"errmsg":…}`). Throttling
 * codes and HTTP 429 → throttled; busy codes and HTTP 5xx → transient; any other errcode (bad key,
 * robot removed, keyword or IP check failed, bad signature) → permanent.
 */
export function classifyRobotResponse(robot: RobotKind, status: number, body: string, retryAfterMs: number | undefined): DeliveryOutcome {
  const defaultPause = Math.max(...Object.values(ROBOT_THROTTLE_PAUSE_MS[robot]));
  if (status === 429) return throttled('HTTP 429', retryAfterMs ?? defaultPause);
  if (status < 200 || status >= 300) return classifyHttpStatus(status, retryAfterMs);
  let reply: { errcode?: unknown; errmsg?: unknown };
  try {
    reply = JSON.parse(body) as typeof reply;
  } catch {
    return permanent(`HTTP ${status} without a robot reply: ${body.slice(0, 200)}`);
  }
  const code = typeof reply.errcode === 'number' ? reply.errcode : Number(reply.errcode);
  if (code === 0) return delivered();
  const error = `errcode ${String(reply.errcode)}: ${typeof reply.errmsg === 'string' ? reply.errmsg : JSON.stringify(reply.errmsg ?? '')}`.slice(0, 500);
  if (!Number.isFinite(code)) return permanent(`HTTP ${status} without a robot reply: ${body.slice(0, 200)}`);
  const pause = ROBOT_THROTTLE_PAUSE_MS[robot][code];
  if (pause !== undefined) return throttled(error, Math.max(pause, retryAfterMs ?? 0));
  if (ROBOT_BUSY_CODES[robot].has(code)) return transient(error, retryAfterMs);
  return permanent(error);
}

/** A request that got no answer (refused, reset, DNS, timeout) is worth another try. */
export function classifyNetworkError(error: unknown): DeliveryOutcome {
  const err = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return transient('timeout: no answer in time');
  // fetch wraps the socket's error as its cause; node:http gives the socket's error itself
  const cause = err?.cause?.code ?? err?.code ?? err?.cause?.message;
  return transient(`network: ${cause ?? err?.message ?? String(error)}`);
}

/**
 * A nodemailer failure: an SMTP reply code decides (4xx try again later, 5xx refused for good); no
 * reply code means the conversation broke (connection, greeting, socket timeout) → transient.
 */
export function classifySmtpError(error: unknown): DeliveryOutcome {
  const err = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const reply = err?.response ?? err?.message ?? String(error);
  if (typeof err?.responseCode === 'number') {
    const text = `SMTP ${err.responseCode}: ${reply}`.slice(0, 500);
    if (err.responseCode >= 400 && err.responseCode < 500) return transient(text);
    if (err.responseCode >= 500) return permanent(text);
  }
  // an address nodemailer refuses before talking to the server will never become valid
  if (err?.code === 'EENVELOPE' || err?.code === 'EMESSAGE') return permanent(`${err.code}: ${reply}`.slice(0, 500));
  return transient(`${err?.code ?? 'SMTP'}: ${reply}`.slice(0, 500));
}
