import { PageQueryDto, queryBoolean } from '../../common/page-query.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsPeriodInWindow } from '../../common/date-window';

export const REPORT_STATUSES = ['draft', 'submitted', 'accepted', 'returned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const MAX_BATCH_TASKS = 50;

/** Accepts 2022-05 (monthly), 2022-W18 (weekly), 2022-05-2 (旬); the task's cadence decides which is valid. */
export { PERIOD_PATTERN } from '../../common/date-window';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** optional text: blank becomes null */
const trimToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

/** The content of a progress report (进展情况). PUT semantics: an omitted optional field is cleared. */
export class ReportContentDto {
  @ApiProperty({ description: '本期工作进展', maxLength: 5000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text: string;

  @ApiPropertyOptional({ type: Number, description: '完成进度（0–100）', minimum: 0, maximum: 100, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  percent?: number | null;

  @ApiPropertyOptional({ type: String, description: '节点进展（按节点报送时填写）', maxLength: 200, nullable: true })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(200)
  milestone?: string | null;

  @ApiPropertyOptional({ type: String, description: '存在问题', maxLength: 2000, nullable: true })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(2000)
  problems?: string | null;

  @ApiPropertyOptional({ type: String, description: '下步打算', maxLength: 2000, nullable: true })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(2000)
  nextSteps?: string | null;
}

/** PUT /tasks/:taskId/reports/:period — save a draft. `version` is required once the report exists. */
export class SaveReportDto extends ReportContentDto {
  @ApiPropertyOptional({ description: '读取时的版本号；报告已存在时必填' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

/**
 * POST /tasks/:taskId/reports/:period/submit — submit the saved draft ({version}), or save and
 * submit in one step by sending the content too (then `version` only when the report exists).
 */
export class SubmitReportDto {
  @ApiPropertyOptional({ description: '读取时的版本号；报告已存在时必填' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ description: '同时保存的进展内容（省略则提交已保存的草稿）', maxLength: 5000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  text?: string;

  @ApiPropertyOptional({ type: Number, minimum: 0, maximum: 100, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  percent?: number | null;

  @ApiPropertyOptional({ type: String, maxLength: 200, nullable: true })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(200)
  milestone?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 2000, nullable: true })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(2000)
  problems?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 2000, nullable: true })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(2000)
  nextSteps?: string | null;
}

export class DraftQueryDto {
  @ApiPropertyOptional({ description: '调度周期，默认为任务调度方式下的本期', example: '2022-05' })
  @IsOptional()
  @IsString()
  @IsPeriodInWindow()
  period?: string;
}

export class TaskReportsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: '只看某一期', example: '2022-05' })
  @IsOptional()
  @IsString()
  @IsPeriodInWindow()
  period?: string;
}

export class BatchItemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  taskId: string;

  @ApiPropertyOptional({ description: '该任务本期报告已存在时必填' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

/** POST /reports/batch — one submission covering several tasks of one measure; all or nothing. */
export class BatchReportDto extends ReportContentDto {
  @ApiProperty({ type: [BatchItemDto], minItems: 1, maxItems: MAX_BATCH_TASKS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_TASKS)
  @ValidateNested({ each: true })
  @Type(() => BatchItemDto)
  items: BatchItemDto[];

  @ApiPropertyOptional({ description: '调度周期，默认为各任务调度方式下的本期' })
  @IsOptional()
  @IsString()
  @IsPeriodInWindow()
  period?: string;

  @ApiPropertyOptional({ description: 'false 时只保存草稿', default: true })
  @IsOptional()
  @IsBoolean()
  submit?: boolean;
}

export class ReviewReportDto {
  @ApiProperty({ description: '读取时的版本号' })
  @IsInt()
  @Min(1)
  version: number;
}

export class ReturnReportDto extends ReviewReportDto {
  @ApiProperty({ description: '退回意见', maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  comment: string;
}

export class AcceptReportDto extends ReviewReportDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: '审核意见', maxLength: 2000 })
  @IsOptional()
  @Transform(trimToNull)
  @IsString()
  @MaxLength(2000)
  comment?: string | null;
}

export class ListReportsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REPORT_STATUSES })
  @IsOptional()
  @IsIn(REPORT_STATUSES)
  status?: ReportStatus;

  @ApiPropertyOptional({ description: 'true：只看有合理性提示的报告' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  hasWarnings?: boolean;

  @ApiPropertyOptional({ example: '2022-05' })
  @IsOptional()
  @IsString()
  @IsPeriodInWindow()
  period?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  taskId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  measureId?: string;
}
