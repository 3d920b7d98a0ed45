import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, AppConfigModule, ClockModule, dataSourceOptions, redisConnectionOptions } from '@luoshi/infra';
import { DEFAULT_JOB_OPTIONS, QUEUES } from '@luoshi/jobs';
import { assertHandlersCoverContract, JOB_HANDLERS, JobHandler } from './jobs/job-handler';
import { MaintenanceQueueProcessor, NotificationsQueueProcessor } from './jobs/queue.processor';
import { PurgeExpiredRefreshTokensHandler } from './auth/purge-expired-refresh-tokens.handler';
import { SchedulerService } from './jobs/scheduler.service';
import { DeliverNotificationHandler } from './notifications/deliver-notification.handler';
import { DispatchPendingNotificationsHandler } from './notifications/dispatch-pending.handler';
import { IN_APP_CHANNEL, InAppChannel } from './notifications/in-app.channel';

const HANDLERS = [DeliverNotificationHandler, DispatchPendingNotificationsHandler, PurgeExpiredRefreshTokensHandler];

@Module({
  imports: [
    AppConfigModule,
    ClockModule,
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (c: AppConfig) => ({ pinoHttp: { level: c.LOG_LEVEL } }) }),
    TypeOrmModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (c: AppConfig) => dataSourceOptions(c.DATABASE_URL) }),
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({ connection: redisConnectionOptions(c.REDIS_URL), prefix: c.REDIS_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
    }),
    BullModule.registerQueue({ name: QUEUES.notifications }, { name: QUEUES.maintenance }),
  ],
  providers: [
    { provide: IN_APP_CHANNEL, useClass: InAppChannel },
    ...HANDLERS,
    {
      provide: JOB_HANDLERS,
      inject: HANDLERS,
      // resolved before any queue worker starts: a job without a handler stops the boot
      useFactory: (...handlers: JobHandler[]) => {
        assertHandlersCoverContract(handlers);
        return handlers;
      },
    },
    NotificationsQueueProcessor,
    MaintenanceQueueProcessor,
    SchedulerService,
  ],
})
export class WorkerModule {}
