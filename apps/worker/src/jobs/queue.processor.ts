import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, QUEUES } from '@luoshi/jobs';
import { JOB_HANDLERS, JobHandler } from './job-handler';

/** Routes each job of the notifications queue to its handler by name; failures propagate for retry. */
@Processor(QUEUES.notifications, { concurrency: 4 })
export class NotificationsQueueProcessor extends WorkerHost {
  private readonly handlers: Map<JobName, JobHandler>;

  constructor(@Inject(JOB_HANDLERS) handlers: JobHandler[]) {
    super();
    this.handlers = new Map(handlers.map((h) => [h.jobName, h]));
  }

  async process(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    return handler.handle(job.data as never, job as never);
  }
}
