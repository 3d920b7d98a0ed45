/**
 * The dashboard's arithmetic, pure: the counts SQL aggregated (the lights and flags of assessTask's
 * rules, states, notices, pending reviews) shaped into one set of counts per row, and the unit rows
 * sorted worst first. Nothing here reads the database or decides a task's light.
 */
import { TASK_STATE_LABELS_ZH, TASK_STATES, type TaskState } from '@luoshi/domain/tasks';
import type { DashboardCountsDto, DashboardUnitRowDto } from './dto/dashboard-response.dto';

/** What assessTask's rules say about a set of tasks, counted. */
export interface AssessedCounts {
  overdue: number;
  dueSoon: number;
  receiptOverdue: number;
  reportMissing: number;
  lagging: number;
  lights: { red: number; yellow: number; green: number };
}

/** Pure facts per row, as SQL aggregated them. */
export interface FactCounts {
  tasks: number;
  byState: Record<TaskState, number>;
  openNotices: { blue: number; yellow: number; red: number };
  noticesReplyOverdue: number;
  pendingReview: { reports: number; completions: number; extensions: number };
}

/** A unit's facts as lead, its name and the number of tasks it is co-responsible on. */
export interface UnitFacts {
  unitId: string;
  unitName: string;
  asLead: FactCounts;
  coTasks: number;
}

export function emptyAssessedCounts(): AssessedCounts {
  return { overdue: 0, dueSoon: 0, receiptOverdue: 0, reportMissing: 0, lagging: 0, lights: { red: 0, yellow: 0, green: 0 } };
}

export function emptyFactCounts(): FactCounts {
  const byState = Object.fromEntries(TASK_STATES.map((state) => [state, 0])) as Record<TaskState, number>;
  return {
    tasks: 0,
    byState,
    openNotices: { blue: 0, yellow: 0, red: 0 },
    noticesReplyOverdue: 0,
    pendingReview: { reports: 0, completions: 0, extensions: 0 },
  };
}

/** One row's counts: SQL's facts beside assessTask's tallies (zeros where either has none). */
export function combineCounts(facts: FactCounts, assessed: AssessedCounts = emptyAssessedCounts()): DashboardCountsDto {
  const { blue, yellow, red } = facts.openNotices;
  return {
    tasks: facts.tasks,
    byState: TASK_STATES.map((state) => ({ state, label: TASK_STATE_LABELS_ZH[state], count: facts.byState[state] ?? 0 })),
    overdue: assessed.overdue,
    dueSoon: assessed.dueSoon,
    receiptOverdue: assessed.receiptOverdue,
    reportMissing: assessed.reportMissing,
    lagging: assessed.lagging,
    lights: { ...assessed.lights },
    openNotices: { blue, yellow, red, total: blue + yellow + red },
    noticesReplyOverdue: facts.noticesReplyOverdue,
    pendingReview: { ...facts.pendingReview },
  };
}

/** Worst first: more red lights, then more overdue tasks, then by name (Chinese collation), then id. */
export function compareUnitRows(a: DashboardUnitRowDto, b: DashboardUnitRowDto): number {
  return (
    b.asLead.lights.red - a.asLead.lights.red ||
    b.asLead.overdue - a.asLead.overdue ||
    a.unitName.localeCompare(b.unitName, 'zh-Hans-CN') ||
    (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0)
  );
}

/** The unit rows: each unit's facts with its tallies as lead, sorted worst first. */
export function unitRows(units: readonly UnitFacts[], byLead: ReadonlyMap<string, AssessedCounts>): DashboardUnitRowDto[] {
  return units
    .map((unit) => ({ unitId: unit.unitId, unitName: unit.unitName, asLead: combineCounts(unit.asLead, byLead.get(unit.unitId)), coTasks: unit.coTasks }))
    .sort(compareUnitRows);
}
