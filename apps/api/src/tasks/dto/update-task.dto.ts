import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { REPORT_CADENCES, type ReportCadence } from '@luoshi/domain/reports';
import { VersionedDto } from './transition.dto';
import { IsDateInWindow } from '../../common/date-window';

/** Office corrections. A changed deadline adds a history row (source 'correction'); earlier ones are kept. */
export class UpdateTaskDto extends VersionedDto {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2022-12-31', description: '新的完成时限；null 表示长期（无固定时限）' })
  @ValidateIf((_, value) => value !== null)
  @IsOptional()
  @IsDateInWindow()
  dueDate?: string | null;

  @ApiPropertyOptional({ description: '完成时限原文，如“2022年年底”；缺省时按日期生成' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  deadlineText?: string;

  @ApiPropertyOptional({ description: '修改原因，记入变更记录' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ enum: REPORT_CADENCES })
  @IsOptional()
  @IsIn(REPORT_CADENCES)
  reportCadence?: ReportCadence;

  @ApiPropertyOptional({ description: '是否要求每次报送附佐证材料' })
  @IsOptional()
  @IsBoolean()
  evidenceRequired?: boolean;
}
