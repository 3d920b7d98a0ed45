import { Module } from '@nestjs/common';
import { TaskAccessService } from '../tasks/task-access.service';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';

/** Report attachments: streamed upload with size and magic-byte checks, authorised download, delete. */
@Module({ controllers: [AttachmentsController], providers: [AttachmentsService, AttachmentsRepository, TaskAccessService] })
export class AttachmentsModule {}
