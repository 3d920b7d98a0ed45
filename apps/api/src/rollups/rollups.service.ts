import { Injectable } from '@nestjs/common';
import { DomainError, noUnit } from '@luoshi/domain/errors';
import { periodBounds, periodLabelZh, type ReportCadence } from '@luoshi/domain/reports';
import type { AuthUser } from '../auth/auth.decorators';
import type { CompareRollupsQueryDto, ListPeriodsQueryDto, RollupParamsDto, RollupTasksQueryDto } from './dto/rollup-query.dto';
import type { PageQueryDto } from '../common/page-query.dto';
import type {
  PageDto,
  PeriodDto,
  RollupComparisonDto,
  RollupCountsDto,
  RollupDto,
  RollupHeaderDto,
  RollupMeasureRowDto,
  RollupTaskRowDto,
  UnitMovementDto,
} from './dto/rollup-response.dto';
import { CountsRow, RollupRow, RollupsRepository } from './rollups.repository';

const MOVED_TASKS_PER_KIND = 200;

/** The unit a caller's reads are limited to: a bureau's own; null (everything) for office and leader. */
export function unitScope(user: AuthUser): string | null {
  if (user.role !== 'bureau') return null;
  if (!user.unitId) throw noUnit('无法查看调度汇总');
  return user.unitId;
}

function counts(row: CountsRow): RollupCountsDto {
  return {
    total: row.total,
    notStarted: row.not_started,
    inProgress: row.in_progress,
    submittedDone: row.submitted_done,
    completed: row.completed,
    notApplicable: row.not_applicable,
    overdue: row.overdue,
    lagging: row.lagging,
    completionRate: row.completion_rate === null ? null : Number(row.completion_rate),
    rank: row.rank,
  };
}

function header(row: RollupRow): RollupHeaderDto {
  return {
    id: row.id,
    cadence: row.cadence,
    period: row.period_key,
    label: periodLabelZh(row.cadence as ReportCadence, row.period_key),
    periodStart: row.period_start,
    periodEnd: row.period_end,
    builtAt: row.built_at.toISOString(),
    taskCount: row.task_count,
  };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Reads of the frozen period rollups (月调度汇总): the periods, one period's rows per unit, per
 * measure and its overdue/lagging tasks, and what moved between two periods. The office and
 * leaders read everything; a bureau its own unit's rows (see RollupsRepository).
 */
@Injectable()
export class RollupsService {
  constructor(private readonly repository: RollupsRepository) {}

  async periods(_user: AuthUser, query: ListPeriodsQueryDto): Promise<PageDto<PeriodDto>> {
    const page = await this.repository.listPeriods(query.cadence ?? null, query);
    const items = page.items.map((row): PeriodDto => {
      const cadence = row.cadence as ReportCadence;
      const bounds = periodBounds(cadence, row.period);
      return {
        cadence: row.cadence,
        period: row.period,
        label: periodLabelZh(cadence, row.period),
        periodStart: bounds.start,
        periodEnd: bounds.end,
        status: row.status,
        openedAt: iso(row.opened_at),
        closedAt: iso(row.closed_at),
        rollup: row.rollup_id ? { id: row.rollup_id, builtAt: (row.built_at as Date).toISOString(), taskCount: row.task_count as number } : null,
      };
    });
    return { ...page, items };
  }

  async rollup(user: AuthUser, params: RollupParamsDto): Promise<RollupDto> {
    const scope = unitScope(user);
    const rollup = await this.load(params.cadence, params.period);
    const units = await this.repository.units(rollup.id, scope);
    return {
      rollup: header(rollup),
      units: units.map((u) => ({ unitId: u.unit_id, unitName: u.unit_name, unreportedTasks: u.unreported_tasks, ...counts(u) })),
    };
  }

  async measures(user: AuthUser, params: RollupParamsDto, query: PageQueryDto): Promise<PageDto<RollupMeasureRowDto>> {
    const scope = unitScope(user);
    const rollup = await this.load(params.cadence, params.period);
    const page = await this.repository.measures(rollup.id, scope, query);
    return {
      ...page,
      items: page.items.map((m) => ({
        measureId: m.measure_id,
        documentId: m.document_id,
        measureNumber: m.measure_number,
        measureTitle: m.measure_title,
        leadUnitId: m.lead_unit_id,
        leadUnitName: m.lead_unit_name,
        unreportedUnitNames: m.unreported_unit_names,
        ...counts(m),
      })),
    };
  }

  async tasks(user: AuthUser, params: RollupParamsDto, query: RollupTasksQueryDto): Promise<PageDto<RollupTaskRowDto>> {
    const scope = unitScope(user);
    const rollup = await this.load(params.cadence, params.period);
    const page = await this.repository.tasks(rollup.id, scope, query, query);
    return {
      ...page,
      items: page.items.map((t) => ({
        taskId: t.task_id,
        measureId: t.measure_id,
        measureNumber: t.measure_number,
        title: t.title,
        state: t.state,
        dueDate: t.due_date,
        leadUnitId: t.lead_unit_id,
        leadUnitName: t.lead_unit_name,
        overdue: t.overdue,
        overdueDays: t.overdue_days,
        lagging: t.lagging,
        laggingReason: t.lagging_reason,
        laggingDays: t.lagging_days,
      })),
    };
  }

  async compare(user: AuthUser, query: CompareRollupsQueryDto): Promise<RollupComparisonDto> {
    const scope = unitScope(user);
    if (query.from >= query.to) {
      throw new DomainError('invalid', 'ROLLUP_COMPARE_ORDER', '对比的起始周期应早于结束周期', {
        fields: [{ field: 'from', code: 'ROLLUP_COMPARE_ORDER', message: 'from：应早于 to' }],
      });
    }
    const [from, to] = [await this.load(query.cadence, query.from), await this.load(query.cadence, query.to)];
    const [units, tasks] = await Promise.all([
      this.repository.unitMovements(from.id, to.id, scope),
      this.repository.taskMovements(from.id, to.id, scope, MOVED_TASKS_PER_KIND),
    ]);
    const taskCounts = { newlyOverdue: 0, newlyLagging: 0, recovered: 0 };
    for (const t of tasks) {
      const key = t.movement === 'newly_overdue' ? 'newlyOverdue' : t.movement === 'newly_lagging' ? 'newlyLagging' : 'recovered';
      taskCounts[key] = t.movement_total;
    }
    return {
      from: header(from),
      to: header(to),
      units: units.map((u) => movement(u.unit_id, u.unit_name, u.a ? counts(u.a) : null, u.b ? counts(u.b) : null)),
      tasks: tasks.map((t) => ({
        taskId: t.task_id,
        title: t.title,
        measureNumber: t.measure_number,
        leadUnitName: t.lead_unit_name,
        movement: t.movement,
        overdueDays: t.overdue_days,
        laggingDays: t.lagging_days,
      })),
      taskCounts,
    };
  }

  private async load(cadence: ReportCadence, period: string): Promise<RollupRow> {
    periodBounds(cadence, period); // 400 REPORT_PERIOD_INVALID for a key that names no period (2026-13)
    const rollup = await this.repository.findRollup(cadence, period);
    if (!rollup) throw new DomainError('not_found', 'ROLLUP_NOT_FOUND', `${periodLabelZh(cadence, period)}的调度汇总尚未生成`);
    return rollup;
  }
}

/** What changed for one unit between two snapshots, and whether it slipped. */
export function movement(unitId: string, unitName: string, from: RollupCountsDto | null, to: RollupCountsDto | null): UnitMovementDto {
  const rateChange = from?.completionRate != null && to?.completionRate != null ? Math.round((to.completionRate - from.completionRate) * 10) / 10 : null;
  const rankChange = from?.rank != null && to?.rank != null ? from.rank - to.rank : null;
  const overdueChange = (to?.overdue ?? 0) - (from?.overdue ?? 0);
  const laggingChange = (to?.lagging ?? 0) - (from?.lagging ?? 0);
  return {
    unitId,
    unitName,
    from,
    to,
    completionRateChange: rateChange,
    overdueChange,
    laggingChange,
    rankChange,
    slipped: (rateChange !== null && rateChange < 0) || (rankChange !== null && rankChange < 0) || overdueChange > 0 || laggingChange > 0,
  };
}
