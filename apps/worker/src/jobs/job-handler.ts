import type { Job } from 'bullmq';
import { ALL_JOB_NAMES, JobName, JobPayloads } from '@luoshi/jobs';

/** Handles one job name. Thin and idempotent; throws to let BullMQ retry. */
export interface JobHandler<J extends JobName = JobName> {
  readonly jobName: J;
  handle(payload: JobPayloads[J], job: Job<JobPayloads[J]>): Promise<unknown>;
}

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

/** Every job in the contract must have exactly one handler, or the worker must not start. */
export function assertHandlersCoverContract(handlers: readonly JobHandler[]): void {
  const names = handlers.map((h) => h.jobName);
  const missing = ALL_JOB_NAMES.filter((n) => !names.includes(n));
  const duplicated = names.filter((n, i) => names.indexOf(n) !== i);
  if (missing.length || duplicated.length) {
    throw new Error(
      `Worker job handlers do not match the job contract: ${missing.length ? `missing ${missing.join(', ')}` : ''}${duplicated.length ? ` duplicated ${duplicated.join(', ')}` : ''}`.trim(),
    );
  }
}
