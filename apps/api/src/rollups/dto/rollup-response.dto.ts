/** Counts of a rollup row (per unit or per measure), as of the period's end. */
export interface RollupCountsDto {
  total: number;
  notStarted: number;
  inProgress: number;
  submittedDone: number;
  completed: number;
  notApplicable: number;
  overdue: number;
  lagging: number;
  /** percent with one decimal; null when nothing is applicable */
  completionRate: number | null;
  /** 1 = best; null without tasks */
  rank: number | null;
}

export interface RollupUnitRowDto extends RollupCountsDto {
  unitId: string;
  unitName: string;
  unreportedTasks: number;
}

export interface RollupMeasureRowDto extends RollupCountsDto {
  measureId: string;
  documentId: string;
  measureNumber: string;
  measureTitle: string;
  leadUnitId: string | null;
  leadUnitName: string | null;
  unreportedUnitNames: string[];
}

export interface RollupTaskRowDto {
  taskId: string;
  measureId: string;
  measureNumber: string;
  title: string;
  state: string;
  dueDate: string | null;
  leadUnitId: string | null;
  leadUnitName: string | null;
  overdue: boolean;
  overdueDays: number | null;
  lagging: boolean;
  laggingReason: string | null;
  laggingDays: number | null;
}

export interface RollupHeaderDto {
  id: string;
  cadence: string;
  period: string;
  label: string;
  periodStart: string;
  periodEnd: string;
  builtAt: string;
  taskCount: number;
}

export interface RollupDto {
  rollup: RollupHeaderDto;
  /** a bureau: its own unit's row only */
  units: RollupUnitRowDto[];
}

export interface PageDto<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PeriodDto {
  cadence: string;
  period: string;
  label: string;
  periodStart: string;
  periodEnd: string;
  /** open | closed; null for a rollup built without a period row (built on demand) */
  status: string | null;
  openedAt: string | null;
  closedAt: string | null;
  rollup: { id: string; builtAt: string; taskCount: number } | null;
}

export interface UnitMovementDto {
  unitId: string;
  unitName: string;
  from: RollupCountsDto | null;
  to: RollupCountsDto | null;
  /** to − from (null when the unit is missing from one side) */
  completionRateChange: number | null;
  overdueChange: number;
  laggingChange: number;
  /** positive: moved up the ranking */
  rankChange: number | null;
  /** worse completion rate, rank, or more overdue/lagging tasks */
  slipped: boolean;
}

export interface TaskMovementDto {
  taskId: string;
  title: string;
  measureNumber: string;
  leadUnitName: string | null;
  /** newly_overdue | newly_lagging | recovered */
  movement: string;
  overdueDays: number | null;
  laggingDays: number | null;
}

export interface RollupComparisonDto {
  from: RollupHeaderDto;
  to: RollupHeaderDto;
  units: UnitMovementDto[];
  /** tasks that became overdue or lagging, and tasks that no longer are (the first 200 of each, worst first) */
  tasks: TaskMovementDto[];
  taskCounts: { newlyOverdue: number; newlyLagging: number; recovered: number };
}

export interface LedgerDto {
  id: string;
  status: string;
  filters: Record<string, unknown>;
  /** the unit the ledger is limited to (a bureau's request); null: every unit */
  unitId: string | null;
  asOf: string | null;
  rowCount: number | null;
  sizeBytes: number | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** where to download it once ready */
  fileUrl: string | null;
}
