import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { Post } from '../common/write-routes';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { Page, PageDto } from '../common/paging';
import { ExtensionsService } from './extensions.service';
import { ApproveExtensionDto, ExtensionResponseDto, ListExtensionsQueryDto, RejectExtensionDto, RequestExtensionDto } from './dto/extension.dto';

@ApiTags('extensions')
@ApiBearerAuth()
@Controller()
export class ExtensionsController {
  constructor(private readonly extensions: ExtensionsService) {}

  @Post('tasks/:id/extensions')
  @Roles('bureau')
  @ApiOperation({ summary: '牵头单位申请延期（须在完成时限前；同一任务同时只能有一件待审批）' })
  @ApiCreatedResponse({ type: ExtensionResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'EXTENSION_AFTER_DEADLINE / EXTENSION_NOT_LATER / EXTENSION_NO_DEADLINE / EXTENSION_STATE_NOT_ALLOWED' })
  @ApiConflictResponse({ description: 'EXTENSION_PENDING' })
  request(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RequestExtensionDto): Promise<ExtensionResponseDto> {
    return this.extensions.request(user, id, dto);
  }

  @Get('tasks/:id/extensions')
  @ApiOperation({ summary: '任务的延期申请记录（按申请时间，分页）' })
  @ApiOkResponse({ type: PageDto(ExtensionResponseDto) })
  listForTask(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: PageQueryDto): Promise<Page<ExtensionResponseDto>> {
    return this.extensions.listForTask(user, id, query);
  }

  @Get('extensions')
  @ApiOperation({ summary: '延期申请列表（按权限范围；统筹办用 status=pending 查看待审批）' })
  @ApiOkResponse({ type: PageDto(ExtensionResponseDto) })
  list(@CurrentUser() user: AuthUser, @Query() query: ListExtensionsQueryDto): Promise<Page<ExtensionResponseDto>> {
    return this.extensions.list(user, query);
  }

  @Post('extensions/:id/approve')
  @Roles('office')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '同意延期：更新完成时限并保留历史' })
  @ApiOkResponse({ type: ExtensionResponseDto })
  @ApiConflictResponse({ description: 'EXTENSION_ALREADY_DECIDED; EXTENSION_STALE (the deadline moved since the request); EXTENSION_STATE_CHANGED' })
  approve(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ApproveExtensionDto): Promise<ExtensionResponseDto> {
    return this.extensions.approve(user, id, dto);
  }

  @Post('extensions/:id/reject')
  @Roles('office')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '不同意延期（须填写理由）' })
  @ApiOkResponse({ type: ExtensionResponseDto })
  @ApiConflictResponse({ description: 'EXTENSION_ALREADY_DECIDED' })
  reject(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: RejectExtensionDto): Promise<ExtensionResponseDto> {
    return this.extensions.reject(user, id, dto);
  }
}
