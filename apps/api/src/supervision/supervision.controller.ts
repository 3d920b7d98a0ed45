import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { Post } from '../common/write-routes';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { CloseNoticeDto, IssueNoticeDto, ListNoticesQueryDto, NoticePageDto, NoticeResponseDto, ReplyNoticeDto } from './dto/notice.dto';
import { SupervisionService } from './supervision.service';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller()
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Post('tasks/:id/notices')
  @Roles('office')
  @ApiOperation({ summary: '对任务发出督办（发给牵头单位，写入通知）' })
  @ApiCreatedResponse({ type: NoticeResponseDto })
  issue(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: IssueNoticeDto): Promise<NoticeResponseDto> {
    return this.supervision.issue(user, id, dto);
  }

  @Get('notices')
  @ApiOperation({ summary: '督办列表（按权限范围）' })
  @ApiOkResponse({ type: NoticePageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: ListNoticesQueryDto): Promise<NoticePageDto> {
    return this.supervision.list(user, query);
  }

  @Get('notices/:id')
  @ApiOkResponse({ type: NoticeResponseDto })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<NoticeResponseDto> {
    return this.supervision.getFor(user, id);
  }

  @Post('notices/:id/reply')
  @Roles('bureau')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '承办单位反馈督办' })
  @ApiOkResponse({ type: NoticeResponseDto })
  @ApiConflictResponse({ description: 'NOTICE_NOT_OPEN' })
  reply(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReplyNoticeDto): Promise<NoticeResponseDto> {
    return this.supervision.reply(user, id, dto);
  }

  @Post('notices/:id/close')
  @Roles('office')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '统筹办办结督办' })
  @ApiOkResponse({ type: NoticeResponseDto })
  @ApiConflictResponse({ description: 'NOTICE_ALREADY_CLOSED' })
  close(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CloseNoticeDto): Promise<NoticeResponseDto> {
    return this.supervision.close(user, id, dto);
  }
}
