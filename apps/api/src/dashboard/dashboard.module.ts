import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { DashboardCountRepository } from './dashboard-count.repository';
import { DashboardTallyRepository } from './dashboard-tally.repository';

/** The office's and leaders' dashboard (bureaus: their own unit's), read-only. */
@Module({ imports: [TasksModule], controllers: [DashboardController], providers: [DashboardService, DashboardTallyRepository, DashboardCountRepository] })
export class DashboardModule {}
