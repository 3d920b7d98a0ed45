import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { SupervisionController } from './supervision.controller';
import { SupervisionRepository } from './supervision.repository';
import { SupervisionService } from './supervision.service';

@Module({ imports: [TasksModule], controllers: [SupervisionController], providers: [SupervisionService, SupervisionRepository] })
export class SupervisionModule {}
