import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TASK_STATES } from '@luoshi/domain/tasks';

export class AssessmentReasonDto {
  @ApiProperty({ enum: ['OVERDUE', 'REPORT_MISSING', 'DUE_SOON', 'PROGRESS_BEHIND', 'RECEIPT_OVERDUE', 'NOTICE_OPEN'] }) code: string;
  @ApiProperty({ example: '距完成时限还有5天' }) message: string;
}

/** Derived picture of a task (assessTask): nothing here is stored. */
export class TaskAssessmentDto {
  @ApiProperty() overdue: boolean;
  @ApiProperty() lagging: boolean;
  @ApiProperty() receiptOverdue: boolean;
  @ApiProperty({ enum: ['red', 'yellow', 'green'] }) light: string;
  @ApiProperty({ type: [AssessmentReasonDto] }) reasons: AssessmentReasonDto[];
  @ApiProperty({ type: Number, nullable: true, description: '距完成时限天数，逾期为负' }) dueInDays: number | null;
}

export class TaskListItemDto extends TaskAssessmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: TASK_STATES }) state: string;
  @ApiProperty({ type: String, nullable: true }) stateReason: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2022-12-31' }) dueDate: string | null;
  @ApiProperty({ example: '2022年12月' }) deadlineText: string;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ format: 'uuid' }) measureId: string;
  @ApiProperty({ example: '19-1' }) measureNumber: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) leadUnitId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '区发展改革局' }) leadUnitName: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['lead', 'co'], description: '本单位在任务中的角色（统筹办、领导为 null）' }) myRole: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: '签收时间（承办单位看本单位，统筹办看牵头单位）' }) signedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: '最近已报送的调度周期' }) lastReportedPeriod: string | null;
  @ApiProperty() openNotices: number;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskListItemDto] }) items: TaskListItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class TaskUnitDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ enum: ['lead', 'co'] }) role: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) sectionId: string | null;
  @ApiProperty({ type: String, nullable: true }) sectionName: string | null;
  @ApiProperty({ type: String, nullable: true }) nameAsWritten: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) signedAt: string | null;
}

export class TaskDeadlineDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) dueDate: string | null;
  @ApiProperty() precision: string;
  @ApiProperty() text: string;
  @ApiProperty({ enum: ['import', 'correction', 'extension'] }) source: string;
  @ApiProperty() isCurrent: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class TaskNoticeSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['blue', 'yellow', 'red'] }) level: string;
  @ApiProperty() levelLabel: string;
  @ApiProperty() text: string;
  @ApiProperty() replyDue: string;
  @ApiProperty({ enum: ['open', 'replied'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) replyText: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AllowedTransitionDto {
  @ApiProperty() action: string;
  @ApiProperty() actionLabel: string;
  @ApiProperty({ enum: TASK_STATES }) to: string;
  @ApiProperty() reasonRequired: boolean;
}

export class TaskDetailDto extends TaskListItemDto {
  @ApiProperty() text: string;
  @ApiProperty() kind: string;
  @ApiProperty() deadlinePrecision: string;
  @ApiProperty() reportCadence: string;
  @ApiProperty() evidenceRequired: boolean;
  @ApiProperty() measureTitle: string;
  @ApiProperty() documentTitle: string;
  @ApiProperty({ enum: ['draft', 'published'] }) documentStatus: string;
  @ApiProperty({ type: [TaskUnitDto] }) units: TaskUnitDto[];
  @ApiProperty({ type: [TaskDeadlineDto], description: '完成时限历史，最早的在前' }) deadlines: TaskDeadlineDto[];
  @ApiProperty({ type: [TaskNoticeSummaryDto], description: '未办结的督办' }) notices: TaskNoticeSummaryDto[];
  @ApiProperty({ type: [AllowedTransitionDto], description: '当前用户可执行的状态变更' }) allowedTransitions: AllowedTransitionDto[];
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid', description: '待审批的延期申请' }) pendingExtensionId: string | null;
}

export class TaskHistoryEntryDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-02T18:00:00.000+08:00', description: '北京时间（Asia/Shanghai），带 +08:00 时区偏移' }) at: string;
  @ApiProperty({ example: 'task.transition' }) action: string;
  @ApiProperty() entityType: string;
  @ApiProperty({ type: String, nullable: true }) entityId: string | null;
  @ApiProperty({ enum: ['ok', 'refused'] }) outcome: string;
  @ApiProperty({ type: String, nullable: true }) actorUserId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorName: string | null;
  @ApiProperty({ type: String, nullable: true }) actorRole: string | null;
  @ApiProperty({ type: String, nullable: true }) actorUnitId: string | null;
  @ApiProperty({ type: String, nullable: true }) actorUnitName: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
}

export class TaskHistoryPageDto {
  @ApiProperty({ type: [TaskHistoryEntryDto], description: '按记录先后（id 升序）' }) items: TaskHistoryEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class TaskWriteResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: TASK_STATES }) state: string;
  @ApiProperty() version: number;
}

export class SignResultDto {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ format: 'date-time' }) signedAt: string;
  @ApiProperty({ description: 'false：此前已签收，本次未作改动' }) changed: boolean;
}
