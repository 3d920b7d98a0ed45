import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { Post } from '../common/write-routes';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowReadOnlyRoles, AuthUser, CurrentUser } from '../auth/auth.decorators';
import { ListNotificationsQueryDto, NotificationPageDto, NotificationResponseDto, ReadAllResultDto } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

/**
 * The caller's in-app inbox. Every role has one (a bureau: its unit's and its own; office and
 * leader: their own); marking read changes only the caller's own inbox, so leaders may do it.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: '我的通知（最新在前，分页；unread 为未读总数）' })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(user, query);
  }

  @Post('read-all')
  @AllowReadOnlyRoles()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '全部标为已读' })
  @ApiOkResponse({ type: ReadAllResultDto })
  readAll(@CurrentUser() user: AuthUser): Promise<ReadAllResultDto> {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @AllowReadOnlyRoles()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '标为已读（重复调用不改变首次已读时间）' })
  @ApiOkResponse({ type: NotificationResponseDto })
  @ApiNotFoundResponse({ description: 'NOTIFICATION_NOT_FOUND（不存在或不是发给本人/本单位的通知）' })
  read(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<NotificationResponseDto> {
    return this.notifications.markRead(user, id);
  }
}
