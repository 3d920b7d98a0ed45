export * from './core.module';
export * from './calendar/work-calendar.source';
export * from './assessment/task-assessment';
export * from './notifications/notification-outbox';
export * from './notifications/notification-deliveries';
export * from './assessment/task-light-sql';
export * from './assessment/light-day.service';
