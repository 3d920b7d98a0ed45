import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseEnumPipe, ParseUUIDPipe, Query } from '@nestjs/common';
import { Delete, Put } from '../common/write-routes';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AllowReadOnlyRoles, AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { DeliveriesService } from './deliveries.service';
import {
  DeliveryPageDto,
  ListDeliveriesQueryDto,
  NotificationPreferencesDto,
  NotificationPreferencesResponseDto,
  PutUnitChannelDto,
  QueuesHealthResponseDto,
  UNIT_CHANNELS,
  UnitChannelResponseDto,
  type UnitChannel,
} from './dto/deliveries.dto';

const channelPipe = new ParseEnumPipe(Object.fromEntries(UNIT_CHANNELS.map((c) => [c, c])));

/** A unit's group robots and webhook (企业微信、钉钉、通用 webhook): the office configures them. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('units/:unitId/channels')
export class UnitChannelsController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @Roles('office')
  @ApiOperation({ summary: '单位的通知渠道（机器人、webhook；密钥不返回）' })
  @ApiOkResponse({ type: [UnitChannelResponseDto] })
  @ApiNotFoundResponse({ description: 'UNIT_NOT_FOUND' })
  list(@Param('unitId', ParseUUIDPipe) unitId: string): Promise<UnitChannelResponseDto[]> {
    return this.deliveries.unitChannels(unitId);
  }

  @Put(':channel')
  @Roles('office')
  @ApiOperation({ summary: '设置单位的企业微信/钉钉机器人或 webhook（密钥只写不读）' })
  @ApiOkResponse({ type: UnitChannelResponseDto })
  put(
    @CurrentUser() user: AuthUser,
    @Param('unitId', ParseUUIDPipe) unitId: string,
    @Param('channel', channelPipe) channel: UnitChannel,
    @Body() dto: PutUnitChannelDto,
  ): Promise<UnitChannelResponseDto> {
    return this.deliveries.putUnitChannel(user, unitId, channel, dto);
  }

  @Delete(':channel')
  @Roles('office')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '删除单位的一个通知渠道' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'UNIT_CHANNEL_NOT_FOUND' })
  remove(@CurrentUser() user: AuthUser, @Param('unitId', ParseUUIDPipe) unitId: string, @Param('channel', channelPipe) channel: UnitChannel): Promise<void> {
    return this.deliveries.deleteUnitChannel(user, unitId, channel);
  }
}

/** The caller's own channels (站内通知 always; email by choice). */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @ApiOperation({ summary: '我的通知渠道' })
  @ApiOkResponse({ type: NotificationPreferencesResponseDto })
  get(@CurrentUser() user: AuthUser): Promise<NotificationPreferencesResponseDto> {
    return this.deliveries.preferences(user);
  }

  @Put()
  @AllowReadOnlyRoles()
  @ApiOperation({ summary: '设置我的通知渠道（邮件需账号已登记邮箱）' })
  @ApiOkResponse({ type: NotificationPreferencesResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'EMAIL_ADDRESS_MISSING' })
  put(@CurrentUser() user: AuthUser, @Body() dto: NotificationPreferencesDto): Promise<NotificationPreferencesResponseDto> {
    return this.deliveries.savePreferences(user, dto);
  }
}

/** Oversight for the office: deliveries by status (failures with their error) and queue health. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class DeliveryOversightController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get('notifications/deliveries')
  @Roles('office')
  @ApiOperation({ summary: '通知投递记录（缺省列出发送失败的，含错误原因；分页）' })
  @ApiOkResponse({ type: DeliveryPageDto })
  list(@Query() query: ListDeliveriesQueryDto): Promise<DeliveryPageDto> {
    return this.deliveries.deliveries(query);
  }

  @Get('admin/queues')
  @Roles('office')
  @ApiOperation({ summary: '任务队列运行状况（各队列积压、失败数，定时任务及下次运行时间，最近的定时运行）' })
  @ApiOkResponse({ type: QueuesHealthResponseDto })
  queues(): Promise<QueuesHealthResponseDto> {
    return this.deliveries.queueHealth();
  }
}
