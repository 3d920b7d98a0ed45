import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto, queryBoolean } from '../../common/page-query.dto';

/** Query of GET /notifications. */
export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true：仅未读；false：仅已读；缺省：全部' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  unread?: boolean;
}

/** One notification as the inbox shows it: only these fields (never recipients, status or dedupe key). */
export class NotificationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    example: 'task.assigned',
    description:
      '通知类型，如 task.assigned（交办）、task.added（已交办文件中新增给本单位的任务）、notice.issued（督办）、notice.replied（督办反馈）、extension.decided（延期审批结果）',
  })
  kind: string;
  @ApiProperty({ example: '新交办任务：关于推动经济稳进提质的若干政策措施' }) title: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '供客户端跳转的编号等（如 documentId、taskId、noticeId）' })
  payload: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: '已读时间；null 为未读' }) readAt: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationResponseDto] }) items: NotificationResponseDto[];
  @ApiProperty({ description: '符合筛选条件的总数' }) total: number;
  @ApiProperty({ description: '本人收件箱未读总数（不受筛选影响）' }) unread: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class ReadAllResultDto {
  @ApiProperty({ description: '本次标为已读的条数' }) updated: number;
}
