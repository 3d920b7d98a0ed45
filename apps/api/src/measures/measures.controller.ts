import { Body, Controller, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { MeasureReportingResponseDto, UpdateMeasureReportingDto } from './dto/measure-reporting.dto';
import { MeasuresService } from './measures.service';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('measures')
export class MeasuresController {
  constructor(private readonly measures: MeasuresService) {}

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
