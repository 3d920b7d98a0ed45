import type { AttemptResult } from './rate-limited-sender';

export interface RetryPolicy {
  /** attempts a delivery gets in all (throttling pauses do not count) */
  maxAttempts: number;
  /** delay after the first failed attempt, ms */
  baseDelayMs: number;
  /** the largest backoff delay, ms */
  maxDelayMs: number;
}

/** `Math.random`-shaped: a number in [0, 1). Injected so tests choose the jitter. */
export type RandomSource = () => number;

/** A receiver's Retry-After beyond this is not believed (a misconfigured proxy must not park a delivery for weeks). */
export const MAX_RETRY_AFTER_MS = 24 * 3600_000;

export function retryPolicyFromConfig(config: { DELIVERY_MAX_ATTEMPTS: number; DELIVERY_RETRY_BASE_MS: number; DELIVERY_RETRY_MAX_MS: number }): RetryPolicy {
  return { maxAttempts: config.DELIVERY_MAX_ATTEMPTS, baseDelayMs: config.DELIVERY_RETRY_BASE_MS, maxDelayMs: config.DELIVERY_RETRY_MAX_MS };
}

/**
 * Delay before the next attempt after `failedAttempts` failures: exponential (base·2^(n-1), capped)
 * with "equal jitter" — half fixed, half random — so retries of many deliveries that failed together
 * spread out, yet never come back at once.
 */
export function backoffDelayMs(failedAttempts: number, policy: RetryPolicy, random: RandomSource): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** What the delivery does after an attempt. */
export type NextStep =
  | { action: 'done' }
  /** try again after `delayMs`; the attempt counts */
  | { action: 'retry'; delayMs: number }
  /** the robot throttled us: pause it for `delayMs` and try again then; the attempt does not count */
  | { action: 'pause-robot'; delayMs: number }
  /** not attempted (the robot had no room): try again after `delayMs`; the attempt does not count */
  | { action: 'defer'; delayMs: number }
  | { action: 'fail'; error: string };

/**
 * The retry decision as one pure function. `attemptsMade` counts the counted attempts including this
 * one (a throttled or deferred attempt is given back, so the caller does not count it). A receiver's Retry-After
 * is a floor under the backoff.
 */
export function nextStep(outcome: AttemptResult, attemptsMade: number, policy: RetryPolicy, random: RandomSource): NextStep {
  switch (outcome.status) {
    case 'delivered':
      return { action: 'done' };
    case 'permanent':
      return { action: 'fail', error: outcome.error };
    case 'deferred':
      return { action: 'defer', delayMs: outcome.delayMs };
    case 'throttled':
      return { action: 'pause-robot', delayMs: Math.min(outcome.retryAfterMs, MAX_RETRY_AFTER_MS) };
    case 'transient': {
      if (attemptsMade >= policy.maxAttempts) return { action: 'fail', error: `gave up after ${attemptsMade} attempts: ${outcome.error}` };
      const floor = Math.min(outcome.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
      return { action: 'retry', delayMs: Math.max(backoffDelayMs(attemptsMade, policy, random), floor) };
    }
  }
}
