/**
 * The shapes of structural lines, shared by normalisation (which must not glue a heading onto
 * the sentence before it) and by the two document parsers. All patterns expect normalised text:
 * full-width brackets and colons, no PDF spaces (第 1 项 → 第1项).
 */
import { chineseNumeralToNumber } from '../deadlines/chinese-numerals';

/** 第1项 */
export const ITEM_HEADING = /^第(\d+)项$/;
/** 第19项政策19—1 */
export const SUB_ITEM_HEADING = /^第(\d+)项(?:政策)?(\d+)[—–－-]+(\d+)$/;
/** 36—1内资企业部分 (the first number must be the current item's; checked by the caller) */
export const LABELLED_SUB_ITEM_HEADING = /^(\d+)[—–－-]+(\d+)([^\d。，；：][^。，；：]{0,19})?$/;
/** （一）政策原文 … （四）保障措施 */
export const PART_HEADING = /^（[一二三四五六七八九十]+）(政策原文|情况说明|落实目标|工作任务|保障措施)$/;
/** a parenthesis opening a contact line: （区发展改革局牵头，联系人：… */
export const CONTACT_LINE_START = /^（[^（）]{0,40}?(?:联系人|电话)：/;

export type NumberingStyle = 'chinese' | 'article' | 'parenChinese' | 'arabic' | 'parenArabic';

/** Outermost first, the order in which official documents nest their numbering. */
export const NUMBERING_HIERARCHY: readonly NumberingStyle[] = ['chinese', 'article', 'parenChinese', 'arabic', 'parenArabic'];

/** A field on a line of its own after a measure: `牵头单位：市商务局`, `完成时限：2024年6月底前`, `联系电话：…` */
export const FIELD_LINE =
  /^(牵头单位|牵头部门|责任单位|责任部门|主办单位|配合单位|协办单位|参与单位|责任科室|责任处室|完成时限|完成时间|时间节点|联系人|联系电话|电话)：/;

/** Group 1 is the number. `1.5万亩` is no numbered line (a digit follows the dot). */
const NUMBERING_PATTERNS: Readonly<Record<NumberingStyle, RegExp>> = {
  chinese: /^([一二三四五六七八九十百]+)、\s*/,
  article: /^第([一二三四五六七八九十百]+)条\s*/,
  parenChinese: /^（([一二三四五六七八九十百]+)）\s*/,
  arabic: /^(\d{1,3})[.、](?!\d)\s*/,
  parenArabic: /^（(\d{1,3})）\s*/,
};

export interface NumberedLine {
  number: number;
  /** the line without its number */
  rest: string;
}

export function readNumbering(style: NumberingStyle, text: string): NumberedLine | null {
  const match = NUMBERING_PATTERNS[style].exec(text);
  if (!match) return null;
  const number = /^\d+$/.test(match[1]) ? Number(match[1]) : chineseNumeralToNumber(match[1]);
  return number === null ? null : { number, rest: text.slice(match[0].length) };
}

export function numberingStyleOf(text: string): NumberingStyle | null {
  return NUMBERING_HIERARCHY.find((style) => NUMBERING_PATTERNS[style].test(text)) ?? null;
}

/** 一、培育壮大有效需求: Chinese-numbered and no sentence (a measure would have a 。) */
export function isSectionHeading(text: string): boolean {
  return numberingStyleOf(text) === 'chinese' && !text.includes('。') && text.length <= 60;
}

/** A heading: it never runs on into the next line. */
export function isHeadingLine(text: string): boolean {
  return ITEM_HEADING.test(text) || SUB_ITEM_HEADING.test(text) || LABELLED_SUB_ITEM_HEADING.test(text) || PART_HEADING.test(text) || isSectionHeading(text);
}

/** A line that starts a new block (a heading, a numbered item, a contact line): no line runs on into it. */
export function isStructuralLine(text: string): boolean {
  return isHeadingLine(text) || CONTACT_LINE_START.test(text) || numberingStyleOf(text) !== null;
}
