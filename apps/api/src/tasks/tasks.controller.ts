import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { Patch, Post, Put } from '../common/write-routes';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { TaskCommandsService } from './task-commands.service';
import { TasksQueryService } from './tasks-query.service';
import { AssignUnitsDto } from './dto/assign-units.dto';
import { ListTasksQueryDto } from './dto/list-tasks-query.dto';
import { PageQueryDto } from '../common/page-query.dto';
import { SignResultDto, TaskDetailDto, TaskHistoryPageDto, TaskPageDto, TaskWriteResultDto } from './dto/task-response.dto';
import { TransitionDto } from './dto/transition.dto';
import { UpdateTaskDto } from './dto/update-task.dto';

const IF_MATCH_HEADER = { name: 'if-match', required: false, description: '读取时的版本号，如 "3"（与请求体 version 二选一）' };

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly queries: TasksQueryService,
    private readonly commands: TaskCommandsService,
  ) {}

  @Get()
  @ApiOperation({ summary: '任务列表：分页、筛选、排序，含逾期/滞后/红黄绿灯及原因。承办单位只看到本单位牵头或参与的已交办任务' })
  @ApiOkResponse({ type: TaskPageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: ListTasksQueryDto): Promise<TaskPageDto> {
    return this.queries.list(user, query);
  }

  @Get('mine')
  @Roles('bureau')
  @ApiOperation({ summary: '本单位的任务（承办单位；同 GET /tasks）' })
  @ApiOkResponse({ type: TaskPageDto })
  mine(@CurrentUser() user: AuthUser, @Query() query: ListTasksQueryDto): Promise<TaskPageDto> {
    return this.queries.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: '任务详情：责任单位与签收、完成时限历史、未办结督办、当前用户可执行的状态变更；ETag 为版本号' })
  @ApiOkResponse({ type: TaskDetailDto })
  @ApiForbiddenResponse({ description: 'TASK_FORBIDDEN：非本单位任务' })
  async detail(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) res: FastifyReply): Promise<TaskDetailDto> {
    const detail = await this.queries.detail(user, id);
    res.header('ETag', `"${detail.version}"`);
    return detail;
  }

  @Get(':id/history')
  @ApiOperation({
    summary:
      '任务变更记录（状态、完成时限、责任单位、签收、交办、进展报告及审核、附件、延期申请、督办），按时间先后分页；' +
      '统筹办和领导还能看到被拒绝的操作；参与单位只看到本单位的进展报告记录',
  })
  @ApiOkResponse({ type: TaskHistoryPageDto })
  history(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: PageQueryDto): Promise<TaskHistoryPageDto> {
    return this.queries.history(user, id, query);
  }

  @Post(':id/transitions')
  @Roles('office', 'bureau')
  @HttpCode(HttpStatus.OK)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOperation({ summary: '状态变更（牵头单位：开始推进、报请办结；统筹办：审核办结、退回、不涉及、重新打开）' })
  @ApiOkResponse({ type: TaskWriteResultDto })
  @ApiConflictResponse({ description: 'TASK_ILLEGAL_TRANSITION（details.allowed 为可改为的状态）/ VERSION_CONFLICT' })
  @ApiResponse({ status: 428, description: 'VERSION_REQUIRED：未提供版本号' })
  transition(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: TransitionDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<TaskWriteResultDto> {
    return this.commands.transition(user, id, dto, ifMatch);
  }

  @Put(':id/units')
  @Roles('office')
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOperation({ summary: '设置责任单位（至少一个牵头单位；第一个为主牵头单位）' })
  @ApiOkResponse({ type: TaskWriteResultDto })
  assignUnits(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AssignUnitsDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<TaskWriteResultDto> {
    return this.commands.assignUnits(user, id, dto, ifMatch);
  }

  @Patch(':id')
  @Roles('office')
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOperation({ summary: '统筹办更正任务（标题、完成时限等）；完成时限更正保留历史' })
  @ApiOkResponse({ type: TaskWriteResultDto })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateTaskDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<TaskWriteResultDto> {
    return this.commands.update(user, id, dto, ifMatch);
  }

  @Post(':id/sign')
  @Roles('bureau')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '签收任务（本单位）；重复签收不改变签收时间' })
  @ApiOkResponse({ type: SignResultDto })
  sign(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<SignResultDto> {
    return this.commands.sign(user, id);
  }
}
