import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@luoshi/domain/errors';
import { Roles } from '../auth/auth.decorators';
import { DocumentImportService } from './document-import.service';
import { DocumentsQueryService } from './documents-query.service';
import { ImportStagingService } from './import-staging.service';
import { CommitImportDto } from './dto/commit-import.dto';
import { SUPPORTED_TYPES_ZH } from './text-extraction';

const SUPPORTED_EXTENSIONS = /\.(txt|docx|pdf)$/i;

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly imports: DocumentImportService,
    private readonly queries: DocumentsQueryService,
    private readonly staging: ImportStagingService,
  ) {}

  @Post('imports')
  @Roles('office')
  @ApiOperation({ summary: 'Upload a policy document (.txt/.docx/.pdf) and get its import preview; stores nothing' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @UseInterceptors(FileInterceptor('file'))
  async preview(@UploadedFile() file: Express.Multer.File | undefined) {
    if (!file) throw new DomainError('validation', 'FILE_REQUIRED', '请上传文件', { fields: [{ field: 'file', code: 'FILE_REQUIRED', message: 'file：请上传文件' }] });
    // multer decodes the name as latin1; browsers send UTF-8
    const fileName = Buffer.from(file.originalname, 'latin1').toString('utf8');
    if (!SUPPORTED_EXTENSIONS.test(fileName)) {
      throw new DomainError('unsupported_media_type', 'IMPORT_UNSUPPORTED_TYPE', `不支持的文件类型。${SUPPORTED_TYPES_ZH}`);
    }
    const { text, sourceHash, preview, existingDocumentId } = await this.imports.parseFile(file.buffer, fileName);
    const previewId = await this.staging.stage({ text, fileName });
    return { previewId, sourceHash, existingDocumentId, preview };
  }

  @Post('imports/:previewId/commit')
  @Roles('office')
  @HttpCode(200)
  @ApiOperation({ summary: 'Commit a preview, optionally with corrections (assign units, fix deadlines, merge aliases); all or nothing, idempotent' })
  async commit(@Param('previewId', new ParseUUIDPipe()) previewId: string, @Body() body: CommitImportDto) {
    const staged = await this.staging.get(previewId);
    const result = await this.imports.commitText(staged.text, staged.fileName, body);
    await this.staging.discard(previewId);
    return result;
  }

  @Get()
  @Roles('office', 'leader')
  @ApiOperation({ summary: 'Imported documents with measure and task counts' })
  list() {
    return this.queries.listDocuments();
  }

  @Get(':id')
  @Roles('office', 'leader')
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.queries.getDocument(id);
  }

  @Get(':id/measures')
  @Roles('office', 'leader')
  @ApiOperation({ summary: 'Measures of a document with their tasks, units, deadlines and contacts' })
  measures(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.queries.listMeasures(id);
  }
}
