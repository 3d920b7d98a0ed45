import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Query, Req } from '@nestjs/common';
import { Post } from '../common/write-routes';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError, importUnsupportedType } from '@luoshi/domain/errors';
import { APP_CONFIG, AppConfig } from '@luoshi/infra';
import { AuthUser, CurrentUser, Roles } from '../auth/auth.decorators';
import { receiveFileBuffer } from '../common/multipart';
import { ListDocumentsQueryDto, ListMeasuresQueryDto } from './dto/list-documents-query.dto';
import { Page, PageDto } from '../common/paging';
import { DocumentImportService } from './document-import.service';
import { DocumentsQueryService } from './documents-query.service';
import { ImportStagingService } from './import-staging.service';
import { CommitImportDto } from './dto/commit-import.dto';
import { CommitResultDto, DocumentDetailDto, DocumentSummaryDto, ImportPreviewResponseDto, MeasureDto } from './dto/document-response.dto';
import { SUPPORTED_TYPES_ZH } from './text-extraction';

const SUPPORTED_EXTENSIONS = /\.(txt|tsv|docx|xlsx|pdf)$/i;
const importTooLarge = () => new DomainError('too_large', 'PAYLOAD_TOO_LARGE', '上传的内容超过大小限制');

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentsController {
  constructor(
    private readonly imports: DocumentImportService,
    private readonly queries: DocumentsQueryService,
    private readonly staging: ImportStagingService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('imports')
  @Roles('office')
  @ApiOperation({ summary: 'Upload a policy document (.txt/.tsv/.docx/.xlsx/.pdf) and get its import preview; stores nothing' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiCreatedResponse({ type: ImportPreviewResponseDto })
  async preview(@Req() req: FastifyRequest) {
    // documents are small (a 60-page compendium is ~100 KB of text), so held in memory
    const { fileName, value: buffer } = await receiveFileBuffer(req, this.config.IMPORT_MAX_BYTES, importTooLarge);
    if (!SUPPORTED_EXTENSIONS.test(fileName)) {
      throw importUnsupportedType('name', SUPPORTED_TYPES_ZH);
    }
    const { text, sourceHash, preview, existingDocumentId } = await this.imports.parseFile(buffer, fileName);
    const previewId = await this.staging.stage({ text, fileName });
    return { previewId, sourceHash, existingDocumentId, preview };
  }

  @Post('imports/:previewId/commit')
  @Roles('office')
  @HttpCode(200)
  @ApiOperation({ summary: 'Commit a preview, optionally with corrections (assign units, fix deadlines, merge aliases); all or nothing, idempotent' })
  @ApiOkResponse({ type: CommitResultDto })
  async commit(@CurrentUser() user: AuthUser, @Param('previewId', new ParseUUIDPipe()) previewId: string, @Body() body: CommitImportDto) {
    const staged = await this.staging.get(previewId);
    const result = await this.imports.commitText(user, { text: staged.text, fileName: staged.fileName, corrections: body });
    await this.staging.discard(previewId);
    return result;
  }

  @Get()
  @Roles('office', 'leader')
  @ApiOperation({ summary: 'Imported documents with measure and task counts, newest first (paged)' })
  @ApiOkResponse({ type: PageDto(DocumentSummaryDto) })
  list(@Query() query: ListDocumentsQueryDto): Promise<Page<DocumentSummaryDto>> {
    return this.queries.listDocuments(query);
  }

  @Get(':id')
  @Roles('office', 'leader')
  @ApiOkResponse({ type: DocumentDetailDto })
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.queries.getDocument(id);
  }

  @Get(':id/measures')
  @Roles('office', 'leader')
  @ApiOperation({ summary: 'Measures of a document in document order with their tasks, units, deadlines and contacts (paged)' })
  @ApiOkResponse({ type: PageDto(MeasureDto) })
  measures(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: ListMeasuresQueryDto): Promise<Page<MeasureDto>> {
    return this.queries.listMeasures(id, query);
  }
}
