import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { APP_CONFIG, AppConfig } from '@luoshi/infra';
import { DocumentImportService } from './document-import.service';
import { DocumentsController } from './documents.controller';
import { DocumentsQueryService } from './documents-query.service';
import { ImportStagingService } from './import-staging.service';

@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      // documents are small (a 60-page compendium is ~100 KB of text); the limit cuts the upload off
      useFactory: (config: AppConfig) => ({ storage: memoryStorage(), limits: { fileSize: config.IMPORT_MAX_BYTES, files: 1, fields: 10 } }),
    }),
  ],
  controllers: [DocumentsController],
  providers: [DocumentImportService, DocumentsQueryService, ImportStagingService],
  exports: [DocumentImportService],
})
export class DocumentsModule {}
