import { ApiProperty } from '@nestjs/swagger';
import { REPORT_CADENCES } from '@luoshi/domain/reports';

/** OpenAPI shapes of the rollup and ledger routes: classes so the web app's generated client is typed. */

/** Counts of a rollup row (per unit or per measure), as of the period's end. */
export class RollupCountsDto {
  @ApiProperty() total: number;
  @ApiProperty() notStarted: number;
  @ApiProperty() inProgress: number;
  @ApiProperty() submittedDone: number;
  @ApiProperty() completed: number;
  @ApiProperty() notApplicable: number;
  @ApiProperty() overdue: number;
  @ApiProperty() lagging: number;
  /** percent with one decimal; null when nothing is applicable */
  @ApiProperty({ type: Number, nullable: true, description: '办结率（%，一位小数）；没有适用任务时为 null' }) completionRate: number | null;
  /** 1 = best; null without tasks */
  @ApiProperty({ type: Number, nullable: true, description: '排名，1 为最好；无任务时为 null' }) rank: number | null;
}

export class RollupUnitRowDto extends RollupCountsDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ description: '本期未报送进展的任务数' }) unreportedTasks: number;
}

export class RollupMeasureRowDto extends RollupCountsDto {
  @ApiProperty({ format: 'uuid' }) measureId: string;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty() measureNumber: string;
  @ApiProperty() measureTitle: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) leadUnitId: string | null;
  @ApiProperty({ type: String, nullable: true }) leadUnitName: string | null;
  @ApiProperty({ type: [String] }) unreportedUnitNames: string[];
}

export class RollupTaskRowDto {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty({ format: 'uuid' }) measureId: string;
  @ApiProperty() measureNumber: string;
  @ApiProperty() title: string;
  @ApiProperty() state: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dueDate: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) leadUnitId: string | null;
  @ApiProperty({ type: String, nullable: true }) leadUnitName: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: Number, nullable: true }) overdueDays: number | null;
  @ApiProperty() lagging: boolean;
  @ApiProperty({ type: String, nullable: true }) laggingReason: string | null;
  @ApiProperty({ type: Number, nullable: true }) laggingDays: number | null;
}

export class RollupHeaderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REPORT_CADENCES }) cadence: string;
  @ApiProperty({ example: '2026-11' }) period: string;
  @ApiProperty({ example: '2026年11月' }) label: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty({ format: 'date-time' }) builtAt: string;
  @ApiProperty() taskCount: number;
}

export class RollupDto {
  @ApiProperty({ type: RollupHeaderDto }) rollup: RollupHeaderDto;
  /** a bureau: its own unit's row only */
  @ApiProperty({ type: [RollupUnitRowDto], description: '承办单位只有本单位一行' }) units: RollupUnitRowDto[];
}

export interface PageDto<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export class PeriodRollupRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) builtAt: string;
  @ApiProperty() taskCount: number;
}

export class PeriodDto {
  @ApiProperty({ enum: REPORT_CADENCES }) cadence: string;
  @ApiProperty({ example: '2026-11' }) period: string;
  @ApiProperty({ example: '2026年11月' }) label: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  /** open | closed; null for a rollup built without a period row (built on demand) */
  @ApiProperty({ type: String, enum: ['open', 'closed'], nullable: true }) status: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) openedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ type: PeriodRollupRefDto, nullable: true, description: '尚未生成汇总时为 null' }) rollup: PeriodRollupRefDto | null;
}

export class UnitMovementDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ type: RollupCountsDto, nullable: true }) from: RollupCountsDto | null;
  @ApiProperty({ type: RollupCountsDto, nullable: true }) to: RollupCountsDto | null;
  /** to − from (null when the unit is missing from one side) */
  @ApiProperty({ type: Number, nullable: true }) completionRateChange: number | null;
  @ApiProperty() overdueChange: number;
  @ApiProperty() laggingChange: number;
  /** positive: moved up the ranking */
  @ApiProperty({ type: Number, nullable: true, description: '正数：排名上升' }) rankChange: number | null;
  /** worse completion rate, rank, or more overdue/lagging tasks */
  @ApiProperty({ description: '办结率、排名下降或逾期/滞后增加' }) slipped: boolean;
}

export class TaskMovementDto {
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty() title: string;
  @ApiProperty() measureNumber: string;
  @ApiProperty({ type: String, nullable: true }) leadUnitName: string | null;
  /** newly_overdue | newly_lagging | recovered */
  @ApiProperty({ enum: ['newly_overdue', 'newly_lagging', 'recovered'] }) movement: string;
  @ApiProperty({ type: Number, nullable: true }) overdueDays: number | null;
  @ApiProperty({ type: Number, nullable: true }) laggingDays: number | null;
}

export class TaskMovementCountsDto {
  @ApiProperty() newlyOverdue: number;
  @ApiProperty() newlyLagging: number;
  @ApiProperty() recovered: number;
}

export class RollupComparisonDto {
  @ApiProperty({ type: RollupHeaderDto }) from: RollupHeaderDto;
  @ApiProperty({ type: RollupHeaderDto }) to: RollupHeaderDto;
  @ApiProperty({ type: [UnitMovementDto] }) units: UnitMovementDto[];
  /** tasks that became overdue or lagging, and tasks that no longer are (the first 200 of each, worst first) */
  @ApiProperty({ type: [TaskMovementDto], description: '新增逾期/滞后与已好转的任务（每类最多 200 项）' }) tasks: TaskMovementDto[];
  @ApiProperty({ type: TaskMovementCountsDto }) taskCounts: TaskMovementCountsDto;
}

export const LEDGER_STATUSES = ['queued', 'building', 'ready', 'failed'] as const;

export class LedgerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: LEDGER_STATUSES }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '申请时的筛选条件' }) filters: Record<string, unknown>;
  /** the unit the ledger is limited to (a bureau's request); null: every unit */
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) unitId: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) asOf: string | null;
  @ApiProperty({ type: Number, nullable: true }) rowCount: number | null;
  @ApiProperty({ type: Number, nullable: true }) sizeBytes: number | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  /** where to download it once ready */
  @ApiProperty({ type: String, nullable: true, description: '生成后可下载的地址' }) fileUrl: string | null;
}
