import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ReportWarningDto {
  @ApiProperty({ example: 'PERCENT_DONE_NOT_MARKED' }) code: string;
  @ApiProperty({ description: '中文提示' }) message: string;
}

export class AttachmentSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fileName: string;
  @ApiProperty() mediaType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** OpenAPI shape of ReportResponse (report-response.ts maps the rows). */
export class ReportResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) taskId: string;
  @ApiPropertyOptional() taskTitle?: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiPropertyOptional() unitName?: string;
  @ApiProperty({ example: '2022-05' }) period: string;
  @ApiProperty({ enum: ['draft', 'submitted', 'accepted', 'returned'] }) status: string;
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
