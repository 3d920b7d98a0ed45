import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module';
import { LedgerQueue } from './ledger-queue';
import { LedgersService } from './ledgers.service';
import { LedgersController, RollupsController } from './rollups.controller';
import { RollupsRepository } from './rollups.repository';
import { RollupsService } from './rollups.service';

/** Period rollups (月调度汇总: periods, a period's rows, comparisons) and ledger (台账) exports. */
@Module({
  imports: [TasksModule],
  controllers: [RollupsController, LedgersController],
  providers: [RollupsRepository, RollupsService, LedgersService, LedgerQueue],
})
export class RollupsModule {}
