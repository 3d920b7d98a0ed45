import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNotEmpty, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { CalendarDayKind } from '@luoshi/domain/calendar';

const KINDS: CalendarDayKind[] = ['holiday', 'workday'];

export class CalendarDayDto {
  @ApiProperty({ example: '2022-10-01' })
  @IsString()
  @MaxLength(10)
  day: string;

  @ApiProperty({ enum: KINDS, description: 'holiday 放假；workday 调休上班（周六或周日）' })
  @IsIn(KINDS)
  kind: CalendarDayKind;

  @ApiProperty({ example: '国庆节' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;
}

/** A whole year's schedule: it replaces what was stored for that year. */
export class PutCalendarYearDto {
  @ApiProperty({ type: [CalendarDayDto] })
  @IsArray()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  days: CalendarDayDto[];
}

export class CalendarYearDto {
  @ApiProperty({ example: 2022 }) year: number;
  @ApiProperty({ type: [CalendarDayDto], description: '与周一至周五不同的日子，按日期排序' }) days: CalendarDayDto[];
}
