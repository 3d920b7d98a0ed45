import { permanent, throttled, transient, delivered } from './outcome';
import { backoffDelayMs, MAX_RETRY_AFTER_MS, nextStep, retryPolicyFromConfig, type RetryPolicy } from './retry-policy';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 10_000 };
const low = () => 0;
const high = () => 0.999999;

describe('retry policy', () => {
  it('backs off exponentially with jitter between half and all of the step, capped', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, low))).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, high))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(3_000);
  });

  it('spreads deliveries that failed together: different random draws, different delays', () => {
    let seed = 42;
    const lcg = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelayMs(4, policy, lcg)));
    expect(delays.size).toBeGreaterThan(15);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(4_000);
  });

  it('retries transient failures until the attempts are spent, then fails with the last error', () => {
    expect(nextStep(transient('HTTP 500'), 1, policy, low)).toEqual({ action: 'retry', delayMs: 500 });
    expect(nextStep(transient('HTTP 500'), 4, policy, low)).toEqual({ action: 'retry', delayMs: 4_000 });
    expect(nextStep(transient('HTTP 500'), 5, policy, low)).toEqual({ action: 'fail', error: 'gave up after 5 attempts: HTTP 500' });
  });

  it('takes Retry-After as a floor under the backoff, within reason', () => {
    expect(nextStep(transient('HTTP 429', 120_000), 1, policy, low)).toEqual({ action: 'retry', delayMs: 120_000 });
    expect(nextStep(transient('HTTP 503', 100), 3, policy, low)).toEqual({ action: 'retry', delayMs: 2_000 });
    expect(nextStep(transient('HTTP 503', 90 * 24 * 3600_000), 1, policy, low)).toEqual({ action: 'retry', delayMs: MAX_RETRY_AFTER_MS });
  });

  it('stops at once on a permanent failure, even on the first attempt', () => {
    expect(nextStep(permanent('HTTP 410'), 1, policy, low)).toEqual({ action: 'fail', error: 'HTTP 410' });
  });

  it('pauses the robot on throttling whatever the attempts (the attempt is not spent)', () => {
    expect(nextStep(throttled('errcode 130101', 600_000), 5, policy, low)).toEqual({ action: 'pause-robot', delayMs: 600_000 });
  });

  it('defers a send the rate limiter held back, without spending an attempt', () => {
    expect(nextStep({ status: 'deferred', delayMs: 12_000, reason: 'rate' }, 5, policy, low)).toEqual({ action: 'defer', delayMs: 12_000 });
  });

  it('is done when delivered; reads its settings from the config', () => {
    expect(nextStep(delivered(), 5, policy, low)).toEqual({ action: 'done' });
    expect(retryPolicyFromConfig({ DELIVERY_MAX_ATTEMPTS: 8, DELIVERY_RETRY_BASE_MS: 30_000, DELIVERY_RETRY_MAX_MS: 3_600_000 })).toEqual({
      maxAttempts: 8,
      baseDelayMs: 30_000,
      maxDelayMs: 3_600_000,
    });
  });
});
