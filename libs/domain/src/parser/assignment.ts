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
import { looksLikeUnitName, splitOutsideBrackets } from '../units/unit-resolver';
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
const EXPLICIT_LEAD = /(?:牵头(?:单位|部门)|主办单位)：/;
const FIELD = /^(牵头单位|牵头部门|主办单位|责任单位|责任部门|配合单位|协办单位|参与单位|责任科室|责任股室|责任处室|完成时限|完成时间|时间节点|时限)：(.*)$/;
const FIELD_SEPARATOR = /[，；,;]/;
/** a bare field that is a deadline: `…，2022年12月）` */
const DEADLINE_LIKE = /\d{4}年|年底|年内|长期|持续|季度|月底|半年/;
/** a bare field that is a section of the unit before it: `区财政局，经济建设科` */
const BARE_SECTION = /^[^区市县省各][^，；]{0,15}(?:科|股)$/;
/** remarks on the list, not units: `排名不分先后`, `下同`, `列第一位的为牵头单位` */
const LIST_REMARK = /不分先后|下同|不再一一列出|(?:第一位|首位|第一)的?(?:单位)?(?:为|是)牵头单位/;
/** `各镇（街道）均为责任单位` inside a list: the units before it are co-responsible */
const STANDING_UNITS_FIELD = /^(.+?)均为(?:责任|配合)单位$/;
/** brackets an assignment may be written in; the normalised text has （ ） for ( ) already */
const OPENING_BY_CLOSING: Readonly<Record<string, string>> = { '）': '（', '】': '【', '〕': '〔', ']': '[', '］': '［' };
/**
 * A lead clause, the other way documents assign a measure:
 * `市商务局牵头，市财政局、市市场监管局配合`, `市民政局牵头，各县（市、区）人民政府落实`,
 * `市文化和旅游局、市体育局按职责分工负责`, `市发展改革委、市商务局分别负责`.
 */
const LEAD_FIELD = /^(.+?)(?:共同)?牵头(?:负责|落实|实施)?$/;
const CO_FIELD = /^(.+?)(?:配合|参与|协助|协同|落实|共同推进)$/;
/** a unit named without 牵头/负责 around it must say whose it is: 区委组织部, not 街道 in `各镇（街道）` */
const NAMED_UNIT_START = /^(?:区|市|县|省|镇|乡|国家|中国|人民银行|团).{2,}/;
/** 各镇（街道）, 县有关部门, 市直相关单位 */
const COLLECTIVE_UNITS = /^各.{1,12}$|^.{0,4}(?:有关|相关)(?:部门|单位)(?:和单位)?$/;
const SHARED_FIELD = /^(.+?)(?:按职责分工负责|按职责负责|按职责分工落实|分别负责|负责落实|负责)$/;

type FieldRole = 'lead' | 'responsible' | 'co';
type FieldKind = FieldRole | 'section' | 'deadline';

const KIND_BY_KEY: Readonly<Record<string, FieldKind>> = {
  牵头单位: 'lead',
  牵头部门: 'lead',
  主办单位: 'lead',
  责任单位: 'responsible',
  责任部门: 'responsible',
  配合单位: 'co',
  协办单位: 'co',
  参与单位: 'co',
  责任科室: 'section',
  责任股室: 'section',
  责任处室: 'section',
  完成时限: 'deadline',
  完成时间: 'deadline',
  时间节点: 'deadline',
  时限: 'deadline',
};

export function isAssignment(inner: string): boolean {
  return ASSIGNMENT_KEY.test(inner);
}

/**
 * `正文。（牵头单位：…）` → body `正文。` and inner `牵头单位：…`; also in 【】, 〔〕 and [ ];
 * null when the text does not end in a bracket.
 */
export function splitTrailingParenthesis(text: string): { body: string; inner: string } | null {
  const closing = text[text.length - 1];
  const opening = OPENING_BY_CLOSING[closing];
  if (opening === undefined) return null;
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === closing) depth++;
    else if (text[i] === opening && --depth === 0) {
      return { body: text.slice(0, i).trim(), inner: text.slice(i + 1, -1) };
    }
  }
  return null;
}

/** The trailing parenthesis when it assigns work (keyed fields or a lead clause); null for any other text. */
export function splitTrailingAssignment(text: string): { body: string; inner: string } | null {
  const trailing = splitTrailingParenthesis(text);
  if (trailing === null) return null;
  if (isAssignment(trailing.inner)) return trailing;
  const keyed = leadClauseAsFields(trailing.inner);
  return keyed === null ? null : { body: trailing.body, inner: keyed };
}

/**
 * A lead clause (or a bare list of units) rewritten as keyed fields, so one reader reads both:
 * `市商务局牵头，市财政局配合，2024年6月底前` → `牵头单位：市商务局；配合单位：市财政局；完成时限：2024年6月底前`.
 * Null unless every field is a lead, co, shared, deadline or remark field, or a unit list.
 */
export function leadClauseAsFields(inner: string): string | null {
  const keyed: string[] = [];
  let named = false;
  for (const field of splitOutsideBrackets(inner.replace(/。$/, ''), FIELD_SEPARATOR)) {
    const lead = LEAD_FIELD.exec(field);
    const co = CO_FIELD.exec(field);
    const shared = SHARED_FIELD.exec(field);
    const standing = STANDING_UNITS_FIELD.exec(field);
    if (lead && isNameList(lead[1])) keyed.push(`牵头单位：${lead[1]}`);
    else if (co && isNameList(co[1])) keyed.push(`配合单位：${co[1]}`);
    else if (standing && isNameList(standing[1])) keyed.push(`配合单位：${standing[1]}`);
    else if (shared && isNameList(shared[1])) keyed.push(`责任单位：${shared[1]}`);
    else if (isUnitList(field)) keyed.push(`责任单位：${field}`);
    else if (LIST_REMARK.test(field)) continue;
    else if (DEADLINE_LIKE.test(field) && named) keyed.push(`完成时限：${field.replace(/(?:前|以前)?完成$/, '前')}`);
    else return null;
    named = true;
  }
  return named ? keyed.join('；') : null;
}

/**
 * Before 牵头 / 配合 / 按职责分工负责 the words are names (市工商联, 团区委 need not end like a unit):
 * short items without sentence punctuation.
 */
function isNameList(text: string): boolean {
  const names = splitOutsideBrackets(text, /、/);
  return names.length > 0 && names.every((name) => name.length >= 2 && name.length <= 30 && !/[。：“”]/.test(name));
}

/** `市财政局、各县（市、区）人民政府`: every name in it ends like a unit or is a collective (各镇（街道）) */
function isUnitList(text: string): boolean {
  const names = splitOutsideBrackets(text, /、/);
  return names.length > 0 && names.every((name) => (looksLikeUnitName(name) && NAMED_UNIT_START.test(name)) || COLLECTIVE_UNITS.test(name));
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
