/**
 * Text that lost its line structure: a PDF or web copy where the whole document is one line,
 * or where every line was cut at a fixed width mid-sentence. Lines cut at a fixed width are
 * joined back, then a line that runs on over several numbered items is split before each
 * item number (`1.` / `（一）` / `一、` / `第一条`). A number is only taken for an item when it
 * follows the end of a sentence (or a heading) and continues its numbering: `按第3条执行` and
 * `1.5万元` stay inside their sentence.
 */

import { isStructuralLine } from './line-patterns';

/** A stretch of text with the source lines it came from. */
export interface SourceText {
  text: string;
  /** offset in `text` where each source line starts, with its 1-based line number */
  starts: { offset: number; line: number }[];
  /** the text starts inside a source line that an earlier piece already counts */
  continued?: boolean;
}

/** documents whose lines average more than this many characters have lost their line breaks */
const RUN_ON_AVERAGE_LENGTH = 300;
/** fixed-width wrapping: this share of the lines (at least MIN_WRAPPED_LINES) has one length */
const FIXED_WIDTH_SHARE = 0.6;
const MIN_WRAPPED_LINES = 8;
const MIN_WRAP_WIDTH = 15;

const ITEM_MARKER =
  /(?:([一二三四五六七八九十]{1,3})、|（([一二三四五六七八九十]{1,3})）|第([一二三四五六七八九十百]{1,4})条|(\d{1,3})[.、](?!\d)|（(\d{1,3})）)/g;
/** a run-on text numbers at least this many items … */
const MIN_ITEMS = 2;
/** … and a document with more numbered lines than this is checked no further (the samples have dozens) */
const MAX_NUMBERED_LINES_OF_RUN_ON = 12;
const ITEM_START =
  /^(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）|第[一二三四五六七八九十百]{1,4}[条项]|第\d{1,3}项|\d{1,3}[.、](?!\d)|（\d{1,3}）)/;
const CHINESE_DIGITS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const AFTER_SENTENCE = /[。；！？：）]/;
/** a line cut at the width that ends a sentence, before an item number, ended there anyway */
const SENTENCE_END = /[。！？：）]$/;
/** the closing remarks after the last measure's assignment: 本措施自印发之日起施行… */
const CLOSING_REMARK = /(?<=[）】〕\]])(?=(?:本(?:措施|通知|意见|方案|办法|规定|政策)|以上|上述|各级各|各有关)[^。]{0,40}。)/g;

export function fromLines(lines: readonly string[]): SourceText[] {
  return lines.map((text, index) => ({ text, starts: [{ offset: 0, line: index + 1 }] }));
}

/** Lines cut at the document's one width (±1) are joined with the next non-blank line. */
export function joinFixedWidthLines(lines: readonly SourceText[]): SourceText[] {
  const width = wrapWidth(lines);
  if (width === null) return [...lines];
  const joined: SourceText[] = [];
  let current: SourceText | null = null;
  for (const line of lines) {
    if (line.text.length === 0) continue;
    const boundary = SENTENCE_END.test(current?.text ?? '') && isStructuralLine(line.text);
    if (current && !boundary && lastLineLength(current) >= width - 1) {
      current = append(current, line);
      joined[joined.length - 1] = current;
    } else {
      current = { ...line, starts: [...line.starts] };
      joined.push(current);
    }
  }
  return joined;
}

/**
 * In a document without line structure, splits the text before every item number: its lines
 * average hundreds of characters, or at most half of the items its sentences number start a line.
 */
export function splitRunOnLines(lines: readonly SourceText[]): SourceText[] {
  const nonBlank = lines.filter((line) => line.text.length > 0);
  if (nonBlank.length === 0) return [...lines];
  const characters = nonBlank.reduce((sum, line) => sum + line.text.length, 0);
  const numbered = nonBlank.filter((line) => ITEM_START.test(line.text)).length;
  if (characters / nonBlank.length < RUN_ON_AVERAGE_LENGTH && numbered > MAX_NUMBERED_LINES_OF_RUN_ON) return [...lines];
  // its line breaks say nothing (a number may even be cut in two: `一` / `、减轻…`): one text, re-split
  const whole = nonBlank.slice(1).reduce(append, { ...nonBlank[0], starts: [...nonBlank[0].starts] });
  const pieces = splitBeforeItems(whole);
  const items = pieces.filter((piece) => ITEM_START.test(piece.text)).length;
  const runOn = characters / nonBlank.length >= RUN_ON_AVERAGE_LENGTH ? items >= MIN_ITEMS : items >= MIN_ITEMS && numbered * 2 <= items;
  return runOn ? pieces : [...lines];
}

function splitBeforeItems(line: SourceText): SourceText[] {
  const cuts: number[] = [];
  const lastNumber = new Map<number, number>(); // numbering style (capture group) → last number taken
  let segmentStart = 0;
  for (const match of line.text.matchAll(ITEM_MARKER)) {
    const at = match.index ?? 0;
    const style = match.slice(1).findIndex((group) => group !== undefined);
    const number = numberOf(match[style + 1]);
    if (number === null) continue;
    const previous = lastNumber.get(style);
    const continues = previous === undefined ? number === 1 : number === previous + 1 || number === 1;
    const segment = line.text.slice(segmentStart, at);
    const afterSentence = at === 0 || AFTER_SENTENCE.test(line.text[at - 1]);
    const afterHeading = segment.length > 0 && segment.length <= 40 && !/[。；，]/.test(segment);
    if (!continues || !(afterSentence || afterHeading)) continue;
    lastNumber.set(style, number);
    if (at > 0) cuts.push(at);
    segmentStart = at;
  }
  for (const match of line.text.matchAll(CLOSING_REMARK)) if (cuts.length > 0 && (match.index ?? 0) > cuts[cuts.length - 1]) cuts.push(match.index ?? 0);
  if (cuts.length === 0) return [line];
  const bounds = [0, ...cuts, line.text.length];
  const pieces: SourceText[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    const text = line.text.slice(from, to).trim();
    if (text.length === 0) continue;
    const inside = line.starts.filter((start) => start.offset > from && start.offset < to).map((start) => ({ offset: start.offset - from, line: start.line }));
    const owner = [...line.starts].reverse().find((start) => start.offset <= from)!;
    // a piece that starts inside a source line names that line, though the line is counted once
    const piece: SourceText = { text, starts: [{ offset: 0, line: owner.line }, ...inside] };
    if (owner.offset < from || line.continued) piece.continued = owner.offset < from || line.continued;
    pieces.push(piece);
  }
  return pieces;
}

function numberOf(written: string): number | null {
  if (/^\d+$/.test(written)) return Number(written);
  let total = 0;
  let pending = 0;
  for (const char of written) {
    if (char === '十') {
      total += (pending || 1) * 10;
      pending = 0;
    } else if (char === '百') {
      total += (pending || 1) * 100;
      pending = 0;
    } else if (char in CHINESE_DIGITS) pending = CHINESE_DIGITS[char];
    else return null;
  }
  return total + pending;
}

function wrapWidth(lines: readonly SourceText[]): number | null {
  const counts = new Map<number, number>();
  let long = 0;
  for (const { text } of lines) {
    if (text.length < MIN_WRAP_WIDTH) continue;
    long++;
    counts.set(text.length, (counts.get(text.length) ?? 0) + 1);
  }
  let best: [number, number] | null = null;
  for (const entry of counts) if (best === null || entry[1] > best[1]) best = entry;
  if (best === null || best[1] < MIN_WRAPPED_LINES) return null;
  // lines one character shorter or longer (a full-width character split differently) count too
  const wrapped = best[1] + (counts.get(best[0] - 1) ?? 0) + (counts.get(best[0] + 1) ?? 0);
  return wrapped >= long * FIXED_WIDTH_SHARE ? best[0] : null;
}

function lastLineLength(text: SourceText): number {
  return text.text.length - text.starts[text.starts.length - 1].offset;
}

/** Appends `next` to `current` in place (callers own `current`): joining thousands of lines stays linear. */
function append(current: SourceText, next: SourceText): SourceText {
  const offset = current.text.length;
  current.text += next.text;
  for (const start of next.starts) current.starts.push({ offset: start.offset + offset, line: start.line });
  return current;
}
