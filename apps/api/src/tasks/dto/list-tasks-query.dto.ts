import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { TASK_STATES, type TaskState } from '@luoshi/domain/tasks';
import { queryBoolean } from '../../common/page-query.dto';
import { IsDateInWindow } from '../../common/date-window';

export const MAX_TASK_PAGE_SIZE = 100;
export const TASK_SORTS = ['dueDate', 'updatedAt', 'title'] as const;
export type TaskSort = (typeof TASK_SORTS)[number];
export const LIGHTS = ['red', 'yellow', 'green'] as const;
export const NOTICE_LEVELS = ['blue', 'yellow', 'red'] as const;

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Query of GET /tasks. `pageSize` above 100 is refused (400 MAX), not silently capped. */
export class ListTasksQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TASK_PAGE_SIZE, default: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TASK_PAGE_SIZE)
  pageSize: number = 20;

  @ApiPropertyOptional({ format: 'uuid', description: '按单位筛选（牵头或责任）。承办单位账号只能查看本单位，传入其他单位返回 403' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: ['lead', 'co'], description: '本单位（或 unitId 指定单位）在任务中的角色' })
  @IsOptional()
  @IsIn(['lead', 'co'])
  role?: 'lead' | 'co';

  @ApiPropertyOptional({ enum: TASK_STATES })
  @IsOptional()
  @IsIn(TASK_STATES)
  state?: TaskState;

  @ApiPropertyOptional({ description: 'true：仅逾期任务' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: '完成时限不晚于该日（YYYY-MM-DD）', example: '2022-12-31' })
  @IsOptional()
  @IsDateInWindow()
  dueBefore?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  measureId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  documentId?: string;

  @ApiPropertyOptional({ description: '按任务标题模糊查找' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: LIGHTS, description: '按红黄绿灯筛选' })
  @IsOptional()
  @IsIn(LIGHTS)
  light?: (typeof LIGHTS)[number];

  @ApiPropertyOptional({ description: 'true：仅超期未签收；false：排除' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  receiptOverdue?: boolean;

  @ApiPropertyOptional({ description: 'true：仅上一调度周期进展未报送；false：排除' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  reportMissing?: boolean;

  @ApiPropertyOptional({ description: 'true：仅 7 天内到期；false：排除' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  dueSoon?: boolean;

  @ApiPropertyOptional({ description: 'true：仅滞后（进展未报送或进度落后于时间）；false：排除' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  lagging?: boolean;

  @ApiPropertyOptional({ enum: NOTICE_LEVELS, description: '仅有该级别未办结督办的任务' })
  @IsOptional()
  @IsIn(NOTICE_LEVELS)
  noticeLevel?: (typeof NOTICE_LEVELS)[number];

  @ApiPropertyOptional({ description: 'true：仅有督办超期未反馈（未办结、未反馈、反馈期限早于今天）；false：排除' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  noticeReplyOverdue?: boolean;

  @ApiPropertyOptional({ description: 'true：仅有待审批延期申请；false：排除' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  extensionPending?: boolean;

  @ApiPropertyOptional({ enum: TASK_SORTS, default: 'dueDate' })
  @IsOptional()
  @IsIn(TASK_SORTS)
  sort: TaskSort = 'dueDate';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'asc';
}
