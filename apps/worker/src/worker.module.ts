import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { CoreModule } from '@luoshi/core';
import { APP_CONFIG, AppConfig, AppConfigModule, ClockModule, dataSourceOptions, redisConnectionOptions } from '@luoshi/infra';
import { DEFAULT_JOB_OPTIONS, QUEUES } from '@luoshi/jobs';
import { BuildRollupHandler } from './rollups/build-rollup.handler';
import { RollupOnPeriodClose } from './rollups/rollup-on-period-close.listener';
import { RollupRepository } from './rollups/rollup.repository';
import { BuildLedgerHandler } from './ledgers/build-ledger.handler';
import { PurgeLedgersHandler } from './ledgers/purge-ledgers.handler';
import { LedgerRepository } from './ledgers/ledger.repository';
import { PERIOD_CLOSED_LISTENERS } from './periods/period-closed.listener';
import { PurgeExpiredRefreshTokensHandler } from './auth/purge-expired-refresh-tokens.handler';
import { FoldTaskTallyHandler } from './lights/fold-task-tally.handler';
import { RecomputeLightsHandler } from './lights/recompute-lights.handler';
import { ChannelConnectionsCloser, channelSendersProvider, robotRateLimiterProvider, robotRedisProvider } from './deliveries/channel-senders.provider';
import { DeliveryRepository } from './deliveries/delivery.repository';
import { DispatchDeliveriesHandler } from './deliveries/dispatch-deliveries.handler';
import { SendDeliveryBatchHandler } from './deliveries/send-delivery-batch.handler';
import { assertHandlersCoverContract, JOB_HANDLERS, JobHandler } from './jobs/job-handler';
import { MaintenanceQueueProcessor, NotificationsQueueProcessor, RollupsQueueProcessor, SchedulesQueueProcessor } from './jobs/queue.processor';
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
  RecomputeLightsHandler,
  FoldTaskTallyHandler,
  BuildRollupHandler,
  BuildLedgerHandler,
  PurgeLedgersHandler,
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
    BullModule.registerQueue({ name: QUEUES.notifications }, { name: QUEUES.schedules }, { name: QUEUES.maintenance }, { name: QUEUES.rollups }),
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
    RollupRepository,
    LedgerRepository,
    RollupOnPeriodClose,
    // a closed period enqueues its rollup (once: the job id is the period's)
    { provide: PERIOD_CLOSED_LISTENERS, inject: [RollupOnPeriodClose], useFactory: (rollups: RollupOnPeriodClose) => [rollups] },
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
    RollupsQueueProcessor,
    SchedulerService,
  ],
})
export class WorkerModule {}
