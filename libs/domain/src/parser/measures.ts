/**
 * Measures documents (若干政策措施, seeds 000, 001, 004): section headings `一、…`, possibly
 * naming their own lead `（由区发改局牵头实施）`, then numbered measures `1. 标题。正文…（责任单位：…）`
 * or `（一）标题。正文…（责任单位：…）`. Each measure is one task; its first listed unit leads.
 *
 * Sentences can change the rules for the rest of the document and are applied from where they
 * stand: `以下措施责任单位均包括各区市政府、管委，不再一一列出` adds a co-unit to every measure
 * from there on; `排在第一位的为牵头单位` / `排名不分先后，下同` say whether the first unit leads.
 */
import type { Assignment } from './assignment';
import { parseAssignment, splitTrailingAssignment } from './assignment';
import { parseContactLine } from './contacts';
import type { NumberingStyle } from './line-patterns';
import { FIELD_LINE, NUMBERING_HIERARCHY, numberingStyleOf, readNumbering } from './line-patterns';
import type { ParseContext, ShapeResult } from './measure-building';
import { checkNumberSequence, deriveTitle, readTaskDeadline, toUnitRef, unitNames } from './measure-building';
import type { Paragraph } from './normalize';
import type { PreviewContact, PreviewMeasure, PreviewSection, PreviewTask, UnitRef } from './preview.types';
import { UnitCollector } from './unit-collector';

export interface MeasuresLayout {
  /** numbering of section headings (一、), null when the document has no sections */
  sectionStyle: NumberingStyle | null;
  /** numbering of measures (1. or （一）) */
  measureStyle: NumberingStyle;
}

/** fewer numbered lines than this are no list of measures */
const MIN_MEASURES = 2;
/** at most this many unnumbered paragraphs stand between the first heading and the first measure */
const MAX_INTRO_PARAGRAPHS = 3;
/** 一、扩大有效投资政策（由区发改局牵头实施） */
const SECTION_LEAD = /（由(.+?)牵头(?:实施|负责|落实)?）$/;
/** the closing remarks after the last measure, the 抄送 line and the printing date */
const CLOSING_REMARK = /^(?:各级各|各有关|上述|以上|本通知|本政策|本措施|本意见|本方案|抄送)/;
const STANDING_CO_UNITS = /责任单位均(?:包括|包含|含)([^。；]+?)[，,]?不再(?:一一|单独)?列出/;
/** `各镇（街道）均为责任单位，下同`: a co-unit of this and every later measure */
const STANDING_CO_UNITS_LIKEWISE = /([^。；，（]+(?:（[^）]*）[^。；，（]*)?)均为(?:责任|配合)单位[，,]?(?:下同|以下同)/;
const CONTACT_FIELD = /^(?:联系人|联系电话|电话)：/;
const FIRST_LISTED_LEADS = /(?:排在?|列在?|位列)(?:第一位|首位|第一)的?(?:单位)?(?:为|是)牵头单位/;
const UNORDERED_UNITS = /(?:排名|排序|顺序)不分先后[，,]?(?:下同|以下同)/;

interface SectionDraft {
  preview: PreviewSection;
  leads: UnitRef[];
  measureCount: number;
}

interface MeasureDraft {
  number: string;
  line: number;
  section: SectionDraft | null;
  paragraphs: string[];
  assignment: Assignment | null;
  /** the document's standing co-units when the measure started */
  standingCoUnits: UnitRef[];
  /** field lines after the measure's text: 牵头单位：…, 完成时限：…, 联系人：… */
  fieldLines: string[];
  firstListedLeads: boolean;
}

/**
 * Measures are the outermost numbering level below the sections; official documents nest
 * 一、 > （一） > 1. > （1）, so 一、 are sections when a lower level also numbers a list.
 */
export function detectMeasuresLayout(paragraphs: readonly Paragraph[]): MeasuresLayout | null {
  const counts = new Map<NumberingStyle, number>();
  for (const { text } of paragraphs) {
    const style = numberingStyleOf(text);
    if (style) counts.set(style, (counts.get(style) ?? 0) + 1);
  }
  const count = (style: NumberingStyle) => counts.get(style) ?? 0;
  const measureStyle = NUMBERING_HIERARCHY.find((style) => style !== 'chinese' && count(style) >= MIN_MEASURES);
  if (measureStyle) return { sectionStyle: count('chinese') > 0 ? 'chinese' : null, measureStyle };
  return count('chinese') >= MIN_MEASURES ? { sectionStyle: null, measureStyle: 'chinese' } : null;
}

/** The body starts at the first measure, or at the section heading (and intro) right before it. */
export function findMeasuresBodyStart(paragraphs: readonly Paragraph[], layout: MeasuresLayout): number {
  const firstMeasure = paragraphs.findIndex(({ text }) => readNumbering(layout.measureStyle, text) !== null);
  const sectionStyle = layout.sectionStyle;
  if (sectionStyle === null) return firstMeasure;
  for (let index = firstMeasure - 1; index >= Math.max(0, firstMeasure - 1 - MAX_INTRO_PARAGRAPHS); index--) {
    if (readNumbering(sectionStyle, paragraphs[index].text)) return index;
  }
  return firstMeasure;
}

export function parseMeasures(paragraphs: readonly Paragraph[], bodyStart: number, layout: MeasuresLayout, context: ParseContext): ShapeResult {
  const reader = new MeasuresReader(layout, context);
  // a rule may stand in the front matter: （以下各项措施中，排在第一位的为牵头单位）
  for (let index = 0; index < bodyStart; index++) reader.readRules(paragraphs[index].text);
  for (let index = bodyStart; index < paragraphs.length; index++) {
    if (reader.read(paragraphs[index])) context.ledger.consume(index);
  }
  const measures = reader.finish();
  checkNumberSequence(measures, context);
  warnUnassigned(measures, context);
  return { sections: reader.sections, measures };
}

/** Reads paragraphs in order; each `read…` method returns whether the paragraph was its kind. */
class MeasuresReader {
  readonly sections: PreviewSection[] = [];
  private readonly measures: PreviewMeasure[] = [];
  private section: SectionDraft | null = null;
  private measure: MeasureDraft | null = null;
  /** after the closing remarks only signatures and dates follow */
  private closing = false;
  private standingCoUnits: UnitRef[] = [];
  private firstListedLeads = true;

  constructor(
    private readonly layout: MeasuresLayout,
    private readonly context: ParseContext,
  ) {}

  read(paragraph: Paragraph): boolean {
    this.readRules(paragraph.text);
    return (
      this.readSectionHeading(paragraph) ||
      this.readMeasureStart(paragraph) ||
      this.readClosing(paragraph) ||
      this.readFieldLine(paragraph) ||
      this.readStandaloneAssignment(paragraph) ||
      this.readContinuation(paragraph) ||
      this.readSectionIntro(paragraph)
    );
  }

  finish(): PreviewMeasure[] {
    this.finishMeasure();
    return this.measures;
  }

  /** Sentences that change how the rest of the document is read; see the file comment. */
  readRules(text: string): void {
    const following = STANDING_CO_UNITS.exec(text); // 以下措施…: from the next measure on
    if (following) this.standingCoUnits = this.context.resolver.resolveList(following[1]);
    const likewise = STANDING_CO_UNITS_LIKEWISE.exec(text); // …，下同: this measure and the later ones
    if (likewise) {
      this.standingCoUnits = this.context.resolver.resolveList(likewise[1]);
      // stated in a measure's later paragraph: that measure is one of them (a new measure takes it on start)
      const startsMeasure = readNumbering(this.layout.measureStyle, text) !== null;
      if (this.measure && !startsMeasure) this.measure.standingCoUnits = this.standingCoUnits;
    }
    if (FIRST_LISTED_LEADS.test(text)) this.firstListedLeads = true;
    if (UNORDERED_UNITS.test(text)) this.firstListedLeads = false;
  }

  private readSectionHeading({ text, line }: Paragraph): boolean {
    const { sectionStyle } = this.layout;
    if (sectionStyle === null || !readNumbering(sectionStyle, text)) return false;
    this.finishMeasure();
    this.closing = false;
    const lead = SECTION_LEAD.exec(text);
    const leads = lead ? this.context.resolver.resolveList(lead[1]) : [];
    const heading = lead ? text.slice(0, lead.index) : text;
    const preview: PreviewSection = { heading, lead: leads[0] ? { ...leads[0] } : null, line };
    if (leads.length > 0) preview.leads = leads.map((ref) => ({ ...ref }));
    this.sections.push(preview);
    this.section = { preview, leads, measureCount: 0 };
    return true;
  }

  private readMeasureStart({ text, line }: Paragraph): boolean {
    const numbered = readNumbering(this.layout.measureStyle, text);
    if (!numbered) return false;
    this.finishMeasure();
    this.closing = false;
    if (this.section) this.section.measureCount++;
    this.measure = {
      number: String(numbered.number),
      line,
      section: this.section,
      paragraphs: [],
      assignment: null,
      standingCoUnits: this.standingCoUnits,
      fieldLines: [],
      firstListedLeads: this.firstListedLeads,
    };
    this.addText(this.measure, numbered.rest);
    return true;
  }

  /**
   * 各级各有关部门… after the last measure starts the closing remarks; they, the 抄送 line and
   * the printing date are no measures. When the measure before is still open (no assignment
   * closed it), the remark might belong to it, so the office is asked to check.
   */
  private readClosing({ text, line }: Paragraph): boolean {
    if (this.closing) return true;
    const hasMeasure = this.measure !== null || this.measures.length > 0;
    if (!hasMeasure || !CLOSING_REMARK.test(text)) return false;
    if (this.measure && !this.measure.assignment) {
      this.context.ledger.warn(line, 'CLOSING_ASSUMED', `第${line}行起视为结束语，未并入第${this.measure.number}项措施，请核对`, this.measure.number);
    }
    this.finishMeasure();
    this.closing = true;
    return true;
  }

  /** `牵头单位：…` / `完成时限：…` / `联系人：…` lines after the measure's text, in any order */
  private readFieldLine({ text }: Paragraph): boolean {
    if (!this.measure || !FIELD_LINE.test(text)) return false;
    this.measure.fieldLines.push(text.replace(/[。；，]$/, ''));
    return true;
  }

  /** （责任单位：…） on a paragraph of its own, after the measure's text */
  private readStandaloneAssignment({ text }: Paragraph): boolean {
    const trailing = splitTrailingAssignment(text);
    if (!trailing || trailing.body.length > 0 || !this.measure || this.measure.assignment) return false;
    this.addText(this.measure, text);
    return true;
  }

  /** an unnumbered paragraph continues the measure until its assignment closed it */
  private readContinuation({ text }: Paragraph): boolean {
    if (!this.measure || this.measure.assignment) return false;
    this.addText(this.measure, text);
    return true;
  }

  /** Text between a heading and its first measure is the section's intro, not a measure. */
  private readSectionIntro({ text, line }: Paragraph): boolean {
    const section = this.section;
    if (!section || section.measureCount > 0) return false;
    section.preview.intro = section.preview.intro ? `${section.preview.intro}\n${text}` : text;
    this.context.ledger.warn(line, 'SECTION_INTRO', `“${section.preview.heading}”的导语未作为措施导入，请核对`);
    return true;
  }

  private addText(measure: MeasureDraft, text: string): void {
    const trailing = splitTrailingAssignment(text);
    const body = trailing ? trailing.body : text;
    if (body.length > 0) measure.paragraphs.push(body);
    if (trailing) {
      measure.assignment = parseAssignment(trailing.inner, this.context.resolver, {
        firstListedLeads: this.firstListedLeads,
      });
    }
  }

  private finishMeasure(): void {
    if (this.measure) this.measures.push(buildMeasure(this.measure, this.context));
    this.measure = null;
  }
}

/**
 * Units: the ones the measure lists (first leads), else its section's leads; then the
 * document's standing co-units.
 */
function buildMeasure(draft: MeasureDraft, context: ParseContext): PreviewMeasure {
  const body = draft.paragraphs.join('\n');
  const fields = readFieldLines(draft, context);
  if (fields.assignment) draft.assignment = mergeAssignments(draft.assignment, fields.assignment);
  const listed = draft.assignment?.units ?? [];
  const units = new UnitCollector();
  units.addAll(listed);
  if (listed.length === 0) for (const lead of draft.section?.leads ?? []) units.add(lead, 'lead');
  for (const coUnit of draft.standingCoUnits) units.add(coUnit, 'co');
  const assignments = units.list();
  const lead = assignments.find((unit) => unit.role === 'lead');

  if (draft.assignment?.unread.length) {
    context.ledger.warn(draft.line, 'ASSIGNMENT_UNREAD', `第${draft.number}项责任单位中“${draft.assignment.unread.join('，')}”无法识别`, draft.number);
  }
  if (!lead && assignments.length > 0) {
    context.ledger.warn(draft.line, 'LEAD_UNSPECIFIED', `第${draft.number}项未指明牵头单位，需统筹办指定`, draft.number);
  }

  const deadline = readTaskDeadline(draft.assignment?.deadlineText ?? null, draft.line, draft.number, context);
  const task: PreviewTask = {
    kind: 'measure',
    ordinal: 1,
    text: body,
    units: unitNames(assignments),
    assignments: assignments.map((unit) => ({ ...unit, sections: [...unit.sections] })),
    deadline: { ...deadline },
    line: draft.line,
  };
  return {
    number: draft.number,
    parent: null,
    section: draft.section?.preview.heading ?? null,
    title: deriveTitle(body),
    applicable: true,
    notApplicableReason: null,
    upstreamText: null,
    upstreamLeads: [],
    goal: null,
    body,
    lead: lead ? toUnitRef(lead) : null,
    units: assignments,
    contacts: fields.contacts.map((contact) => ({ ...contact, unit: contact.unit ?? lead?.unit ?? null })),
    deadline,
    tasks: [task],
    line: draft.line,
  };
}

/** Field lines: the unit and deadline fields read like an assignment parenthesis, the contact fields like a contact line. */
function readFieldLines(draft: MeasureDraft, context: ParseContext): { assignment: Assignment | null; contacts: PreviewContact[] } {
  if (draft.fieldLines.length === 0) return { assignment: null, contacts: [] };
  const contactFields = draft.fieldLines.filter((field) => CONTACT_FIELD.test(field));
  const assignmentFields = draft.fieldLines.filter((field) => !CONTACT_FIELD.test(field));
  const assignment = assignmentFields.length
    ? parseAssignment(assignmentFields.join('；'), context.resolver, { firstListedLeads: draft.firstListedLeads })
    : null;
  const contacts = contactFields.length ? parseContactLine(`（${contactFields.join('，')}）`, context.resolver).contacts : [];
  return { assignment, contacts };
}

/** A parenthesis and field lines may both assign: the parenthesis's units first, the first deadline stated. */
function mergeAssignments(first: Assignment | null, second: Assignment): Assignment {
  if (first === null) return second;
  const units = new UnitCollector();
  units.addAll(first.units);
  units.addAll(second.units);
  return {
    units: units.list(),
    deadlineText: first.deadlineText ?? second.deadlineText,
    remarks: [...first.remarks, ...second.remarks],
    unread: [...first.unread, ...second.unread],
  };
}

/** One warning per unassigned measure; one summary when the document names no unit at all (000). */
function warnUnassigned(measures: readonly PreviewMeasure[], context: ParseContext): void {
  const unassigned = measures.filter((measure) => measure.units.length === 0);
  if (unassigned.length === 0) return;
  if (unassigned.length === measures.length) {
    context.ledger.warn(measures[0].line, 'UNIT_UNASSIGNED', `文件未注明责任单位，全部${measures.length}项措施需统筹办逐项分配`);
    return;
  }
  for (const measure of unassigned) {
    context.ledger.warn(measure.line, 'UNIT_UNASSIGNED', `第${measure.number}项未注明责任单位，需统筹办分配`, measure.number);
  }
}
