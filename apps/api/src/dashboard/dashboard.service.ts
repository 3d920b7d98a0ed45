import { APP_CONFIG, type AppConfig, Clock } from '@luoshi/infra';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { latestClosedPeriod, periodOf } from '@luoshi/domain/reports';
import { shanghaiTimestamp } from '@luoshi/domain/calendar';
import { TASK_STATES } from '@luoshi/domain/tasks';
import type { AuthUser } from '../auth/auth.decorators';
import { TaskAccessService } from '../tasks/task-access.service';
import { AssessmentSettingsSource, LightDayService, lightDay } from '@luoshi/core';
import { AssessedCounts, combineCounts, emptyFactCounts, FactCounts, UnitFacts, unitRows } from './dashboard-aggregation';
import { DashboardCountRepository } from './dashboard-count.repository';
import type { DashboardQueryDto } from './dto/dashboard-query.dto';
import type { DashboardDto } from './dto/dashboard-response.dto';
import { DashboardTallyRepository, type FactRow } from './dashboard-tally.repository';
import { SharedAnswer } from './shared-answer';

/**
 * GET /dashboard: counts over the published tasks in the caller's scope (a bureau: the tasks its
 * unit leads or shares; office and leader: all), totalled and per unit as lead.
 *  - The office's and leaders' whole dashboard is the counters the database keeps (task_tally,
 *    DashboardTallyRepository), one answer shared by all of them for DASHBOARD_CACHE_MS: it is the
 *    same for every office and leader user, and several open it at once every morning. When a read
 *    beats the new day's recompute of the stored lights, it answers with the previous day's
 *    (`lightsPending`, `asOf` that day) instead of waiting tens of seconds.
 *  - A bureau's whole dashboard is its unit's rows of the same counters, which keep each unit's own
 *    verdict (its own signature for 签收) and a co unit's own reports awaiting review.
 *  - A filtered one, or a bureau's while the day's recompute runs, is counted over the scoped tasks
 *    (DashboardCountRepository).
 */
@Injectable()
export class DashboardService {
  private readonly whole: SharedAnswer<DashboardDto>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: TaskAccessService,
    private readonly assessmentSettings: AssessmentSettingsSource,
    private readonly clock: Clock,
    private readonly lightDays: LightDayService,
    private readonly tally: DashboardTallyRepository,
    private readonly counts: DashboardCountRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.whole = new SharedAnswer(config.DASHBOARD_CACHE_MS, () => clock.now().getTime());
  }

  async dashboard(user: AuthUser, query: DashboardQueryDto): Promise<DashboardDto> {
    // a bureau may name its own unit only (403, audited, otherwise); the scope comes from the principal
    await this.access.assertUnitFilter(this.dataSource.manager, user, query.unitId);
    const unfiltered = !query.documentId && !query.measureId && !query.unitId;
    const unitOfBureau = user.role === 'bureau' ? this.access.scopeUnit(user) : null;
    if (unitOfBureau === null && unfiltered) return this.whole.get(this.clock.today(), () => this.wholeDashboard());
    if (unitOfBureau !== null && unfiltered) return this.bureauDashboard(unitOfBureau);
    return this.countedDashboard(unitOfBureau, query);
  }

  /**
   * A bureau's whole dashboard: its unit's counters (task_tally, by its own signature) when the
   * stored lights hold for today; while the day's recompute is still running, counted with the rules
   * evaluated, so it never shows yesterday's lights to a bureau nor waits.
   */
  private async bureauDashboard(unitId: string): Promise<DashboardDto> {
    const lights = await this.lightDays.currentOrStored(0);
    const today = this.clock.today();
    if (!lights.current || lights.day.today !== today) return this.countedDashboard(unitId, {});
    const asOf = this.clock.now();
    const settings = await this.assessmentSettings.current();
    return this.answer(await this.tally.bureauFacts(unitId, today), { asOf, day: today, graceDays: settings.graceDays, lightsPending: false });
  }

  /** The office's and leaders' whole dashboard: the counters, as of the day the stored lights hold for. */
  private async wholeDashboard(): Promise<DashboardDto> {
    const asOf = this.clock.now();
    const lights = await this.lightDays.currentOrStored();
    const day = lights.current ? lights.day.today : (lights.storedToday ?? lights.day.today);
    const settings = await this.assessmentSettings.current();
    return this.answer(await this.tally.officeFacts(day), { asOf, day, graceDays: settings.graceDays, lightsPending: !lights.current });
  }

  /** A bureau's dashboard, or one filtered by document, measure or unit, counted over its tasks for today. */
  private async countedDashboard(unitOfBureau: string | null, query: DashboardQueryDto): Promise<DashboardDto> {
    const asOf = this.clock.now();
    const today = this.clock.today();
    const settings = await this.assessmentSettings.current();
    // the stored verdict is read where it holds for today; otherwise assessTask's rules are evaluated (no wait)
    const lights = await this.lightDays.currentOrStored(0);
    const storedIsCurrent = lights.current && lights.day.today === today;
    const facts = await this.counts.facts({ unitOfBureau, ...query }, storedIsCurrent ? lights.day : lightDay(today, settings), storedIsCurrent);
    return this.answer(facts, { asOf, day: today, graceDays: settings.graceDays, lightsPending: false });
  }

  private answer(facts: FactRow[], at: { asOf: Date; day: string; graceDays: number; lightsPending: boolean }): DashboardDto {
    const totalsRow = facts.find((row) => row.unit_id === null);
    const unitFacts = facts.filter((row): row is FactRow & { unit_id: string } => row.unit_id !== null);
    const units: UnitFacts[] = unitFacts.map((row) => ({
      unitId: row.unit_id,
      unitName: row.unit_name ?? '',
      asLead: toFactCounts(row),
      coTasks: row.co_tasks,
    }));
    return {
      asOf: at.day,
      asOfTime: shanghaiTimestamp(at.asOf),
      lightsPending: at.lightsPending,
      period: periodOf('monthly', at.day),
      reportPeriod: latestClosedPeriod('monthly', at.day, at.graceDays),
      totals: combineCounts(totalsRow ? toFactCounts(totalsRow) : emptyFactCounts(), totalsRow && toAssessedCounts(totalsRow)),
      byUnit: unitRows(units, new Map(unitFacts.map((row) => [row.unit_id, toAssessedCounts(row)]))),
    };
  }
}

function toAssessedCounts(row: FactRow): AssessedCounts {
  return {
    overdue: row.overdue,
    dueSoon: row.due_soon,
    receiptOverdue: row.receipt_overdue,
    reportMissing: row.report_missing,
    lagging: row.lagging,
    lights: { red: row.red, yellow: row.yellow, green: row.green },
  };
}

function toFactCounts(row: FactRow): FactCounts {
  const counts = emptyFactCounts();
  counts.tasks = row.tasks;
  for (const state of TASK_STATES) counts.byState[state] = row[`state_${state}`] ?? 0;
  counts.openNotices = { blue: row.notices_blue, yellow: row.notices_yellow, red: row.notices_red };
  counts.noticesReplyOverdue = row.notices_reply_overdue;
  counts.pendingReview = { reports: row.reports, completions: row.completions, extensions: row.extensions };
  return counts;
}
