import type { RobotRateLimiter } from '../rate-limit/robot-rate-limiter';
import type { NowSource } from '../message';
import type { ChannelSenders } from '../senders/channel-senders';
import { robotIdOf } from '../senders/robot.senders';
import type { DeliveryTarget, SendRequest } from '../senders/sender';
import type { DeliveryOutcome } from './outcome';

/** An attempt that did not happen: the robot is at its rate limit or paused; try again after `delayMs` (no attempt spent). */
export interface Deferred {
  status: 'deferred';
  delayMs: number;
  reason: 'rate' | 'paused';
}

export type AttemptResult = DeliveryOutcome | Deferred;

/**
 * One delivery attempt as the delivery job makes it: robot targets ask the shared limiter first
 * (deferred if the robot has no room), and a throttling reply pauses the robot for every worker.
 * Other channels go straight to their sender.
 */
export class RateLimitedSender {
  constructor(
    private readonly senders: ChannelSenders,
    private readonly limiter: RobotRateLimiter,
    private readonly clock: NowSource,
  ) {}

  async attempt(request: SendRequest<DeliveryTarget>): Promise<AttemptResult> {
    const robotId = robotIdOf(request.target);
    if (robotId) {
      const permit = await this.limiter.tryAcquire(robotId);
      if (!permit.allowed) return { status: 'deferred', delayMs: Math.max(0, permit.retryAtMs - this.clock.now().getTime()), reason: permit.reason };
    }
    const outcome = await this.senders.send(request);
    if (robotId && outcome.status === 'throttled') {
      await this.limiter.pauseUntil(robotId, new Date(this.clock.now().getTime() + outcome.retryAfterMs));
    }
    return outcome;
  }
}
