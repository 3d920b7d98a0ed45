import { Body, Controller, Get, Injectable, Param, PipeTransform } from '@nestjs/common';
import { Put } from '../common/write-routes';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@luoshi/domain/errors';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { CalendarYearDto, PutCalendarYearDto } from './dto/calendar.dto';
import { WorkCalendarService } from './work-calendar.service';

/** `:year` in a path: an integer year 2000–2100, else 400 CALENDAR_YEAR_INVALID. */
@Injectable()
export class ParseYearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = /^\d{4}$/.test(value) ? Number(value) : NaN;
    if (!(year >= 2000 && year <= 2100)) {
      throw new DomainError('invalid', 'CALENDAR_YEAR_INVALID', '年份格式不正确', {
        fields: [{ field: 'year', code: 'CALENDAR_YEAR_INVALID', message: 'year：应为 2000 至 2100 之间的年份' }],
      });
    }
    return year;
  }
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: WorkCalendarService) {}

  @Get(':year')
  @ApiParam({ name: 'year', example: 2022 })
  @ApiOperation({ summary: '某年节假日安排（放假日与调休上班日），签收、督办反馈等按工作日计算的时限据此推算' })
  @ApiOkResponse({ type: CalendarYearDto })
  get(@Param('year', ParseYearPipe) year: number): Promise<CalendarYearDto> {
    return this.calendar.year(year);
  }

  @Put(':year')
  @Roles('office')
  @ApiParam({ name: 'year', example: 2027 })
  @ApiOperation({ summary: '录入或更正某年节假日安排（整年替换，按国务院办公厅通知）' })
  @ApiOkResponse({ type: CalendarYearDto })
  put(@CurrentUser() user: AuthUser, @Param('year', ParseYearPipe) year: number, @Body() dto: PutCalendarYearDto): Promise<CalendarYearDto> {
    return this.calendar.replaceYear(user, year, dto.days);
  }
}
