import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { REPORT_CADENCES, type ReportCadence } from '@luoshi/domain/reports';
import { TASK_STATES, type TaskState } from '@luoshi/domain/tasks';
import { PageQueryDto, queryBoolean } from '../../common/page-query.dto';

const PERIOD_KEY = /^\d{4}-(\d{2}|W\d{2}|\d{2}-[123])$/;
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** GET /rollups/periods */
export class ListPeriodsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REPORT_CADENCES, description: '调度周期类型：每月/每周/每旬' })
  @IsOptional()
  @IsIn(REPORT_CADENCES)
  cadence?: ReportCadence;
}

/** :cadence and :period of a rollup's routes */
export class RollupParamsDto {
  @ApiProperty({ enum: REPORT_CADENCES })
  @IsIn(REPORT_CADENCES)
  cadence: ReportCadence;

  @ApiProperty({ example: '2026-11', description: '周期：2026-11（月）、2026-W47（周）、2026-11-3（旬）' })
  @Matches(PERIOD_KEY)
  period: string;
}

export const ROLLUP_TASK_KINDS = ['overdue', 'lagging'] as const;

/** GET /rollups/:cadence/:period/tasks */
export class RollupTasksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLLUP_TASK_KINDS, description: '只看逾期或只看滞后' })
  @IsOptional()
  @IsIn(ROLLUP_TASK_KINDS)
  kind?: (typeof ROLLUP_TASK_KINDS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: '按单位（牵头或配合）筛选' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

/** GET /rollups/compare */
export class CompareRollupsQueryDto {
  @ApiProperty({ enum: REPORT_CADENCES })
  @IsIn(REPORT_CADENCES)
  cadence: ReportCadence;

  @ApiProperty({ example: '2026-10', description: '较早的周期' })
  @Matches(PERIOD_KEY)
  from: string;

  @ApiProperty({ example: '2026-11', description: '较晚的周期' })
  @Matches(PERIOD_KEY)
  to: string;
}

/** POST /ledgers: the task list's filters (GET /tasks), nothing else. */
export const LEDGER_STATUSES = ['queued', 'building', 'ready', 'failed'] as const;

/** GET /ledgers */
export class ListLedgersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: LEDGER_STATUSES, description: '按状态筛选：排队中、生成中、已生成、失败' })
  @IsOptional()
  @IsIn(LEDGER_STATUSES)
  status?: (typeof LEDGER_STATUSES)[number];
}

export class CreateLedgerDto {
  @ApiPropertyOptional({ format: 'uuid', description: '按单位筛选（牵头或责任）；承办单位账号只能是本单位' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: ['lead', 'co'] })
  @IsOptional()
  @IsIn(['lead', 'co'])
  role?: 'lead' | 'co';

  @ApiPropertyOptional({ enum: TASK_STATES })
  @IsOptional()
  @IsIn(TASK_STATES)
  state?: TaskState;

  @ApiPropertyOptional({ description: 'true：仅逾期任务；false：仅未逾期' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @MaxLength(10)
  dueBefore?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  measureId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  documentId?: string;

  @ApiPropertyOptional({ description: '按任务标题查找' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['red', 'yellow', 'green'] })
  @IsOptional()
  @IsIn(['red', 'yellow', 'green'])
  light?: 'red' | 'yellow' | 'green';
}
