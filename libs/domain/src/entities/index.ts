export * from './audit-log.entity';
export * from './delivery.entity';
export * from './measure.entity';
export * from './policy-document.entity';
export * from './progress-report.entity';
export * from './reporting-period.entity';
export * from './supervision.entity';
export * from './task.entity';
export * from './unit.entity';
export * from './user.entity';
export * from './work-calendar-day.entity';
export * from './rollup.entity';
export * from './ledger.entity';

import { AuditLogEntity, NotificationEntity } from './audit-log.entity';
import {
  NotificationDeliveryEntity,
  ReminderEntity,
  ScheduleRunEntity,
  TaskEscalationEntity,
  UnitChannelEntity,
  UserNotificationPreferenceEntity,
} from './delivery.entity';
import { ContactEntity, MeasureEntity } from './measure.entity';
import { DocumentSectionEntity, PolicyDocumentEntity } from './policy-document.entity';
import { AttachmentEntity, ProgressReportEntity } from './progress-report.entity';
import { ReportingPeriodEntity } from './reporting-period.entity';
import { ExtensionRequestEntity, SupervisionNoticeEntity } from './supervision.entity';
import { TaskDeadlineEntity, TaskEntity, TaskUnitEntity, UnitTaskCountEntity } from './task.entity';
import { UnitAliasEntity, UnitEntity, UnitSectionEntity } from './unit.entity';
import { RefreshTokenEntity, UserEntity } from './user.entity';
import { WorkCalendarDayEntity } from './work-calendar-day.entity';
import { RollupEntity, RollupMeasureEntity, RollupTaskEntity, RollupUnitEntity } from './rollup.entity';
import { LedgerExportEntity } from './ledger.entity';

/** Every persisted entity, for the one DataSource. */
export const ALL_ENTITIES = [
  UnitEntity,
  UnitAliasEntity,
  UnitSectionEntity,
  PolicyDocumentEntity,
  DocumentSectionEntity,
  MeasureEntity,
  ContactEntity,
  TaskEntity,
  TaskUnitEntity,
  TaskDeadlineEntity,
  UnitTaskCountEntity,
  UserEntity,
  RefreshTokenEntity,
  ProgressReportEntity,
  AttachmentEntity,
  ExtensionRequestEntity,
  SupervisionNoticeEntity,
  AuditLogEntity,
  NotificationEntity,
  WorkCalendarDayEntity,
  ReportingPeriodEntity,
  NotificationDeliveryEntity,
  UnitChannelEntity,
  UserNotificationPreferenceEntity,
  ReminderEntity,
  TaskEscalationEntity,
  ScheduleRunEntity,
  RollupEntity,
  RollupUnitEntity,
  RollupMeasureEntity,
  RollupTaskEntity,
  LedgerExportEntity,
];
