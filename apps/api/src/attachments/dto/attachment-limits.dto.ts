import { ApiProperty } from '@nestjs/swagger';

/** GET /attachments/limits: what an upload may be (ATTACHMENT_MAX_BYTES and the accepted types). */
export class AttachmentLimitsDto {
  @ApiProperty({ description: '单个文件的最大字节数', example: 20971520 }) maxBytes: number;
  @ApiProperty({ description: '每份报告最多的附件数' }) maxFilesPerReport: number;
  @ApiProperty({ type: [String], example: ['.pdf', '.docx'], description: '可选的文件扩展名（类型仍按文件内容识别）' }) extensions: string[];
  @ApiProperty({ type: [String], example: ['application/pdf'] }) mediaTypes: string[];
  @ApiProperty({ description: '给用户看的说明（中文）' }) description: string;
}
