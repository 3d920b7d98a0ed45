import { Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { DomainError } from '@luoshi/domain/errors';
import { periodBounds, periodLabelZh, REPORT_CADENCES, type ReportCadence } from '@luoshi/domain/reports';
import { enqueueNotification } from '@luoshi/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@luoshi/infra';
import type { JobPayloads } from '@luoshi/jobs';
import type { JobHandler } from '../jobs/job-handler';
import { BuiltRollup, RollupRepository } from './rollup.repository';

/**
 * Freezes the rollup of one reporting period. Idempotent: building a period again replaces its
 * snapshot. A payload that names no period is refused for good (no retries); anything else throws
 * so BullMQ retries.
 */
@Injectable()
export class BuildRollupHandler implements JobHandler<'rollup.build'> {
  readonly jobName = 'rollup.build' as const;
  private readonly logger = new Logger(BuildRollupHandler.name);

  constructor(
    private readonly rollups: RollupRepository,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async handle({ cadence, period }: JobPayloads['rollup.build']): Promise<BuiltRollup> {
    if (!(REPORT_CADENCES as readonly string[]).includes(cadence)) throw new UnrecoverableError(`rollup.build: unknown cadence ${cadence}`);
    let bounds: { start: string; end: string };
    try {
      bounds = periodBounds(cadence, period);
    } catch (err) {
      if (err instanceof DomainError) throw new UnrecoverableError(`rollup.build: ${err.message}`);
      throw err;
    }
    const built = await this.rollups.build({ cadence, key: period, ...bounds }, this.clock.now());
    await this.announce(cadence, period, built);
    this.logger.log({ cadence, period, ...built }, 'rollup built');
    return built;
  }

  /** 【月调度汇总】 to every active office and leader account, once per period (a rebuild adds nothing). */
  private async announce(cadence: ReportCadence, period: string, built: BuiltRollup): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const readers: { id: string }[] = await m.query(`SELECT id FROM app_user WHERE role IN ('office', 'leader') AND NOT disabled ORDER BY id`);
      for (const reader of readers) {
        await enqueueNotification(m, {
          kind: 'rollup.ready',
          params: {
            periodLabel: periodLabelZh(cadence, period),
            taskCount: built.taskCount,
            completedCount: built.completed,
            completionRate: built.completionRate,
            overdueCount: built.overdue,
            laggingCount: built.lagging,
            unreportedUnitCount: built.unreportedUnits,
          },
          recipient: { userId: reader.id },
          payload: { rollupId: built.rollupId, cadence, period },
          dedupeKey: `rollup.ready:${cadence}:${period}:${reader.id}`,
        });
      }
    });
  }
}
