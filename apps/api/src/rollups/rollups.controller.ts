import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { Post } from '../common/write-routes';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AllowReadOnlyRoles, AuthUser, CurrentUser } from '../auth/auth.decorators';
import { contentDisposition } from '../attachments/attachments.service';
import { PageQueryDto } from '../common/page-query.dto';
import { PageDto as PageOf } from '../common/paging';
import {
  CompareRollupsQueryDto,
  CreateLedgerDto,
  ListLedgersQueryDto,
  ListPeriodsQueryDto,
  RollupParamsDto,
  RollupTasksQueryDto,
} from './dto/rollup-query.dto';
import { LedgerDto, PeriodDto, RollupComparisonDto, RollupDto, RollupMeasureRowDto, RollupTaskRowDto, type PageDto } from './dto/rollup-response.dto';
import { LedgersService } from './ledgers.service';
import { RollupsService } from './rollups.service';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('rollups')
@ApiBearerAuth()
@Controller('rollups')
export class RollupsController {
  constructor(private readonly rollups: RollupsService) {}

  @Get('periods')
  @ApiOperation({ summary: '调度周期列表（含是否已生成汇总），新的在前' })
  @ApiOkResponse({ type: PageOf(PeriodDto) })
  periods(@CurrentUser() user: AuthUser, @Query() query: ListPeriodsQueryDto): Promise<PageDto<PeriodDto>> {
    return this.rollups.periods(user, query);
  }

  @Get('compare')
  @ApiOperation({ summary: '对比两个周期的汇总：各单位的变化、新增逾期/滞后和已好转的任务' })
  @ApiOkResponse({ type: RollupComparisonDto })
  compare(@CurrentUser() user: AuthUser, @Query() query: CompareRollupsQueryDto): Promise<RollupComparisonDto> {
    return this.rollups.compare(user, query);
  }

  @Get(':cadence/:period')
  @ApiOperation({ summary: '一个周期的调度汇总：按单位统计（承办单位只看本单位）' })
  @ApiOkResponse({ type: RollupDto })
  rollup(@CurrentUser() user: AuthUser, @Param() params: RollupParamsDto): Promise<RollupDto> {
    return this.rollups.rollup(user, params);
  }

  @Get(':cadence/:period/measures')
  @ApiOperation({ summary: '一个周期的调度汇总：按措施统计（承办单位只看本单位牵头的措施）' })
  @ApiOkResponse({ type: PageOf(RollupMeasureRowDto) })
  measures(@CurrentUser() user: AuthUser, @Param() params: RollupParamsDto, @Query() query: PageQueryDto): Promise<PageDto<RollupMeasureRowDto>> {
    return this.rollups.measures(user, params, query);
  }

  @Get(':cadence/:period/tasks')
  @ApiOperation({ summary: '一个周期末逾期、滞后的任务及天数（承办单位只看本单位参与的任务）' })
  @ApiOkResponse({ type: PageOf(RollupTaskRowDto) })
  tasks(@CurrentUser() user: AuthUser, @Param() params: RollupParamsDto, @Query() query: RollupTasksQueryDto): Promise<PageDto<RollupTaskRowDto>> {
    return this.rollups.tasks(user, params, query);
  }
}

@ApiTags('ledgers')
@ApiBearerAuth()
@Controller('ledgers')
export class LedgersController {
  constructor(private readonly ledgers: LedgersService) {}

  @Post()
  @AllowReadOnlyRoles() // a read of the caller's own scope: it changes no shared data
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: '申请导出工作台账（.xlsx，筛选条件同任务列表）；生成后通知申请人' })
  @ApiAcceptedResponse({ type: LedgerDto })
  request(@CurrentUser() user: AuthUser, @Body() body: CreateLedgerDto): Promise<LedgerDto> {
    return this.ledgers.request(user, body);
  }

  @Get()
  @ApiOkResponse({ type: PageOf(LedgerDto) })
  @ApiOperation({ summary: '台账导出记录（分页，新的在前；承办单位只看本单位的）：状态、申请时间、大小、下载地址' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListLedgersQueryDto): Promise<PageDto<LedgerDto>> {
    return this.ledgers.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: '台账生成状态' })
  @ApiOkResponse({ type: LedgerDto })
  status(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<LedgerDto> {
    return this.ledgers.status(user, id);
  }

  @Get(':id/file')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: '下载台账文件' })
  @ApiOkResponse({ description: '台账 .xlsx', content: { [XLSX_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  async file(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const file = await this.ledgers.openFile(user, id);
    return new StreamableFile(file.stream, { type: XLSX_TYPE, length: file.size, disposition: contentDisposition(file.fileName) });
  }
}
