import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { ExtensionsController } from './extensions.controller';
import { ExtensionsService } from './extensions.service';

@Module({ imports: [TasksModule], controllers: [ExtensionsController], providers: [ExtensionsService] })
export class ExtensionsModule {}
