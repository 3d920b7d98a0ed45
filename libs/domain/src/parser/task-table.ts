/**
 * Task breakdown tables (任务分解表 / 责任清单): one row per task with columns such as
 * 序号 / 重点任务 / 牵头单位 / 配合单位 / 责任科室 / 联系人 / 完成时限. They arrive as tab-separated
 * text (copied out of a table; .docx tables and .xlsx sheets are extracted to the same text),
 * with section rows (`一、…`) between the task rows and merged cells: a lead unit written once
 * for several rows comes as an empty cell below it. Each task row becomes a measure, read like a
 * measures document's (same preview shape).
 */
import type { Assignment } from './assignment';
import { parseAssignment } from './assignment';
import { parseContactLine } from './contacts';
import type { ParseContext, ShapeResult } from './measure-building';
import { checkNumberSequence, deriveTitle, readTaskDeadline, toUnitRef, unitNames } from './measure-building';
import { normalizeLine } from './normalize';
import type { PreviewContact, PreviewMeasure, PreviewSection, PreviewTask } from './preview.types';

type Column = 'number' | 'task' | 'lead' | 'responsible' | 'co' | 'section' | 'contact' | 'phone' | 'deadline' | 'note';

/** Header names as offices write them; the first matching pattern names the column. */
const COLUMN_BY_HEADER: readonly [RegExp, Column][] = [
  [/^(?:序号|编号|序)$/, 'number'],
  [/^(?:牵头单位|牵头部门|主办单位|主责单位)$/, 'lead'],
  [/^(?:责任单位|责任部门)$/, 'responsible'],
  [/^(?:配合单位|配合部门|协办单位|参与单位|协同单位)$/, 'co'],
  [/^(?:责任科室|责任处室|责任股室|承办科室)$/, 'section'],
  [/^(?:联系人|责任人)$/, 'contact'],
  [/^(?:联系电话|电话|联系方式)$/, 'phone'],
  [/^(?:完成时限|完成时间|时间节点|时限要求|时限)$/, 'deadline'],
  [/(?:任务|措施|工作内容|具体内容|事项)/, 'task'],
  [/^(?:备注)$/, 'note'],
];
const SECTION_ROW = /^[一二三四五六七八九十]+、/;
const ROW_NUMBER = /^\d{1,4}$/;
const MIN_TABLE_ROWS = 2;

export interface TaskTable {
  /** 0-based index of the header line */
  headerLine: number;
  columns: (Column | null)[];
}

/** A header line with a task column and a unit column, followed by tab-separated rows; null for other text. */
export function findTaskTable(lines: readonly string[]): TaskTable | null {
  let tabbed = 0;
  for (const line of lines) if (line.includes('\t')) tabbed++;
  if (tabbed < MIN_TABLE_ROWS + 1) return null;
  for (let index = 0; index < lines.length; index++) {
    if (!lines[index].includes('\t')) continue;
    const columns = lines[index].split('\t').map((cell) => columnOf(normalizeLine(cell)));
    const hasUnits = columns.includes('lead') || columns.includes('responsible');
    if (columns.includes('task') && hasUnits) return { headerLine: index, columns };
  }
  return null;
}

function columnOf(header: string): Column | null {
  const compact = header.replace(/\s+/g, '');
  return COLUMN_BY_HEADER.find(([pattern]) => pattern.test(compact))?.[1] ?? null;
}

export function parseTaskTable(lines: readonly string[], table: TaskTable, context: ParseContext): ShapeResult {
  const sections: PreviewSection[] = [];
  const measures: PreviewMeasure[] = [];
  const column = (cells: readonly string[], name: Column) => {
    const at = table.columns.indexOf(name);
    return at >= 0 ? (cells[at] ?? '') : '';
  };
  const hasLeadColumn = table.columns.includes('lead');
  let section: PreviewSection | null = null;
  let previousLead = '';
  let previousLeadSection: PreviewSection | null = null;

  context.ledger.consume(table.headerLine);
  for (let index = table.headerLine + 1; index < lines.length; index++) {
    const line = index + 1;
    const cells = lines[index].split('\t').map((cell) => normalizeLine(cell));
    const filled = cells.filter((cell) => cell.length > 0);
    if (filled.length === 0) {
      context.ledger.consume(index);
      continue;
    }
    const task = column(cells, 'task');
    if (filled.length <= 2 && SECTION_ROW.test(filled[filled.length - 1]) && !ROW_NUMBER.test(filled[filled.length - 1])) {
      section = { heading: filled[filled.length - 1], lead: null, line };
      sections.push(section);
      context.ledger.consume(index);
      continue;
    }
    if (task.length === 0) continue; // unread: reported by the ledger with its line

    let leadText = column(cells, hasLeadColumn ? 'lead' : 'responsible');
    if (leadText.length === 0 && previousLead.length > 0 && previousLeadSection === section) {
      // a merged cell: the lead written once for several rows
      leadText = previousLead;
      context.ledger.warn(line, 'LEAD_FROM_ROW_ABOVE', `第${line}行牵头单位为空，按合并单元格沿用上一行的“${previousLead}”，请核对`);
    }
    if (leadText.length > 0) {
      previousLead = leadText;
      previousLeadSection = section;
    }
    const written = column(cells, 'number');
    const number = ROW_NUMBER.test(written) ? written : String(measures.length + 1);
    const assignment = readRowAssignment(cells, column, { hasLeadColumn, leadText }, context);
    measures.push(
      buildRowMeasure(
        { number, line, section, task, assignment, contacts: readRowContacts(column(cells, 'contact'), column(cells, 'phone'), context) },
        context,
      ),
    );
    context.ledger.consume(index);
  }
  checkNumberSequence(measures, context);
  for (const measure of measures) {
    if (measure.units.length === 0) {
      context.ledger.warn(measure.line, 'UNIT_UNASSIGNED', `第${measure.number}项未注明责任单位，需统筹办分配`, measure.number);
    }
  }
  return { sections, measures };
}

function readRowAssignment(
  cells: readonly string[],
  column: (cells: readonly string[], name: Column) => string,
  /** The row's lead cell; without a 牵头单位 column it names the responsible units. */
  { hasLeadColumn, leadText }: { hasLeadColumn: boolean; leadText: string },
  context: ParseContext,
): Assignment {
  const fields: string[] = [];
  if (leadText) fields.push(`${hasLeadColumn ? '牵头单位' : '责任单位'}：${leadText}`);
  const section = column(cells, 'section');
  if (section) fields.push(`责任科室：${section}`);
  const coText = [hasLeadColumn ? column(cells, 'responsible') : '', column(cells, 'co')].filter(Boolean).join('、');
  if (coText) fields.push(`配合单位：${coText}`);
  const deadline = column(cells, 'deadline');
  if (deadline) fields.push(`完成时限：${deadline}`);
  return parseAssignment(fields.join('；'), context.resolver);
}

function readRowContacts(names: string, phones: string, context: ParseContext): PreviewContact[] {
  if (!names && !phones) return [];
  // `王明 13800000000` in one cell, or names and phones in two columns
  const inline = /^([\u4E00-\u9FFF]{2,4})[\s，、]*(\d[\d-]{4,})$/.exec(names.replace(/\s+/g, ' '));
  const fields = inline
    ? `联系人：${inline[1]}，联系电话：${inline[2]}`
    : [names && `联系人：${names}`, phones && `联系电话：${phones}`].filter(Boolean).join('，');
  return parseContactLine(`（${fields}）`, context.resolver).contacts;
}

interface RowDraft {
  number: string;
  line: number;
  section: PreviewSection | null;
  task: string;
  assignment: Assignment;
  contacts: PreviewContact[];
}

function buildRowMeasure(row: RowDraft, context: ParseContext): PreviewMeasure {
  const assignments = row.assignment.units;
  const lead = assignments.find((unit) => unit.role === 'lead');
  if (row.assignment.unread.length) {
    context.ledger.warn(row.line, 'ASSIGNMENT_UNREAD', `第${row.number}项责任单位中“${row.assignment.unread.join('，')}”无法识别`, row.number);
  }
  const deadline = readTaskDeadline(row.assignment.deadlineText, row.line, row.number, context);
  const task: PreviewTask = {
    kind: 'measure',
    ordinal: 1,
    text: row.task,
    units: unitNames(assignments),
    assignments: assignments.map((unit) => ({ ...unit, sections: [...unit.sections] })),
    deadline: { ...deadline },
    line: row.line,
  };
  return {
    number: row.number,
    parent: null,
    section: row.section?.heading ?? null,
    title: deriveTitle(row.task),
    applicable: true,
    notApplicableReason: null,
    upstreamText: null,
    upstreamLeads: [],
    goal: null,
    body: row.task,
    lead: lead ? toUnitRef(lead) : null,
    units: assignments,
    contacts: row.contacts.map((contact) => ({ ...contact, unit: contact.unit ?? lead?.unit ?? null })),
    deadline,
    tasks: [task],
    line: row.line,
  };
}
