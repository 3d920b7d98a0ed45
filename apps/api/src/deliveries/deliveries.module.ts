import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig, redisConnectionOptions } from '@luoshi/infra';
import { QUEUES } from '@luoshi/jobs';
import { TasksModule } from '../tasks/tasks.module';
import { DeliveryOversightController, NotificationPreferencesController, UnitChannelsController } from './deliveries.controller';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveriesService, OPERATED_QUEUES, OperatedQueues } from './deliveries.service';

/** Delivery settings (units' robots and webhooks, users' channels), failed deliveries and queue health. */
@Module({
  imports: [TasksModule],
  controllers: [UnitChannelsController, NotificationPreferencesController, DeliveryOversightController],
  providers: [
    DeliveriesRepository,
    DeliveriesService,
    {
      provide: OPERATED_QUEUES,
      inject: [APP_CONFIG],
      // read-only handles on the worker's queues (counts and schedulers; they add no jobs), opened on first use
      useFactory: (c: AppConfig) =>
        new OperatedQueues(() =>
          Object.values(QUEUES).map((name) => new Queue(name, { connection: redisConnectionOptions(c.REDIS_URL), prefix: c.REDIS_PREFIX })),
        ),
    },
  ],
})
export class DeliveriesModule implements OnApplicationShutdown {
  constructor(@Inject(OPERATED_QUEUES) private readonly queues: OperatedQueues) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
  }
}
