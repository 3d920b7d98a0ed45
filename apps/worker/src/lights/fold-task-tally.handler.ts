import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { foldTaskTally } from '@luoshi/core';
import type { JobHandler } from '../jobs/job-handler';

/**
 * Every TALLY_FOLD_EVERY_MS: the dashboard counters' deltas folded (foldTaskTally). Writers only
 * append deltas, so a submission never waits on a shared counter row; this keeps what readers sum
 * to a few rows per unit. Idempotent: a run with nothing to fold writes nothing. Not logged: it
 * runs every few seconds and its work shows in the dashboard's speed, not in a log line.
 */
@Injectable()
export class FoldTaskTallyHandler implements JobHandler<'tally.fold'> {
  readonly jobName = 'tally.fold' as const;

  constructor(private readonly dataSource: DataSource) {}

  async handle(): Promise<{ folded: number }> {
    return { folded: await foldTaskTally(this.dataSource) };
  }
}
