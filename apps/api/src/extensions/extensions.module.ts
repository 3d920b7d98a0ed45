import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { ExtensionsController } from './extensions.controller';
import { ExtensionsRepository } from './extensions.repository';
import { ExtensionsService } from './extensions.service';

@Module({ imports: [TasksModule], controllers: [ExtensionsController], providers: [ExtensionsService, ExtensionsRepository] })
export class ExtensionsModule {}
