import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { TASK_STATES, type TaskState } from '@luoshi/domain/tasks';

/** Version of the task as read; may instead come in `If-Match: "<version>"`. One of the two is required (428). */
export class VersionedDto {
  @ApiPropertyOptional({ minimum: 1, description: '读取时的版本号（或使用 If-Match 头）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class TransitionDto extends VersionedDto {
  @ApiProperty({ enum: TASK_STATES, description: '目标状态' })
  @IsIn(TASK_STATES)
  to: TaskState;

  @ApiPropertyOptional({ description: '原因（退回、标记不涉及、重新打开时必填）' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
