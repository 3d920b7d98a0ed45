import { Module } from '@nestjs/common';
import { DocumentImportRepository } from './document-import.repository';
import { DocumentImportService } from './document-import.service';
import { DocumentsController } from './documents.controller';
import { DocumentsQueryService } from './documents-query.service';
import { DocumentsRepository } from './documents.repository';
import { ImportStagingService } from './import-staging.service';

@Module({
  controllers: [DocumentsController],
  providers: [DocumentImportService, DocumentImportRepository, DocumentsQueryService, DocumentsRepository, ImportStagingService],
  exports: [DocumentImportService, DocumentsRepository],
})
export class DocumentsModule {}
