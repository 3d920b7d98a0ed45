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
 * An ISO date as the spreadsheet's serial day number (days since 1899-12-30, as exceljs writes a
 * Date at midnight UTC: Excel shows the day itself). Once per distinct day: a ledger has a few hundred.
 */
const excelSerials = new Map<string, string>();
function excelSerial(iso: string): string {
  let serial = excelSerials.get(iso);
  if (serial === undefined) {
    if (excelSerials.size >= 10_000) excelSerials.clear();
    excelSerials.set(iso, (serial = String(25569 + Date.parse(`${iso}T00:00:00Z`) / 86_400_000)));
  }
  return serial;
}

/** As exceljs's xmlEncode: markup characters escaped, control characters XML cannot hold dropped. */
// eslint-disable-next-line no-control-regex -- the control characters are what it removes
const XML_UNSAFE = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const XML_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' };
function xmlText(text: string): string {
  return text.replace(XML_UNSAFE, (c) => XML_ESCAPES[c] ?? '');
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
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: DATE_FORMAT };
const LIGHT_STYLES: Record<TrafficLight, Partial<ExcelJS.Style>> = {
  red: { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILLS.red } } },
  yellow: { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILLS.yellow } } },
  green: { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT_FILLS.green } } },
};
/** the task sheet's column letters, A… (fewer than 27 columns) */
const COLUMN_LETTERS = TASK_COLUMNS.map((_, i) => String.fromCharCode(65 + i));
/** rows written to the sheet's stream at once */
const FLUSH_ROWS = 200;

/** The parts of exceljs's streaming writer the task rows are written through (not in its typings). */
interface WriterInternals {
  styles: { addStyleModel(style: Partial<ExcelJS.Style>, cellType: ExcelJS.ValueType): number };
}
interface SheetInternals {
  stream: { write(chunk: string): unknown };
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
}

/**
 * The ledger (台账) as an .xlsx file written with exceljs's streaming writer: rows go to disk as they
 * are added (a committed row is no longer held), so memory stays flat whatever the number of tasks.
 * The task rows' XML is written here, straight into the sheet's stream, in exceljs's own form
 * (the same cells, style ids from its style registry): exceljs's row and cell objects and its XML
 * builder cost more than half the ledger's CPU at 100,000 rows × 14 cells. exceljs writes the
 * header row, the columns, the frozen pane, the summary sheet, styles and the zip.
 * Sheet 1 "任务台账": one row per task; sheet 2 "单位汇总": one row per lead unit, counted while
 * the rows stream past (the light filter is applied to the rows in Node, so the counts are taken there).
 * Both with a frozen header row, Chinese headers, set widths; dates are date cells.
 */
export class LedgerWorkbook {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly tasks: ExcelJS.Worksheet;
  private readonly perUnit = new Map<string, { name: string; counts: SummaryCounts }>();
  private rowCount = 0;
  private readonly styleIds: { plain: number; date: number; light: Record<TrafficLight, number> };
  private pending: string[] = [];

  constructor(filename: string, title: string) {
    // zlib level 1: most of the size saving of the default level at a fraction of its CPU
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename, useStyles: true, useSharedStrings: false, zip: { zlib: { level: 1 } } });
    this.workbook.creator = '落实';
    this.workbook.title = title;
    this.tasks = this.workbook.addWorksheet('任务台账', { views: [{ state: 'frozen', ySplit: 1 }] });
    this.tasks.columns = TASK_COLUMNS;
    const header = this.tasks.getRow(1);
    styleHeader(header);
    // writes the columns, opens the sheet data and writes the header: the task rows follow it
    header.commit();
    const styles = (this.workbook as unknown as WriterInternals).styles;
    this.styleIds = {
      plain: styles.addStyleModel(PLAIN_STYLE, ExcelJS.ValueType.String),
      date: styles.addStyleModel(DATE_STYLE, ExcelJS.ValueType.Date),
      light: {
        red: styles.addStyleModel(LIGHT_STYLES.red, ExcelJS.ValueType.String),
        yellow: styles.addStyleModel(LIGHT_STYLES.yellow, ExcelJS.ValueType.String),
        green: styles.addStyleModel(LIGHT_STYLES.green, ExcelJS.ValueType.String),
      },
    };
  }

  get rows(): number {
    return this.rowCount;
  }

  add(row: LedgerTaskRow, assessment: LedgerLight): void {
    this.rowCount += 1;
    const state = row.state as TaskState;
    const n = this.rowCount + 1; // the header is row 1
    const { plain, date, light } = this.styleIds;
    const text = (column: number, value: string, styleId = plain) =>
      `<c r="${COLUMN_LETTERS[column]}${n}"${styleId ? ` s="${styleId}"` : ''} t="str"><v>${xmlText(value)}</v></c>`;
    const dated = row.due_date !== null && row.deadline_precision !== 'ongoing';
    // the cells in TASK_COLUMNS order
    this.pending.push(
      `<row r="${n}" spans="1:${COLUMN_LETTERS.length}" x14ac:dyDescent="0.25">` +
        `<c r="A${n}"${plain ? ` s="${plain}"` : ''}><v>${this.rowCount}</v></c>` +
        text(1, row.measure_number) +
        text(2, row.section_heading ?? '') +
        text(3, row.text) +
        text(4, row.lead_unit_name ?? '') +
        text(5, row.lead_section_name ?? '') +
        text(6, row.co_units ?? '') +
        text(7, row.contacts ?? '') +
        (dated ? `<c r="I${n}" s="${date}"><v>${excelSerial(row.due_date!)}</v></c>` : text(8, '长期', date)) +
        text(9, row.deadline_text) +
        text(10, TASK_STATE_LABELS_ZH[state] ?? row.state) +
        text(11, LIGHT_LABELS_ZH[assessment.light], light[assessment.light]) +
        text(12, assessment.reasons) +
        text(13, latestProgress(row)) +
        '</row>',
    );
    if (this.pending.length >= FLUSH_ROWS) this.flush();

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

  private flush(): void {
    if (this.pending.length === 0) return;
    (this.tasks as unknown as SheetInternals).stream.write(this.pending.join(''));
    this.pending = [];
  }

  /** Writes the summary sheet and finishes the file. */
  async close(): Promise<void> {
    this.flush();
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
