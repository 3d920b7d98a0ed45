/**
 * Text normalisation: from PDF-extracted text to paragraphs the parsers can read.
 *
 * Characters: one spelling for punctuation (full-width brackets, colons, commas), no spaces
 * between Chinese characters (`第 1 项`, `2022 年 12 月`), simplified characters, a duplicated
 * key written once (`完成时限：完成时限：`), ideographs for the radical code points PDF extraction
 * yields (⻓ → 长). Page numbers and running headers go (see page-furniture.ts). Lines: a line that does not end its sentence
 * continues on the next, possibly after a blank line (a PDF page or line break), and an open
 * parenthesis always continues. Each paragraph keeps the source line numbers it came from.
 */
import { normalizeRadicals } from './cjk-radicals';
import { FIELD_LINE, isHeadingLine, isStructuralLine } from './line-patterns';
import type { FurnitureLine } from './page-furniture';
import type { SourceText } from './run-on-text';
import { fromLines, joinFixedWidthLines, splitRunOnLines } from './run-on-text';
import { findPageFurniture } from './page-furniture';
import { toSimplified } from './traditional-chars';

export interface Paragraph {
  /** normalised text, joined across PDF line breaks */
  text: string;
  /** 1-based source line where the paragraph starts */
  line: number;
  /** 1-based source line where it ends */
  endLine: number;
  /** how many non-blank source lines it was joined from */
  sourceLines: number;
}

const LINE_BREAK = /\r\n|\r|\n/;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]|\*\*/g; // zero-width characters, markdown bold markers
const SPACE_LIKE = /[\t\u00A0\u3000]/g;
const FULL_WIDTH_ALPHANUMERIC = /[０-９Ａ-Ｚａ-ｚ．％]/g;
const HALF_WIDTH_PUNCTUATION = /[(),:;]/g;
const FULL_WIDTH_BY_HALF: Readonly<Record<string, string>> = { '(': '（', ')': '）', ',': '，', ':': '：', ';': '；' };
const SPACE_RUN = / +/g;
/** Chinese characters and punctuation: a space next to one of them is PDF breakage */
const TIGHT_CHAR = /[\u2E80-\u9FFF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF“”‘’—…·]/;
/** `完成时限：完成时限：` */
const REPEATED_KEY = /(完成时限|牵头单位|责任单位|责任科室|配合单位|联系人|联系电话|原因)：\1：/g;

/** ends its sentence: 。！？ or a lead-in colon; ； and ， do not */
const SENTENCE_END = /[。！？!?：…]$/;
/** punctuation inside a line marks running text (a heading or a title has none) */
const RUNNING_TEXT_PUNCTUATION = /[，、；。：]/;
/** document titles end like this: a long title line is not a broken sentence */
const TITLE_END = /(?:通知|意见|决定|办法|措施|方案|汇编|清单|政策)$/;
/** a line without inner punctuation shorter than this is a heading, a signature or a date */
const MIN_BROKEN_LINE_LENGTH = 35;
/** `第二条…` after a sentence cut just before it (`…，按` / `第二条规定的方式`) is a citation */
const CITED_ARTICLE = /^第[一二三四五六七八九十百\d]+条/;
const CITING = /[，、；][^。！？：）]*[\u4E00-\u9FFF]$/;
/** an assignment may stand in any of these; one left open continues on the next line */
const OPENING_BRACKETS = '（【〔［[';
const CLOSING_BRACKETS = '）】〕］]';
/** a page's line width is the most common length of lines at least this long … */
const MIN_LINE_WIDTH = 15;
/** … when at least this many lines (and this share of them) have it; lines with digits run a little shorter */
const MIN_LINES_AT_WIDTH = 10;
const MIN_SHARE_AT_WIDTH = 0.15;
const LINE_WIDTH_TOLERANCE = 3;

export interface NormalizedDocument {
  paragraphs: Paragraph[];
  /** page numbers, running headers and print footers taken out before lines were rejoined */
  furniture: FurnitureLine[];
}

export function normalizeDocument(raw: string): Paragraph[] {
  return readDocumentText(raw).paragraphs;
}

export function readDocumentText(raw: string): NormalizedDocument {
  const lines = normalizeText(raw)
    .split(LINE_BREAK)
    .map((line) => line.trim());
  const furnitureIndexes = findPageFurniture(lines);
  const furniture = [...furnitureIndexes].sort((a, b) => a - b).map((index) => ({ line: index + 1, text: lines[index] }));
  const text = lines.map((line, index) => (furnitureIndexes.has(index) ? '' : line));
  return { paragraphs: joinBrokenLines(splitRunOnLines(joinFixedWidthLines(fromLines(text)))), furniture };
}

/** One source line in the spelling every parser expects. */
export function normalizeLine(line: string): string {
  return normalizeText(line).trim();
}

/**
 * Simplified characters, ASCII digits, full-width brackets and colons, no invisible characters,
 * no spaces next to Chinese (`第 1 项` → `第1项`), a repeated key written once. Every step keeps
 * line breaks, so this runs once over the whole text.
 */
function normalizeText(text: string): string {
  return toSimplified(normalizeRadicals(text))
    .replace(INVISIBLE, '')
    .replace(SPACE_LIKE, ' ')
    .replace(FULL_WIDTH_ALPHANUMERIC, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .replace(HALF_WIDTH_PUNCTUATION, toFullWidthUnlessNumeric)
    .replace(SPACE_RUN, dropIfNextToChinese)
    .replace(REPEATED_KEY, '$1：');
}

function dropIfNextToChinese(spaces: string, offset: number, text: string): string {
  const before = text[offset - 1] ?? '';
  const after = text[offset + spaces.length] ?? '';
  return TIGHT_CHAR.test(before) || TIGHT_CHAR.test(after) ? '' : spaces;
}

/** `(` → `（`, `:` → `：`, but 1:1.5 and 1,000 keep their ASCII punctuation. */
function toFullWidthUnlessNumeric(char: string, offset: number, text: string): string {
  const betweenDigits = /\d/.test(text[offset - 1] ?? '') && /\d/.test(text[offset + 1] ?? '');
  if (betweenDigits && (char === ':' || char === ',')) return char;
  return FULL_WIDTH_BY_HALF[char];
}

function joinBrokenLines(lines: readonly SourceText[]): Paragraph[] {
  const minBrokenLength = brokenLineLength(lines);
  const paragraphs: Paragraph[] = [];
  let current: Paragraph | null = null;
  for (const { text, starts, continued } of lines) {
    if (text.length === 0) continue; // blank lines separate nothing on their own
    const line = starts[0].line;
    const endLine = starts[starts.length - 1].line;
    const sourceLines = starts.length - (continued ? 1 : 0);
    if (current && continuesOnNextLine(current.text, text, minBrokenLength)) {
      current.text += text;
      current.endLine = endLine;
      current.sourceLines += sourceLines;
    } else {
      current = { text, line, endLine, sourceLines };
      paragraphs.push(current);
    }
  }
  return paragraphs;
}

/**
 * A page narrower than the one the samples were printed on wraps lines shorter than 35
 * characters: the length most full lines have (a PDF's line width) says where a line was cut.
 */
function brokenLineLength(lines: readonly SourceText[]): number {
  const counts = new Map<number, number>();
  let long = 0;
  for (const { text } of lines) {
    if (text.length < MIN_LINE_WIDTH) continue;
    long++;
    counts.set(text.length, (counts.get(text.length) ?? 0) + 1);
  }
  let width = 0;
  let widthCount = 0;
  for (const [length, count] of counts) if (count > widthCount) [width, widthCount] = [length, count];
  if (widthCount < MIN_LINES_AT_WIDTH || widthCount < long * MIN_SHARE_AT_WIDTH) return MIN_BROKEN_LINE_LENGTH;
  return Math.min(MIN_BROKEN_LINE_LENGTH, width - LINE_WIDTH_TOLERANCE);
}

/** Whether `next` is the rest of the sentence that `previous` left unfinished. */
export function continuesOnNextLine(previous: string, next: string, minBrokenLength = MIN_BROKEN_LINE_LENGTH): boolean {
  if (CITED_ARTICLE.test(next) && CITING.test(previous)) return true; // 按 / 第二条规定的方式: a citation, not an article
  if (isStructuralLine(next)) return false;
  if (hasOpenParenthesis(previous)) return true;
  if (FIELD_LINE.test(next)) return false; // 牵头单位：… on a line of its own, outside any parenthesis
  if (isHeadingLine(previous) || endsSentence(previous)) return false;
  if (RUNNING_TEXT_PUNCTUATION.test(previous)) return true;
  return previous.length >= minBrokenLength && !TITLE_END.test(previous);
}

function endsSentence(text: string): boolean {
  return SENTENCE_END.test(text) || text.endsWith('）');
}

function hasOpenParenthesis(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if (OPENING_BRACKETS.includes(char)) depth++;
    else if (CLOSING_BRACKETS.includes(char) && depth > 0) depth--;
  }
  return depth > 0;
}
