/**
 * The parenthesis that assigns work, e.g.
 * `（牵头单位：区发展改革局，责任科室：商贸流通和社会事业科；责任单位：区财政局；完成时限：2022年12月）`.
 *
 * It is read field by field (fields are separated by ，or ；). A keyed field sets the role of the
 * units that follow; a bare field continues the previous one: more units (`；区住房和城乡建设局，`),
 * the section of the last unit (`区财政局，经济建设科`) or the deadline (`…，2022年12月）`).
 * Without any 牵头单位 the first listed unit leads (`（责任单位：区财政局，…）`).
 */
import type { UnitResolver } from '../units/unit-resolver';
import { splitOutsideBrackets } from '../units/unit-resolver';
import type { PreviewUnit, UnitRole } from './preview.types';
import { UnitCollector } from './unit-collector';

export interface Assignment {
  /** leads first */
  units: PreviewUnit[];
  /** 完成时限 as written, null when the parenthesis names none */
  deadlineText: string | null;
  /** sentences after the first (`以下措施责任单位均包括…`), for the caller's rule reading */
  remarks: string[];
  /** fields that could not be read */
  unread: string[];
}

export interface AssignmentOptions {
  /** whether the first listed unit leads when no 牵头单位 is named (default true) */
  firstListedLeads?: boolean;
}

const ASSIGNMENT_KEY = /(?:牵头单位|牵头部门|责任单位|责任部门|配合单位|协办单位|责任科室|完成时限)：/;
const EXPLICIT_LEAD = /牵头(?:单位|部门)：/;
const FIELD = /^(牵头单位|牵头部门|责任单位|责任部门|配合单位|协办单位|参与单位|责任科室|责任股室|完成时限|完成时间|时间节点|时限)：(.*)$/;
const FIELD_SEPARATOR = /[，；,;]/;
/** a bare field that is a deadline: `…，2022年12月）` */
const DEADLINE_LIKE = /\d{4}年|年底|年内|长期|持续|季度|月底/;
/** a bare field that is a section of the unit before it: `区财政局，经济建设科` */
const BARE_SECTION = /^[^区市县省各][^，；]{0,15}(?:科|股)$/;
/** remarks on the list, not units: `排名不分先后`, `下同` */
const LIST_REMARK = /不分先后|下同|不再一一列出/;

type FieldRole = 'lead' | 'responsible' | 'co';
type FieldKind = FieldRole | 'section' | 'deadline';

const KIND_BY_KEY: Readonly<Record<string, FieldKind>> = {
  牵头单位: 'lead',
  牵头部门: 'lead',
  责任单位: 'responsible',
  责任部门: 'responsible',
  配合单位: 'co',
  协办单位: 'co',
  参与单位: 'co',
  责任科室: 'section',
  责任股室: 'section',
  完成时限: 'deadline',
  完成时间: 'deadline',
  时间节点: 'deadline',
  时限: 'deadline',
};

export function isAssignment(inner: string): boolean {
  return ASSIGNMENT_KEY.test(inner);
}

/** `正文。（牵头单位：…）` → body `正文。` and inner `牵头单位：…`; null when the text does not end in a parenthesis. */
export function splitTrailingParenthesis(text: string): { body: string; inner: string } | null {
  if (!text.endsWith('）')) return null;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === '）') depth++;
    else if (text[i] === '（' && --depth === 0) {
      return { body: text.slice(0, i).trim(), inner: text.slice(i + 1, -1) };
    }
  }
  return null;
}

/** The trailing parenthesis when it assigns work; null for any other text. */
export function splitTrailingAssignment(text: string): { body: string; inner: string } | null {
  const trailing = splitTrailingParenthesis(text);
  return trailing && isAssignment(trailing.inner) ? trailing : null;
}

export function parseAssignment(inner: string, resolver: UnitResolver, options: AssignmentOptions = {}): Assignment {
  const [assignmentSentence, ...remarks] = inner.split('。').map((sentence) => sentence.trim());
  const reader = new AssignmentReader(resolver, EXPLICIT_LEAD.test(inner), options.firstListedLeads ?? true);
  for (const field of splitOutsideBrackets(assignmentSentence, FIELD_SEPARATOR)) reader.read(field);
  return {
    units: reader.units.list(),
    deadlineText: reader.deadlineText,
    remarks: remarks.filter((remark) => remark.length > 0),
    unread: reader.unread,
  };
}

class AssignmentReader {
  readonly units = new UnitCollector();
  readonly unread: string[] = [];
  deadlineText: string | null = null;
  /** the role that bare unit fields continue */
  private role: FieldRole | null = null;

  constructor(
    private readonly resolver: UnitResolver,
    private readonly hasExplicitLead: boolean,
    private readonly firstListedLeads: boolean,
  ) {}

  read(field: string): void {
    const keyed = FIELD.exec(field);
    if (keyed) this.readKeyed(KIND_BY_KEY[keyed[1]], keyed[2]);
    else this.readBare(field);
  }

  private readKeyed(kind: FieldKind, value: string): void {
    if (kind === 'section') this.units.addSections(splitSections(value));
    else if (kind === 'deadline') this.deadlineText = value;
    else {
      this.role = kind;
      this.addUnits(value);
    }
  }

  private readBare(field: string): void {
    if (LIST_REMARK.test(field)) return;
    if (DEADLINE_LIKE.test(field) && this.deadlineText === null) this.deadlineText = field;
    else if (BARE_SECTION.test(field) && this.units.hasUnit) this.units.addSections(splitSections(field));
    else if (this.role !== null) this.addUnits(field);
    else this.unread.push(field);
  }

  private addUnits(list: string): void {
    for (const ref of this.resolver.resolveList(list)) this.units.add(ref, this.roleOfNextUnit());
  }

  /** 责任单位 are co-units next to a 牵头单位; on their own, the first listed leads */
  private roleOfNextUnit(): UnitRole {
    if (this.role === 'lead') return 'lead';
    if (this.role === 'co' || this.hasExplicitLead) return 'co';
    return this.firstListedLeads && !this.units.hasUnit ? 'lead' : 'co';
  }
}

function splitSections(value: string): string[] {
  return value.split('、').map((section) => section.trim());
}
