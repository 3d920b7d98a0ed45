import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI shapes of the documents and import routes (the preview is libs/domain's ImportPreview). */
const PRECISIONS = ['day', 'month', 'quarter', 'year', 'ongoing', 'default'];

export class DeadlineDto {
  @ApiProperty({ description: '原文' }) text: string;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: '长期任务为 null' }) date: string | null;
  @ApiProperty({ enum: PRECISIONS }) precision: string;
}

export class UnitRefDto {
  @ApiProperty({ description: '原文写法' }) name: string;
  @ApiProperty({ description: '规范单位名称' }) unit: string;
  @ApiPropertyOptional({ description: '“各镇、街道”等集合称谓' }) collective?: boolean;
}

export class PreviewUnitDto extends UnitRefDto {
  @ApiProperty({ enum: ['lead', 'co'] }) role: string;
  @ApiProperty({ type: [String] }) sections: string[];
}

/** A contact person (联系人) of a measure, in the preview and in the stored measure alike. */
export class ContactDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) unit: string | null;
}

/** What a measure says, in the preview and once stored. */
class MeasureTextDto {
  @ApiProperty({ example: '19-1' }) number: string;
  @ApiProperty({ type: String, nullable: true }) parent: string | null;
  @ApiProperty({ type: String, nullable: true }) section: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) body: string | null;
  @ApiProperty() applicable: boolean;
  @ApiProperty({ type: String, nullable: true }) notApplicableReason: string | null;
  @ApiProperty({ type: String, nullable: true }) upstreamText: string | null;
  @ApiProperty({ type: [String] }) upstreamLeads: string[];
  @ApiProperty({ type: String, nullable: true }) goal: string | null;
}

/** A document's header, in the preview and once stored. */
class DocumentHeaderDto {
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) issuer: string | null;
  @ApiProperty({ type: String, nullable: true }) docNumber: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) issueDate: string | null;
  @ApiProperty({ enum: ['province', 'city', 'district', 'unknown'] }) level: string;
  @ApiProperty() defaultYear: number;
  @ApiProperty({ enum: ['compendium', 'measures'] }) shape: string;
}

export class PreviewTaskDto {
  @ApiProperty({ enum: ['work', 'safeguard', 'measure'] }) kind: string;
  @ApiProperty() ordinal: number;
  @ApiProperty() text: string;
  @ApiProperty({ type: [String] }) units: string[];
  @ApiProperty({ type: [PreviewUnitDto] }) assignments: PreviewUnitDto[];
  @ApiProperty({ type: DeadlineDto }) deadline: DeadlineDto;
  @ApiProperty({ description: '原文行号' }) line: number;
}

export class PreviewMeasureDto extends MeasureTextDto {
  @ApiProperty({ type: UnitRefDto, nullable: true }) lead: UnitRefDto | null;
  @ApiProperty({ type: [PreviewUnitDto] }) units: PreviewUnitDto[];
  @ApiProperty({ type: [ContactDto] }) contacts: ContactDto[];
  @ApiProperty({ type: DeadlineDto, nullable: true }) deadline: DeadlineDto | null;
  @ApiProperty({ type: [PreviewTaskDto] }) tasks: PreviewTaskDto[];
  @ApiProperty() line: number;
}

export class PreviewSectionDto {
  @ApiProperty() heading: string;
  @ApiProperty({ type: UnitRefDto, nullable: true }) lead: UnitRefDto | null;
  @ApiProperty() line: number;
  @ApiPropertyOptional({ type: [UnitRefDto] }) leads?: UnitRefDto[];
  @ApiPropertyOptional() intro?: string;
}

export class PreviewWarningDto {
  @ApiProperty({ description: '原文行号' }) line: number;
  @ApiProperty({ example: 'UNIT_UNASSIGNED' }) code: string;
  @ApiProperty({ description: '提示（中文）' }) message: string;
  @ApiPropertyOptional({ description: '所属措施编号' }) measure?: string;
}

export class PreviewDocumentDto extends DocumentHeaderDto {
  @ApiProperty({ type: DeadlineDto }) defaultDeadline: DeadlineDto;
}

export class PreviewStatsDto {
  @ApiProperty() measures: number;
  @ApiProperty() applicable: number;
  @ApiProperty() notApplicable: number;
  @ApiProperty() tasks: number;
  @ApiProperty({ description: '没有责任单位的措施数' }) unassigned: number;
  @ApiProperty() units: number;
}

export class ParseCoverageDto {
  @ApiProperty() nonBlankLines: number;
  @ApiProperty() consumedLines: number;
  @ApiProperty() unplacedLines: number;
}

export class ImportPreviewDto {
  @ApiProperty({ type: PreviewDocumentDto }) document: PreviewDocumentDto;
  @ApiProperty({ type: [PreviewSectionDto] }) sections: PreviewSectionDto[];
  @ApiProperty({ type: [PreviewMeasureDto] }) measures: PreviewMeasureDto[];
  @ApiProperty({ type: [PreviewWarningDto] }) warnings: PreviewWarningDto[];
  @ApiProperty({ type: PreviewStatsDto }) stats: PreviewStatsDto;
  @ApiPropertyOptional({ type: ParseCoverageDto }) coverage?: ParseCoverageDto;
}

export class ImportPreviewResponseDto {
  @ApiProperty({ format: 'uuid', description: '提交时使用；预览在 Redis 中暂存' }) previewId: string;
  @ApiProperty() sourceHash: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: '同一文件已导入时为其 id' }) existingDocumentId: string | null;
  @ApiProperty({ type: ImportPreviewDto }) preview: ImportPreviewDto;
}

export class CommitResultDto {
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ description: 'false：同一文件此前已导入，未重复写入' }) created: boolean;
  @ApiProperty() measures: number;
  @ApiProperty() tasks: number;
  @ApiProperty() units: number;
}

export class DocumentSummaryDto extends DocumentHeaderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'imported / published' }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: '演示数据：样例文件日期整体平移的天数；用户导入的文件为 null' }) demoShiftDays: number | null;
  @ApiProperty() measures: number;
  @ApiProperty() tasks: number;
}

export class DocumentSectionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() heading: string;
  @ApiProperty({ type: String, nullable: true }) lead: string | null;
}

export class DocumentDetailDto extends DocumentHeaderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'imported / published' }) status: string;
  @ApiProperty({ type: String, nullable: true }) sourceName: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) publishedAt: string | null;
  @ApiProperty({ type: [DocumentSectionDto] }) sections: DocumentSectionDto[];
}

export class MeasureTaskUnitDto {
  @ApiProperty() unit: string;
  @ApiProperty({ enum: ['lead', 'co'] }) role: string;
  @ApiProperty({ type: String, nullable: true }) section: string | null;
  @ApiProperty({ type: String, nullable: true }) nameAsWritten: string | null;
}

export class MeasureTaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() kind: string;
  @ApiProperty() ordinal: number;
  @ApiProperty() title: string;
  @ApiProperty() text: string;
  @ApiProperty() state: string;
  @ApiProperty({ type: DeadlineDto }) deadline: DeadlineDto;
  @ApiProperty({ type: [MeasureTaskUnitDto] }) units: MeasureTaskUnitDto[];
}

export class MeasureDto extends MeasureTextDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) lead: string | null;
  @ApiProperty({ enum: ['monthly', 'weekly', 'dekad'], description: '报送周期（措施级设置）' }) cadence: string;
  @ApiProperty({ type: [ContactDto] }) contacts: ContactDto[];
  @ApiProperty({ type: [MeasureTaskDto] }) tasks: MeasureTaskDto[];
}
