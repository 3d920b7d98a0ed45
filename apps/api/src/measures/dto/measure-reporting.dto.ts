import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { REPORT_CADENCES, type ReportCadence } from '@luoshi/domain/reports';

/** How the tasks of one measure report: set once for the measure instead of task by task. */
export class UpdateMeasureReportingDto {
  @ApiProperty({ enum: REPORT_CADENCES, description: '报送周期：monthly 每月、weekly 每周、dekad 每旬' })
  @IsIn(REPORT_CADENCES)
  reportCadence: ReportCadence;

  @ApiPropertyOptional({ description: '是否要求每次报送附佐证材料（缺省不改）' })
  @IsOptional()
  @IsBoolean()
  evidenceRequired?: boolean;
}

export class MeasureReportingResponseDto {
  @ApiProperty({ format: 'uuid' }) measureId: string;
  @ApiProperty({ enum: REPORT_CADENCES }) reportCadence: ReportCadence;
  @ApiProperty({ description: '随之调整的任务数（已办结、不涉及的任务不变）' }) tasksChanged: number;
  @ApiProperty({ type: [String], format: 'uuid' }) taskIds: string[];
}
