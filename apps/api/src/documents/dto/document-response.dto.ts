import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DocumentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) issuer: string | null;
  @ApiProperty({ type: String, nullable: true }) docNumber: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2022-05-31' }) issueDate: string | null;
  @ApiProperty({ type: String, nullable: true }) level: string | null;
  @ApiProperty() defaultYear: number;
  @ApiProperty() shape: string;
  @ApiProperty({ enum: ['imported', 'published'] }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: '演示数据：样例文件的日期整体平移的天数（用户导入的文件为 null）' }) demoShiftDays: number | null;
  @ApiProperty({ description: '措施数' }) measures: number;
  @ApiProperty({ description: '任务数' }) tasks: number;
}

export class MeasureContactDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) unit: string | null;
}

export class MeasureTaskUnitDto {
  @ApiProperty() unit: string;
  @ApiProperty({ enum: ['lead', 'co'] }) role: string;
  @ApiProperty({ type: String, nullable: true }) section: string | null;
  @ApiProperty({ type: String, nullable: true }) nameAsWritten: string | null;
}

export class MeasureTaskDeadlineDto {
  @ApiProperty({ type: String, nullable: true }) text: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2022-12-31' }) date: string | null;
  @ApiProperty({ type: String, nullable: true }) precision: string | null;
}

export class MeasureTaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() kind: string;
  @ApiProperty() ordinal: number;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty() text: string;
  @ApiProperty() state: string;
  @ApiProperty({ type: MeasureTaskDeadlineDto }) deadline: MeasureTaskDeadlineDto;
  @ApiProperty({ type: [MeasureTaskUnitDto] }) units: MeasureTaskUnitDto[];
}

export class MeasureDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '（三）' }) number: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: '上级措施编号' }) parent: string | null;
  @ApiProperty({ type: String, nullable: true }) section: string | null;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty() body: string;
  @ApiProperty() applicable: boolean;
  @ApiProperty({ type: String, nullable: true }) notApplicableReason: string | null;
  @ApiProperty({ type: String, nullable: true }) upstreamText: string | null;
  @ApiProperty({ type: [String] }) upstreamLeads: string[];
  @ApiProperty({ type: String, nullable: true }) goal: string | null;
  @ApiProperty({ type: String, nullable: true, description: '牵头单位' }) lead: string | null;
  @ApiProperty({ type: [MeasureContactDto] }) contacts: MeasureContactDto[];
  @ApiProperty({ type: [MeasureTaskDto] }) tasks: MeasureTaskDto[];
}
