import { Body, Controller, Get, HttpCode, HttpStatus, Injectable, Param, ParseUUIDPipe, PipeTransform, Query } from '@nestjs/common';
import { Post, Put } from '../common/write-routes';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { DomainError } from '@luoshi/domain/errors';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { PageDto } from '../common/paging';
import {
  AcceptReportDto,
  BatchReportDto,
  DraftQueryDto,
  ListReportsQueryDto,
  ReturnReportDto,
  SaveReportDto,
  SubmitReportDto,
  TaskReportsQueryDto,
} from './dto/report.dto';
import { BatchReportResultDto, DraftResponseDto, ReportResponseDto } from './dto/report-response.dto';
import { ReportReadingService } from './report-reading.service';
import { ReportReviewService } from './report-review.service';
import { ReportSubmissionService } from './report-submission.service';
import { REPORTS_TOTAL_CAP } from './reports.repository';
import { isPeriodInWindow } from '../common/date-window';

/** `:period` in a path: 2022-05, 2022-W18 or 2022-05-2 (the task's cadence is checked later). */
@Injectable()
export class ParsePeriodPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isPeriodInWindow(value)) {
      throw new DomainError('invalid', 'REPORT_PERIOD_INVALID', `调度周期“${String(value).slice(0, 20)}”格式不正确`, {
        fields: [{ field: 'period', code: 'REPORT_PERIOD_INVALID', message: 'period：格式应为 2022-05、2022-W18 或 2022-05-2，年份在 2000 至 2100 之间' }],
      });
    }
    return value;
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('tasks/:taskId/reports')
export class TaskReportsController {
  constructor(
    private readonly reading: ReportReadingService,
    private readonly submission: ReportSubmissionService,
  ) {}

  @Get()
  @ApiOperation({ summary: '任务的进展报告（新的周期在前，分页）：牵头单位看全部单位，配合单位只看本单位' })
  @ApiOkResponse({ type: PageDto(ReportResponseDto) })
  list(@CurrentUser() user: AuthUser, @Param('taskId', ParseUUIDPipe) taskId: string, @Query() query: TaskReportsQueryDto) {
    return this.reading.listForTask(user, taskId, query);
  }

  @Get('draft')
  @Roles('bureau')
  @ApiOperation({ summary: '本单位某期报告：已保存的，或由上期内容预填的新报告（不保存）' })
  @ApiOkResponse({ type: DraftResponseDto })
  draft(@CurrentUser() user: AuthUser, @Param('taskId', ParseUUIDPipe) taskId: string, @Query() query: DraftQueryDto) {
    return this.reading.draft(user, taskId, query.period);
  }

  @Put(':period')
  @Roles('bureau')
  @ApiParam({ name: 'period', example: '2022-05' })
  @ApiOperation({ summary: '保存本单位本期进展草稿（报告已存在时须带 version）' })
  @ApiOkResponse({ type: ReportResponseDto })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT / REPORT_NOT_EDITABLE' })
  @ApiUnprocessableEntityResponse({ description: 'REPORT_PERIOD_CLOSED / REPORT_PERIOD_NOT_STARTED / REPORT_TASK_CLOSED' })
  save(
    @CurrentUser() user: AuthUser,
    @Param('taskId', ParseUUIDPipe) taskId: string,
    @Param('period', ParsePeriodPipe) period: string,
    @Body() dto: SaveReportDto,
  ) {
    return this.submission.saveDraft(user, taskId, period, dto);
  }

  @Post(':period/submit')
  @Roles('bureau')
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'period', example: '2022-05' })
  @ApiOperation({ summary: '报送本期进展：提交已保存的草稿（{version}），或带内容一步保存并报送' })
  @ApiOkResponse({ type: ReportResponseDto })
  @ApiConflictResponse({ description: 'VERSION_CONFLICT / REPORT_NOT_EDITABLE' })
  @ApiUnprocessableEntityResponse({ description: 'REPORT_PERIOD_CLOSED / REPORT_PERIOD_NOT_STARTED / REPORT_TASK_CLOSED' })
  submit(
    @CurrentUser() user: AuthUser,
    @Param('taskId', ParseUUIDPipe) taskId: string,
    @Param('period', ParsePeriodPipe) period: string,
    @Body() dto: SubmitReportDto,
  ) {
    return this.submission.submit(user, taskId, period, dto);
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reading: ReportReadingService,
    private readonly submission: ReportSubmissionService,
    private readonly review: ReportReviewService,
  ) {}

  @Get()
  @ApiOperation({
    summary: '进展报告列表（统筹办审核队列；承办单位只看本单位及其牵头任务的报告；分页）',
    description: `total 为符合条件的报告数，最多计到 ${REPORTS_TOTAL_CAP} 份：等于 ${REPORTS_TOTAL_CAP} 时表示“${REPORTS_TOTAL_CAP} 份及以上”。`,
  })
  @ApiOkResponse({ type: PageDto(ReportResponseDto) })
  list(@CurrentUser() user: AuthUser, @Query() query: ListReportsQueryDto) {
    return this.reading.list(user, query);
  }

  @Post('batch')
  @Roles('bureau')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '同一措施下多个任务一次报送（同一内容），全部成功或全部不写入' })
  @ApiOkResponse({ type: BatchReportResultDto })
  async batch(@CurrentUser() user: AuthUser, @Body() dto: BatchReportDto) {
    return { items: await this.submission.batch(user, dto) };
  }

  @Get(':id')
  @ApiOperation({ summary: '一份进展报告（含附件）' })
  @ApiOkResponse({ type: ReportResponseDto })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.reading.get(user, id);
  }

  @Post(':id/accept')
  @Roles('office')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '统筹办审核通过' })
  @ApiOkResponse({ type: ReportResponseDto })
  accept(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AcceptReportDto) {
    return this.review.accept(user, id, dto);
  }

  @Post(':id/return')
  @Roles('office')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '统筹办退回（须填写退回意见）' })
  @ApiOkResponse({ type: ReportResponseDto })
  returnReport(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() dto: ReturnReportDto) {
    return this.review.returnReport(user, id, dto);
  }
}
