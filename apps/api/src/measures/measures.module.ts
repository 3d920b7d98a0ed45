import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { TasksModule } from '../tasks/tasks.module';
import { MeasuresController } from './measures.controller';
import { MeasuresService } from './measures.service';

/** Measure-level settings that fan out to the measure's tasks. */
@Module({
  imports: [TasksModule, DocumentsModule],
  controllers: [MeasuresController],
  providers: [MeasuresService],
})
export class MeasuresModule {}
