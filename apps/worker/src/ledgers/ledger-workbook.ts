import ExcelJS from 'exceljs';
import { periodLabelZh, REPORT_CADENCES, type ReportCadence } from '@luoshi/domain/reports';
import { TASK_STATE_LABELS_ZH, type TaskState, type TrafficLight } from '@luoshi/domain/tasks';
import type { LedgerLight } from './ledger-light';
import type { LedgerTaskRow } from './ledger.repository';

const LIGHT_LABELS_ZH: Record<TrafficLight, string> = { red: '红灯', yellow: '黄灯', green: '绿灯' };
const LIGHT_FILLS: Record<TrafficLight, string> = { red: 'FFF8CBAD', yellow: 'FFFFE699', green: 'FFC6EFCE' };
const DATE_FORMAT = 'yyyy-mm-dd';

/** The task sheet's columns: Chinese headers, widths in characters. */
const TASK_COLUMNS: Partial<ExcelJS.Column>[] = [
  { header: '序号', key: 'no', width: 7 },
  { header: '措施编号', key: 'measureNumber', width: 10 },
  { header: '篇目', key: 'section', width: 22 },
  { header: '任务内容', key: 'text', width: 60 },
  { header: '牵头单位', key: 'leadUnit', width: 18 },
  { header: '责任科室', key: 'leadSection', width: 16 },
  { header: '配合单位', key: 'coUnits', width: 28 },
  { header: '联系人', key: 'contacts', width: 20 },
  { header: '完成时限', key: 'dueDate', width: 12, style: { numFmt: DATE_FORMAT } },
  { header: '时限原文', key: 'deadlineText', width: 14 },
  { header: '状态', key: 'state', width: 12 },
  { header: '红黄绿灯', key: 'light', width: 9 },
  { header: '亮灯原因', key: 'reasons', width: 36 },
  { header: '最新进展', key: 'progress', width: 60 },
];

const SUMMARY_COLUMNS: Partial<ExcelJS.Column>[] = [
  { header: '牵头单位', key: 'unit', width: 24 },
  { header: '任务总数', key: 'total', width: 10 },
  { header: '未启动', key: 'not_started', width: 9 },
  { header: '推进中', key: 'in_progress', width: 9 },
  { header: '已完成待审核', key: 'submitted_done', width: 13 },
  { header: '已办结', key: 'completed', width: 9 },
  { header: '不涉及', key: 'not_applicable', width: 9 },
  { header: '逾期', key: 'overdue', width: 8 },
  { header: '滞后', key: 'lagging', width: 8 },
  { header: '红灯', key: 'red', width: 8 },
  { header: '黄灯', key: 'yellow', width: 8 },
  { header: '绿灯', key: 'green', width: 8 },
  { header: '完成率', key: 'rate', width: 9, style: { numFmt: '0.0%' } },
];

type SummaryCounts = Record<'total' | TaskState | 'overdue' | 'lagging' | TrafficLight, number>;
const emptyCounts = (): SummaryCounts => ({
  total: 0,
  not_started: 0,
  in_progress: 0,
  submitted_done: 0,
  completed: 0,
  not_applicable: 0,
  overdue: 0,
  lagging: 0,
  red: 0,
  yellow: 0,
  green: 0,
});

/**
 * An ISO date as the spreadsheet date of that day (midnight UTC, which Excel shows as the day
 * itself). One Date per distinct day (exceljs only reads it): a ledger has a few hundred.
 */
const excelDates = new Map<string, Date>();
function excelDate(iso: string): Date {
  let date = excelDates.get(iso);
  if (!date) {
    if (excelDates.size >= 10_000) excelDates.clear();
    excelDates.set(iso, (date = new Date(`${iso}T00:00:00Z`)));
  }
  return date;
}

/** A period's Chinese label, once per (cadence, period): a ledger has a handful of distinct ones. */
const periodLabels = new Map<string, string>();
function periodLabel(cadence: ReportCadence, period: string): string {
  const key = `${cadence}|${period}`;
  let label = periodLabels.get(key);
  if (label === undefined) {
    label = period;
    try {
      label = periodLabelZh(cadence, period);
    } catch {
      // a period key of an earlier cadence: shown as stored
    }
    if (periodLabels.size >= 10_000) periodLabels.clear();
    periodLabels.set(key, label);
  }
  return label;
}

function latestProgress(row: LedgerTaskRow): string {
  if (row.last_period === null) return '';
  const cadence = (REPORT_CADENCES as readonly string[]).includes(row.report_cadence) ? (row.report_cadence as ReportCadence) : 'monthly';
  const percent = row.last_percent === null ? '' : `（完成${row.last_percent}%）`;
  return `${periodLabel(cadence, row.last_period)}${percent}：${row.last_text ?? ''}`;
}

/**
 * One style object per look, shared by every cell that has it: exceljs's style registry remembers a
 * style object it has seen (a WeakMap), so a shared object costs one lookup per cell, where the
 * fresh object exceljs gives each new cell is rendered to XML and compared every time.
 */
const PLAIN_STYLE: Partial<ExcelJS.Style> = {};
/** a row's own style (its cells carry theirs); never mutated */
const ROW_STYLE: Partial<ExcelJS.Style> = {};
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: DATE_FORMAT };
const LIGHT_STYLES: Record<TrafficLight, Partial<ExcelJS.Style>> = {
  red: { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILLS.red } } },
  yellow: { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILLS.yellow } } },
  green: { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILLS.green } } },
};
const DUE_DATE_COLUMN = TASK_COLUMNS.findIndex((c) => c.key === 'dueDate') + 1;
const LIGHT_COLUMN = TASK_COLUMNS.findIndex((c) => c.key === 'light') + 1;

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
}

/**
 * The ledger (台账) as an .xlsx file written with exceljs's streaming writer: rows go to disk as they
 * are added (a committed row is no longer held), so memory stays flat whatever the number of tasks.
 * Sheet 1 "任务台账": one row per task; sheet 2 "单位汇总": one row per lead unit, counted while
 * the rows stream past (the light filter is applied to the rows in Node, so the counts are taken there).
 * Both with a frozen header row, Chinese headers, set widths; dates are date cells.
 */
export class LedgerWorkbook {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly tasks: ExcelJS.Worksheet;
  private readonly perUnit = new Map<string, { name: string; counts: SummaryCounts }>();
  private rowCount = 0;

  constructor(filename: string, title: string) {
    // zlib level 1: most of the size saving of the default level at a fraction of its CPU
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
    this.workbook.creator = '落实';
    this.workbook.title = title;
    this.tasks = this.workbook.addWorksheet('任务台账', { views: [{ state: 'frozen', ySplit: 1 }] });
    this.tasks.columns = TASK_COLUMNS;
    styleHeader(this.tasks.getRow(1));
  }

  get rows(): number {
    return this.rowCount;
  }

  add(row: LedgerTaskRow, assessment: LedgerLight): void {
    this.rowCount += 1;
    const state = row.state as TaskState;
    // values in column order (TASK_COLUMNS): an array skips exceljs's key-to-column lookup per cell
    const sheetRow = this.tasks.addRow([
      this.rowCount,
      row.measure_number,
      row.section_heading ?? '',
      row.text,
      row.lead_unit_name ?? '',
      row.lead_section_name ?? '',
      row.co_units ?? '',
      row.contacts ?? '',
      row.due_date && row.deadline_precision !== 'ongoing' ? excelDate(row.due_date) : '长期',
      row.deadline_text,
      TASK_STATE_LABELS_ZH[state] ?? row.state,
      LIGHT_LABELS_ZH[assessment.light],
      assessment.reasons,
      latestProgress(row),
    ]);
    // the row's style object (not in exceljs's typings): shared too
    Object.assign(sheetRow, { style: ROW_STYLE });
    sheetRow.eachCell((cell, column) => {
      cell.style = column === LIGHT_COLUMN ? LIGHT_STYLES[assessment.light] : column === DUE_DATE_COLUMN ? DATE_STYLE : PLAIN_STYLE;
    });
    sheetRow.commit();

    const key = row.lead_unit_id ?? '';
    let unit = this.perUnit.get(key);
    if (!unit) this.perUnit.set(key, (unit = { name: row.lead_unit_name ?? '（未指定牵头单位）', counts: emptyCounts() }));
    const c = unit.counts;
    c.total += 1;
    if (state in c) c[state] += 1;
    if (assessment.overdue) c.overdue += 1;
    if (assessment.lagging) c.lagging += 1;
    c[assessment.light] += 1;
  }

  /** Writes the summary sheet and finishes the file. */
  async close(): Promise<void> {
    this.tasks.commit();
    const summary = this.workbook.addWorksheet('单位汇总', { views: [{ state: 'frozen', ySplit: 1 }] });
    summary.columns = SUMMARY_COLUMNS;
    styleHeader(summary.getRow(1));
    const units = [...this.perUnit.values()].sort((a, b) => b.counts.total - a.counts.total || a.name.localeCompare(b.name, 'zh-CN'));
    const totals = emptyCounts();
    const addLine = (name: string, c: SummaryCounts) => {
      const applicable = c.total - c.not_applicable;
      const line = summary.addRow({ unit: name, ...c, rate: applicable > 0 ? c.completed / applicable : null });
      return line;
    };
    for (const { name, counts } of units) {
      addLine(name, counts).commit();
      for (const k of Object.keys(totals) as (keyof SummaryCounts)[]) totals[k] += counts[k];
    }
    const totalLine = addLine('合计', totals);
    totalLine.font = { bold: true };
    totalLine.commit();
    summary.commit();
    await this.workbook.commit();
  }
}
