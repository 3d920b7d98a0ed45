import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JOB_QUEUE, JobName, QueueName, QUEUES } from '@luoshi/jobs';
import { JOB_HANDLERS, JobHandler } from './job-handler';

/** Routes each job of one queue to its handler by name; failures propagate so BullMQ retries. */
abstract class QueueRouter extends WorkerHost {
  private readonly handlers: Map<JobName, JobHandler>;

  protected constructor(queue: QueueName, handlers: JobHandler[]) {
    super();
    this.handlers = new Map(handlers.filter((h) => JOB_QUEUE[h.jobName] === queue).map((h) => [h.jobName, h]));
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`No handler for job ${job.name} on this queue`);
    return handler.handle(job.data as never, job as never);
  }
}

@Processor(QUEUES.notifications, { concurrency: 4 })
export class NotificationsQueueProcessor extends QueueRouter {
  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    super(QUEUES.notifications, handlers);
  }
}

/** the clock's jobs one at a time, in order: a period is opened before it is reminded, reminded before closed */
@Processor(QUEUES.schedules, { concurrency: 1 })
export class SchedulesQueueProcessor extends QueueRouter {
  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    super(QUEUES.schedules, handlers);
  }
}

@Processor(QUEUES.maintenance, { concurrency: 1 })
export class MaintenanceQueueProcessor extends QueueRouter {
  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    super(QUEUES.maintenance, handlers);
  }
}

/**
 * Two rollups or ledgers at a time per worker: a rollup is Postgres's work and a ledger mostly this
 * process's (writing rows), so one of each overlap on two cores; each is still a heavy statement or
 * a large file, so not more.
 */
@Processor(QUEUES.rollups, { concurrency: 2 })
export class RollupsQueueProcessor extends QueueRouter {
  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    super(QUEUES.rollups, handlers);
  }
}

const PROCESSORS = [NotificationsQueueProcessor, SchedulesQueueProcessor, MaintenanceQueueProcessor, RollupsQueueProcessor];

/** Stops every queue worker taking jobs and waits for the running ones to finish. */
export async function closeQueueWorkers(app: { get<T>(type: new (...args: never[]) => T): T }): Promise<void> {
  await Promise.all(PROCESSORS.map((p) => app.get(p).worker.close()));
}
