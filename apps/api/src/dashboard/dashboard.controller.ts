import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../auth/auth.decorators';
import { DashboardService } from './dashboard.service';
import { DashboardQueryDto } from './dto/dashboard-query.dto';
import { DashboardDto } from './dto/dashboard-response.dto';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboards: DashboardService) {}

  @Get()
  @ApiOperation({
    summary:
      '看板：任务总数、各状态、逾期/临期/超期未签收/未报送、红黄绿灯、未办结督办、待审核事项，合计及按单位（作为牵头单位）统计。' +
      '统筹办、领导统计全部已交办任务；承办单位只统计本单位牵头或参与的已交办任务',
  })
  @ApiOkResponse({ type: DashboardDto })
  @ApiForbiddenResponse({ description: 'UNIT_SCOPE_FORBIDDEN：承办单位传入其他单位的 unitId' })
  get(@CurrentUser() user: AuthUser, @Query() query: DashboardQueryDto): Promise<DashboardDto> {
    return this.dashboards.dashboard(user, query);
  }
}
