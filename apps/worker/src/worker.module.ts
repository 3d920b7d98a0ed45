import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { CoreModule } from '@luoshi/core';
import { APP_CONFIG, AppConfig, AppConfigModule, ClockModule, dataSourceOptions, redisConnectionOptions } from '@luoshi/infra';
import { DEFAULT_JOB_OPTIONS, QUEUES } from '@luoshi/jobs';
import { PurgeExpiredRefreshTokensHandler } from './auth/purge-expired-refresh-tokens.handler';
import { ChannelConnectionsCloser, channelSendersProvider, robotRateLimiterProvider, robotRedisProvider } from './deliveries/channel-senders.provider';
import { DeliveryRepository } from './deliveries/delivery.repository';
import { DispatchDeliveriesHandler } from './deliveries/dispatch-deliveries.handler';
import { SendDeliveryBatchHandler } from './deliveries/send-delivery-batch.handler';
import { assertHandlersCoverContract, JOB_HANDLERS, JobHandler } from './jobs/job-handler';
import { MaintenanceQueueProcessor, NotificationsQueueProcessor, SchedulesQueueProcessor } from './jobs/queue.processor';
import { PeriodCycleService } from './periods/period-cycle.service';
import { ClosePeriodHandler, OpenPeriodHandler, RemindPeriodHandler } from './periods/period-step.handlers';
import { PeriodRepository } from './periods/period.repository';
import { ReminderRepository } from './reminders/reminder.repository';
import { ReminderSweepHandler } from './reminders/reminder-sweep.handler';
import { ReminderSweepService } from './reminders/reminder-sweep.service';
import { ScheduleRunRepository } from './schedules/schedule-run.repository';
import { ScheduledRunner } from './schedules/scheduled-runner';
import { SchedulerService } from './schedules/scheduler.service';

const HANDLERS = [
  DispatchDeliveriesHandler,
  SendDeliveryBatchHandler,
  ReminderSweepHandler,
  OpenPeriodHandler,
  RemindPeriodHandler,
  ClosePeriodHandler,
  PurgeExpiredRefreshTokensHandler,
];

@Module({
  imports: [
    AppConfigModule,
    ClockModule,
    CoreModule,
    LoggerModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (c: AppConfig) => ({ pinoHttp: { level: c.LOG_LEVEL } }) }),
    TypeOrmModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (c: AppConfig) => dataSourceOptions(c.DATABASE_URL) }),
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({ connection: redisConnectionOptions(c.REDIS_URL), prefix: c.REDIS_PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
    }),
    BullModule.registerQueue({ name: QUEUES.notifications }, { name: QUEUES.schedules }, { name: QUEUES.maintenance }),
  ],
  providers: [
    channelSendersProvider,
    robotRedisProvider,
    robotRateLimiterProvider,
    ChannelConnectionsCloser,
    DeliveryRepository,
    ReminderRepository,
    ReminderSweepService,
    PeriodRepository,
    PeriodCycleService,
    ScheduleRunRepository,
    ScheduledRunner,
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
    SchedulesQueueProcessor,
    MaintenanceQueueProcessor,
    SchedulerService,
  ],
})
export class WorkerModule {}
