import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto';

export const UNIT_CHANNELS = ['wecom', 'dingtalk', 'webhook'] as const;
export type UnitChannel = (typeof UNIT_CHANNELS)[number];

/**
 * A unit's robot or webhook as the office sets it. `secret` is write-only: never returned.
 * WeCom: `address` = the robot's webhook key. DingTalk: `address` = access_token, `secret` = SEC…
 * signing secret. Webhook: `address` = https URL, `secret` = whsec_… (Standard Webhooks).
 */
export class PutUnitChannelDto {
  @ApiProperty({ description: '企业微信：机器人 webhook 的 key；钉钉：access_token；通用 webhook：接收地址（http/https）' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  address: string;

  @ApiPropertyOptional({ description: '钉钉加签密钥（SEC 开头）或 webhook 签名密钥（whsec_ 开头）；只写不读，更新时不填则保留原值', writeOnly: true })
  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(500)
  secret?: string;

  @ApiPropertyOptional({ description: '是否启用（缺省启用）' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UnitChannelResponseDto {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ enum: UNIT_CHANNELS }) channel: UnitChannel;
  @ApiProperty({ description: '通用 webhook 返回完整地址；机器人的 key / access_token 属于凭据，只返回末 4 位' }) address: string;
  @ApiProperty({ description: '是否已设置签名密钥（密钥本身从不返回）' }) hasSecret: boolean;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class NotificationPreferencesDto {
  @ApiProperty({ description: '是否同时以邮件接收通知（需账号登记了邮箱）；站内通知始终开启' })
  @IsBoolean()
  email: boolean;
}

export class NotificationPreferencesResponseDto {
  @ApiProperty() inApp: true;
  @ApiProperty() email: boolean;
  @ApiProperty({ nullable: true, type: String, description: '账号登记的邮箱' }) emailAddress: string | null;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export class ListDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, description: '缺省 failed（发送失败的）' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status: (typeof DELIVERY_STATUSES)[number] = 'failed';

  @ApiPropertyOptional({ enum: ['in_app', 'email', ...UNIT_CHANNELS] })
  @IsOptional()
  @IsIn(['in_app', 'email', ...UNIT_CHANNELS])
  channel?: string;
}

export class DeliveryResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) notificationId: string;
  @ApiProperty() kind: string;
  @ApiProperty() title: string;
  @ApiProperty() channel: string;
  @ApiProperty({ description: 'unit:<id> 或 user:<id>' }) recipient: string;
  @ApiProperty({ nullable: true, type: String }) recipientName: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextAttemptAt: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class DeliveryPageDto {
  @ApiProperty({ type: [DeliveryResponseDto] }) items: DeliveryResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class QueueHealthDto {
  @ApiProperty() name: string;
  @ApiProperty() paused: boolean;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'waiting / active / delayed / failed / completed' })
  counts: Record<string, number>;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '定时任务：id、cron、时区、下次运行' })
  schedulers: { id: string; pattern: string | null; every: number | null; tz: string | null; next: string | null }[];
}

export class QueuesHealthResponseDto {
  @ApiProperty({ type: [QueueHealthDto] }) queues: QueueHealthDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: '各状态的投递数（Postgres）' })
  deliveries: Record<string, number>;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '最近的定时运行（应运行时间、完成时间）' })
  recentRuns: { schedule: string; dueAt: string; finishedAt: string | null }[];
}
