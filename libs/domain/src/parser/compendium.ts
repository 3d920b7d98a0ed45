/**
 * Compendium documents (实施方案汇编, seed 003). Each numbered item 第N项 reads:
 *   （一）政策原文 …（牵头单位：省…）           upstream text and its upstream leads
 *   （二）情况说明 …                            not applicable here, with the reason; no tasks
 *   （二）落实目标 …                            the local goal
 *   （三）工作任务 / （四）保障措施 …          tasks, each closed by an assignment parenthesis
 *   （区发展改革局牵头，联系人：…，联系电话：…） contacts
 * A section heading (一、培育壮大有效需求) applies to the items after it. Sub-items
 * (第19项政策19—1, 36—1内资企业部分) become measures of their own; a parent without content of
 * its own is no measure, but its upstream text and leads pass to its sub-items.
 */
import type { Deadline } from '../deadlines/deadline.types';
import type { Assignment } from './assignment';
import { parseAssignment, splitTrailingAssignment, splitTrailingParenthesis } from './assignment';
import type { ContactLine } from './contacts';
import { isContactLine, parseContactLine } from './contacts';
import { ITEM_HEADING, LABELLED_SUB_ITEM_HEADING, PART_HEADING, SUB_ITEM_HEADING, isSectionHeading, readNumbering } from './line-patterns';
import type { ParseContext, ShapeResult } from './measure-building';
import { checkNumberSequence, deriveTitle, latestDeadline, readTaskDeadline, toUnitRef, unitNames } from './measure-building';
import type { Paragraph } from './normalize';
import type { PreviewMeasure, PreviewSection, PreviewTask, PreviewUnit, TaskKind, UnitRef } from './preview.types';
import { UnitCollector } from './unit-collector';

type Part = 'upstream' | 'reason' | 'goal' | 'work' | 'safeguard';
type TaskListKind = Extract<TaskKind, 'work' | 'safeguard'>;

const PART_BY_HEADING: Readonly<Record<string, Part>> = {
  政策原文: 'upstream',
  情况说明: 'reason',
  落实目标: 'goal',
  工作任务: 'work',
  保障措施: 'safeguard',
};
const LIST_NAMES: Readonly<Record<TaskListKind, string>> = { work: '工作任务', safeguard: '保障措施' };
const UPSTREAM_LEADS = /牵头单位：(.+)$/;
/** 共计 56 项 in the front matter */
const DECLARED_ITEM_COUNT = /共计?(\d+)项/;
/** a paragraph with at most this many characters besides punctuation is PDF debris (`展。`, `月）`) */
const MAX_DEBRIS_LENGTH = 2;
const PUNCTUATION = /[\s\p{P}]/gu;

interface TaskDraft {
  kind: TaskListKind;
  text: string;
  line: number;
  assignment: Assignment | null;
}

interface ItemDraft {
  number: string;
  parent: ItemDraft | null;
  /** 内资企业部分 for 36—1 */
  label: string | null;
  section: string | null;
  line: number;
  upstream: string[];
  upstreamLeads: string[];
  reason: string[];
  goal: string[];
  tasks: TaskDraft[];
  contactLine: ContactLine | null;
  hasSubItems: boolean;
}

/** The body starts at the first 第N项, or at the section heading right before it. */
export function findCompendiumBodyStart(paragraphs: readonly Paragraph[]): number {
  const firstItem = paragraphs.findIndex((paragraph) => ITEM_HEADING.test(paragraph.text));
  return firstItem > 0 && isSectionHeading(paragraphs[firstItem - 1].text) ? firstItem - 1 : firstItem;
}

export function parseCompendium(paragraphs: readonly Paragraph[], bodyStart: number, context: ParseContext): ShapeResult {
  const reader = new CompendiumReader(context);
  for (let index = bodyStart; index < paragraphs.length; index++) {
    if (reader.read(paragraphs[index])) context.ledger.consume(index);
  }
  checkItemNumbers(reader.items, paragraphs.slice(0, bodyStart), context);
  const measures = reader.items.map((item) => buildMeasure(item, context)).filter((measure): measure is PreviewMeasure => measure !== null);
  return { sections: reader.sections, measures };
}

/** Reads paragraphs in order; each `read…` method returns whether the paragraph was its kind. */
class CompendiumReader {
  readonly sections: PreviewSection[] = [];
  readonly items: ItemDraft[] = [];
  private section: string | null = null;
  /** the current 第N项 */
  private item: ItemDraft | null = null;
  /** the item or sub-item receiving content */
  private target: ItemDraft | null = null;
  private part: Part | null = null;

  constructor(private readonly context: ParseContext) {}

  read(paragraph: Paragraph): boolean {
    return (
      this.readSectionHeading(paragraph) ||
      this.readItemHeading(paragraph) ||
      this.readSubItemHeading(paragraph) ||
      this.readPartHeading(paragraph) ||
      this.readContactLine(paragraph) ||
      this.readContent(paragraph)
    );
  }

  private readSectionHeading({ text, line }: Paragraph): boolean {
    if (!isSectionHeading(text)) return false;
    this.section = text;
    this.sections.push({ heading: text, lead: null, line });
    this.item = this.target = null;
    this.part = null;
    return true;
  }

  private readItemHeading({ text, line }: Paragraph): boolean {
    const heading = ITEM_HEADING.exec(text);
    if (!heading) return false;
    this.item = this.target = this.startItem(heading[1], null, null, line);
    return true;
  }

  private readSubItemHeading({ text, line }: Paragraph): boolean {
    const item = this.item;
    const subItem = item ? readSubItemHeading(text, item.number) : null;
    if (!item || !subItem) return false;
    item.hasSubItems = true;
    this.target = this.startItem(subItem.number, item, subItem.label, line);
    return true;
  }

  private startItem(number: string, parent: ItemDraft | null, label: string | null, line: number): ItemDraft {
    const item: ItemDraft = {
      number,
      parent,
      label,
      section: this.section,
      line,
      upstream: [],
      upstreamLeads: [],
      reason: [],
      goal: [],
      tasks: [],
      contactLine: null,
      hasSubItems: false,
    };
    this.items.push(item);
    this.part = null;
    return item;
  }

  private readPartHeading({ text }: Paragraph): boolean {
    const heading = PART_HEADING.exec(text);
    if (!heading || !this.target) return false;
    this.part = PART_BY_HEADING[heading[1]];
    return true;
  }

  /** The contact line closes the item: nothing after it belongs to a part any more. */
  private readContactLine({ text, line }: Paragraph): boolean {
    if (!this.target || !isContactLine(text)) return false;
    const contactLine = parseContactLine(text, this.context.resolver);
    const previous = this.target.contactLine;
    this.target.contactLine = previous
      ? { ...contactLine, leads: [...previous.leads, ...contactLine.leads], contacts: [...previous.contacts, ...contactLine.contacts] }
      : contactLine;
    if (contactLine.unread.length > 0) {
      this.context.ledger.warn(line, 'CONTACT_UNREAD', `第${this.target.number}项联系人行中“${contactLine.unread.join('，')}”无法识别`, this.target.number);
    }
    this.part = null;
    return true;
  }

  private readContent(paragraph: Paragraph): boolean {
    const item = this.target;
    if (!item || !this.part) return false;
    switch (this.part) {
      case 'upstream':
        return this.readUpstream(item, paragraph.text);
      case 'reason':
        item.reason.push(paragraph.text);
        return true;
      case 'goal':
        item.goal.push(paragraph.text);
        return true;
      case 'work':
      case 'safeguard':
        return this.readTaskParagraph(item, this.part, paragraph);
    }
  }

  /** 政策原文 text; its closing （牵头单位：省…） names the upstream leads, as written. */
  private readUpstream(item: ItemDraft, text: string): boolean {
    const trailing = splitTrailingParenthesis(text);
    const leads = trailing ? UPSTREAM_LEADS.exec(trailing.inner) : null;
    if (trailing && leads) {
      item.upstreamLeads.push(...this.context.resolver.splitUnitList(leads[1]));
      if (trailing.body) item.upstream.push(trailing.body);
    } else {
      item.upstream.push(text);
    }
    return true;
  }

  /**
   * A numbered paragraph (1. / 1、) starts a task; an unnumbered one continues the open task or
   * starts one. A trailing or stand-alone assignment parenthesis assigns its task and every
   * earlier task of the list still without one (items 2 and 3 sharing the parenthesis after 3).
   */
  private readTaskParagraph(item: ItemDraft, kind: TaskListKind, { text, line }: Paragraph): boolean {
    if (isDebris(text)) return false;
    const trailing = splitTrailingAssignment(text);
    const body = trailing ? trailing.body : text;
    if (body.length > 0) addTaskText(item, kind, body, line);
    if (trailing) this.assignOpenTasks(item, kind, parseAssignment(trailing.inner, this.context.resolver), line);
    return true;
  }

  private assignOpenTasks(item: ItemDraft, kind: TaskListKind, assignment: Assignment, line: number): void {
    const { ledger } = this.context;
    const open = item.tasks.filter((task) => task.kind === kind && task.assignment === null);
    if (open.length === 0) {
      ledger.warn(line, 'ASSIGNMENT_WITHOUT_TASK', `第${item.number}项${LIST_NAMES[kind]}中的分工说明前没有待分配的任务`, item.number);
    }
    if (assignment.unread.length > 0) {
      ledger.warn(line, 'ASSIGNMENT_UNREAD', `第${item.number}项分工说明中“${assignment.unread.join('，')}”无法识别`, item.number);
    }
    for (const task of open) task.assignment = assignment;
  }
}

/** 第19项政策19—1 → 19-1; 36—1内资企业部分 → 36-1 labelled 内资企业部分; only under the item they name */
function readSubItemHeading(text: string, itemNumber: string): { number: string; label: string | null } | null {
  const plain = SUB_ITEM_HEADING.exec(text);
  if (plain && plain[1] === itemNumber && plain[2] === itemNumber) return { number: `${itemNumber}-${plain[3]}`, label: null };
  const labelled = LABELLED_SUB_ITEM_HEADING.exec(text);
  if (labelled && labelled[1] === itemNumber) {
    return { number: `${itemNumber}-${labelled[2]}`, label: labelled[3]?.trim() || null };
  }
  return null;
}

function addTaskText(item: ItemDraft, kind: TaskListKind, text: string, line: number): void {
  const numbered = readNumbering('arabic', text) ?? readNumbering('parenArabic', text);
  const last = item.tasks[item.tasks.length - 1];
  if (!numbered && last?.kind === kind && last.assignment === null) {
    last.text += `\n${text}`;
  } else {
    item.tasks.push({ kind, text: numbered ? numbered.rest : text, line, assignment: null });
  }
}

function isDebris(text: string): boolean {
  // real paragraphs are long: only short ones get their characters counted
  return text.length <= 3 * MAX_DEBRIS_LENGTH && text.replace(PUNCTUATION, '').length <= MAX_DEBRIS_LENGTH;
}

/** Items are numbered 1, 2, 3 …; the front matter may state how many there are (共计 56 项). */
function checkItemNumbers(items: readonly ItemDraft[], front: readonly Paragraph[], context: ParseContext): void {
  const topLevel = items.filter((item) => item.parent === null);
  checkNumberSequence(topLevel, context);
  for (const paragraph of front) {
    const declared = DECLARED_ITEM_COUNT.exec(paragraph.text);
    if (declared && Number(declared[1]) !== topLevel.length) {
      context.ledger.warn(paragraph.line, 'ITEM_COUNT_MISMATCH', `文件称共${declared[1]}项，实际识别${topLevel.length}项，请核对`);
    }
  }
}

function buildMeasure(item: ItemDraft, context: ParseContext): PreviewMeasure | null {
  if (item.hasSubItems && !hasOwnContent(item)) return null;
  const applicable = item.reason.length === 0;
  const upstreamText = joinParagraphs(item.upstream) ?? joinParagraphs(item.parent?.upstream ?? []);
  const upstreamLeads = [...(item.upstreamLeads.length > 0 ? item.upstreamLeads : (item.parent?.upstreamLeads ?? []))];
  const goal = joinParagraphs(item.goal);
  const contactLeads = item.contactLine?.leads ?? [];
  const tasks = applicable ? buildTasks(item, contactLeads, context) : [];
  if (applicable && tasks.length === 0) {
    context.ledger.warn(item.line, 'MEASURE_WITHOUT_TASKS', `第${item.number}项没有识别出工作任务或保障措施`, item.number);
  }

  const units = new UnitCollector();
  for (const task of tasks) units.addAll(task.assignments);
  for (const lead of contactLeads) units.add(lead, 'lead');
  const firstTaskLead = tasks.flatMap((task) => task.assignments).find((unit) => unit.role === 'lead');

  return {
    number: item.number,
    parent: item.parent?.number ?? null,
    section: item.section,
    title: titleOf(item, upstreamText, goal),
    applicable,
    notApplicableReason: joinParagraphs(item.reason),
    upstreamText,
    upstreamLeads,
    goal,
    body: null,
    lead: firstTaskLead ? toUnitRef(firstTaskLead) : (contactLeads[0] ?? null),
    units: units.list(),
    contacts: item.contactLine?.contacts ?? [],
    deadline: latestDeadline(tasks.map((task) => task.deadline)),
    tasks,
    line: item.line,
  };
}

function hasOwnContent(item: ItemDraft): boolean {
  return item.tasks.length > 0 || item.reason.length > 0 || item.goal.length > 0 || item.contactLine !== null;
}

function buildTasks(item: ItemDraft, contactLeads: readonly UnitRef[], context: ParseContext): PreviewTask[] {
  const ordinals: Record<TaskListKind, number> = { work: 0, safeguard: 0 };
  return item.tasks.map((draft) => {
    const ordinal = ++ordinals[draft.kind];
    const where = `第${item.number}项${LIST_NAMES[draft.kind]}第${ordinal}条`;
    // tasks sharing one parenthesis get copies, so editing one task's units leaves the others alone
    const assigned = (draft.assignment?.units ?? []).map((unit) => ({ ...unit, sections: [...unit.sections] }));
    const assignments = assigned.length > 0 ? assigned : unitsForUnassignedTask(where, draft, { measure: item.number, contactLeads }, context);
    return {
      kind: draft.kind,
      ordinal,
      text: draft.text,
      units: unitNames(assignments),
      assignments,
      deadline: taskDeadline(where, draft, item.number, context),
      line: draft.line,
    };
  });
}

/** A task without units falls back on its item's contact line's leading units, and says so (warnings name the item's `measure`). */
function unitsForUnassignedTask(
  where: string,
  draft: TaskDraft,
  { measure, contactLeads }: { measure: string; contactLeads: readonly UnitRef[] },
  context: ParseContext,
): PreviewUnit[] {
  const missing = draft.assignment === null ? '责任单位和完成时限' : '责任单位';
  if (contactLeads.length === 0) {
    context.ledger.warn(draft.line, 'TASK_UNASSIGNED', `${where}未注明${missing}，需统筹办分配`, measure);
    return [];
  }
  const names = contactLeads.map((lead) => lead.name).join('、');
  context.ledger.warn(draft.line, 'TASK_UNIT_INHERITED', `${where}未注明${missing}，已按联系人行的牵头单位（${names}）导入，请核对`, measure);
  return contactLeads.map((lead) => ({ ...lead, role: 'lead', sections: [] }));
}

/** A task without any parenthesis was warned about already (see unitsForUnassignedTask). */
function taskDeadline(where: string, draft: TaskDraft, measure: string, context: ParseContext): Deadline {
  const text = draft.assignment?.deadlineText ?? null;
  if (draft.assignment !== null && text === null) {
    context.ledger.warn(draft.line, 'DEADLINE_MISSING', `${where}未注明完成时限，已按文件默认期限（${context.defaultDeadline.date}）导入`, measure);
  }
  return readTaskDeadline(text, draft.line, measure, context);
}

/** Compendium items have no title of their own: the upstream text's first clause names them. */
function titleOf(item: ItemDraft, upstreamText: string | null, goal: string | null): string {
  const title = deriveTitle(upstreamText ?? goal ?? '') || `第${item.number}项`;
  return item.label ? `${title}（${item.label}）` : title;
}

function joinParagraphs(paragraphs: readonly string[]): string | null {
  return paragraphs.length > 0 ? paragraphs.join('\n') : null;
}
