import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Req, StreamableFile } from '@nestjs/common';
import { Delete, Post } from '../common/write-routes';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { AttachmentSummaryDto } from '../reports/dto/report-response.dto';
import { AttachmentsService, contentDisposition } from './attachments.service';
import { AttachmentLimitsDto } from './dto/attachment-limits.dto';

@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post('reports/:id/attachments')
  @Roles('bureau', 'office')
  @ApiOperation({ summary: '上传报告附件（multipart，字段 file；PDF/DOCX/XLSX/PNG/JPEG，按文件内容识别类型）' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiCreatedResponse({ type: AttachmentSummaryDto })
  @ApiPayloadTooLargeResponse({ description: 'ATTACHMENT_TOO_LARGE' })
  @ApiUnsupportedMediaTypeResponse({ description: 'ATTACHMENT_TYPE_NOT_ALLOWED' })
  upload(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) reportId: string, @Req() req: FastifyRequest) {
    return this.attachments.uploadTo(user, reportId, req);
  }

  // before `attachments/:id`, which would read "limits" as an id
  @Get('attachments/limits')
  @ApiOperation({ summary: '附件限制：大小、类型、每份报告的个数（上传前展示）' })
  @ApiOkResponse({ type: AttachmentLimitsDto })
  limits(): AttachmentLimitsDto {
    return this.attachments.limits();
  }

  @Get('attachments/:id')
  @ApiOperation({ summary: '下载附件' })
  @ApiOkResponse({
    description: '文件内容（Content-Type 为上传时识别的类型）',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  async download(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<StreamableFile> {
    const file = await this.attachments.openForDownload(user, id);
    return new StreamableFile(file.stream, {
      type: file.mediaType,
      length: file.sizeBytes,
      disposition: contentDisposition(file.fileName),
    });
  }

  @Delete('attachments/:id')
  @Roles('bureau', 'office')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '删除附件（仅报告为草稿或被退回时）' })
  @ApiNoContentResponse()
  remove(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.attachments.remove(user, id);
  }
}
