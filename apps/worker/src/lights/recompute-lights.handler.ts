import { Injectable, Logger } from '@nestjs/common';
import { LightDayService } from '@luoshi/core';
import type { JobHandler } from '../jobs/job-handler';

/**
 * At 00:00 Shanghai: today's traffic light on every task (LightDayService.ensureCurrent: writes the
 * new day and recomputes the stored verdicts, under the same lock the API's read path takes).
 * Idempotent: a second run on the same day finds it current.
 */
@Injectable()
export class RecomputeLightsHandler implements JobHandler<'lights.recompute'> {
  readonly jobName = 'lights.recompute' as const;
  private readonly logger = new Logger(RecomputeLightsHandler.name);

  constructor(private readonly lightDays: LightDayService) {}

  async handle(): Promise<{ today: string; changed: number | null; ms: number }> {
    const { day, recomputed, ms } = await this.lightDays.ensureCurrent();
    this.logger.log({ today: day.today, changed: recomputed, ms }, 'stored traffic lights current');
    return { today: day.today, changed: recomputed, ms };
  }
}
