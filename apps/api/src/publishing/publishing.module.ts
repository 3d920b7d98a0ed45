import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { PublishingController } from './publishing.controller';
import { PublishingService } from './publishing.service';

@Module({ imports: [TasksModule], controllers: [PublishingController], providers: [PublishingService] })
export class PublishingModule {}
