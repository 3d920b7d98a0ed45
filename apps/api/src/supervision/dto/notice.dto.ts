import { PageQueryDto } from '../../common/page-query.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { NOTICE_LEVELS, type NoticeLevel } from '@luoshi/domain/tasks';
import { IsDateInWindow } from '../../common/date-window';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const NOTICE_STATUSES = ['open', 'replied', 'closed'] as const;

export class IssueNoticeDto {
  @ApiProperty({ enum: NOTICE_LEVELS, description: 'blue 临近时限 / yellow 进度滞后 / red 已逾期' })
  @IsIn(NOTICE_LEVELS)
  level: NoticeLevel;

  @ApiProperty({ description: '督办内容' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  text: string;

  @ApiPropertyOptional({ example: '2022-06-10', description: '反馈期限；缺省按等级顺延工作日（红3/黄5/蓝7）' })
  @IsOptional()
  @IsDateInWindow()
  replyDue?: string;
}

export class ReplyNoticeDto {
  @ApiProperty({ description: '反馈内容' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  text: string;
}

export class CloseNoticeDto {
  @ApiPropertyOptional({ description: '办结意见' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ListNoticesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: NOTICE_STATUSES, description: 'open：待反馈；replied：已反馈待办结；closed：已办结' })
  @IsOptional()
  @IsIn(NOTICE_STATUSES)
  status?: (typeof NOTICE_STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  taskId?: string;
}

export class NoticeResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiProperty() taskTitle: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty({ enum: NOTICE_LEVELS }) level: string;
  @ApiProperty({ example: '红色督办' }) levelLabel: string;
  @ApiProperty() text: string;
  @ApiProperty() replyDue: string;
  @ApiProperty({ enum: NOTICE_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true }) replyText: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) repliedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class NoticePageDto {
  @ApiProperty({ type: [NoticeResponseDto] }) items: NoticeResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
