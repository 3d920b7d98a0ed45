import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_STATUSES } from './report.dto';

/** OpenAPI shapes of what the reports and attachments routes answer (built by report-response.ts). */
export class ReportWarningDto {
  @ApiProperty({ description: '合理性提示代码' }) code: string;
  @ApiProperty({ description: '提示内容（中文）' }) message: string;
}

export class AttachmentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: '上传时的文件名' }) fileName: string;
  @ApiProperty({ example: 'application/pdf' }) mediaType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ReportResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiPropertyOptional() taskTitle?: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiPropertyOptional() unitName?: string;
  @ApiProperty({ example: '2022-05' }) period: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: Number, nullable: true }) percent: number | null;
  @ApiProperty({ type: String, nullable: true }) milestone: string | null;
  @ApiProperty({ type: String, nullable: true }) problems: string | null;
  @ApiProperty({ type: String, nullable: true }) nextSteps: string | null;
  @ApiProperty({ type: [ReportWarningDto] }) warnings: ReportWarningDto[];
  @ApiProperty({ type: String, nullable: true }) reviewComment: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) reviewedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) submittedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ type: [AttachmentSummaryDto] }) attachments?: AttachmentSummaryDto[];
}

/** A report not saved yet has no id, version or timestamps. */
export class DraftReportDto {
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) id: string | null;
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiPropertyOptional() taskTitle?: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiPropertyOptional() unitName?: string;
  @ApiProperty() period: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: Number, nullable: true }) percent: number | null;
  @ApiProperty({ type: String, nullable: true }) milestone: string | null;
  @ApiProperty({ type: String, nullable: true }) problems: string | null;
  @ApiProperty({ type: String, nullable: true }) nextSteps: string | null;
  @ApiProperty({ type: [ReportWarningDto] }) warnings: ReportWarningDto[];
  @ApiProperty({ type: String, nullable: true }) reviewComment: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) reviewedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) submittedAt: string | null;
  @ApiProperty({ type: Number, nullable: true }) version: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) createdAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) updatedAt: string | null;
  @ApiPropertyOptional({ type: [AttachmentSummaryDto] }) attachments?: AttachmentSummaryDto[];
}

export class DraftResponseDto {
  @ApiProperty({ example: '2022-05' }) period: string;
  @ApiProperty({ example: '2022年5月' }) periodLabel: string;
  @ApiProperty({ format: 'date' }) reportDueDate: string;
  @ApiProperty({ description: 'false：尚未保存，内容由 prefilledFrom 期预填' }) existing: boolean;
  @ApiProperty({ type: String, nullable: true }) prefilledFrom: string | null;
  @ApiProperty({ type: DraftReportDto }) report: DraftReportDto;
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportResponseDto] }) items: ReportResponseDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class BatchReportResultDto {
  @ApiProperty({ type: [ReportResponseDto] }) items: ReportResponseDto[];
}
