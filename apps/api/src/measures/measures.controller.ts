import { Body, Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { Put } from '../common/write-routes';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { MeasureReportingResponseDto, UpdateMeasureReportingDto } from './dto/measure-reporting.dto';
import { MeasuresService } from './measures.service';
import { MeasureDto } from '../documents/dto/document-response.dto';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('measures')
export class MeasuresController {
  constructor(private readonly measures: MeasuresService) {}

  @Get(':id')
  @Roles('office', 'leader', 'bureau')
  @ApiOperation({ summary: '一项政策措施（含其任务、联系人与报送周期）；委办局只能查看本单位有任务的措施，且只列出本单位的任务' })
  @ApiOkResponse({ type: MeasureDto })
  @ApiNotFoundResponse({ description: 'MEASURE_NOT_FOUND（不存在，或委办局在该措施下没有任务）' })
  get(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<MeasureDto> {
    return this.measures.get(user, id);
  }

  @Put(':id/reporting')
  @Roles('office')
  @ApiOperation({ summary: '设置措施的报送周期（每月/每周/每旬），同步到该措施下未办结的任务' })
  @ApiOkResponse({ type: MeasureReportingResponseDto })
  @ApiNotFoundResponse({ description: 'MEASURE_NOT_FOUND' })
  updateReporting(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateMeasureReportingDto,
  ): Promise<MeasureReportingResponseDto> {
    return this.measures.updateReporting(user, id, dto);
  }
}
