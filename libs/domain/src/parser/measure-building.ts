/**
 * What both document parsers share when they turn what they read into preview measures:
 * the parse context, titles, task deadlines, a measure's deadline, the numbering check.
 */
import type { Deadline } from '../deadlines/deadline.types';
import { parseDeadline } from '../deadlines/parse-deadline';
import type { UnitResolver } from '../units/unit-resolver';
import type { LineLedger } from './line-ledger';
import type { PreviewMeasure, PreviewSection, PreviewUnit, UnitRef } from './preview.types';

export interface ParseContext {
  resolver: UnitResolver;
  ledger: LineLedger;
  defaultYear: number;
  /** for tasks whose deadline is missing or unreadable */
  defaultDeadline: Deadline;
  /** deadline texts read so far: a document repeats 2022年12月 hundreds of times */
  knownDeadlines: Map<string, Deadline | null>;
}

export interface ShapeResult {
  sections: PreviewSection[];
  measures: PreviewMeasure[];
}

const MAX_TITLE_LENGTH = 60;
/** a first clause shorter than this (`2022年，`, `支持培育优势特色产业集群`) says too little; the next clause joins it */
const MIN_TITLE_LENGTH = 16;
const CLAUSE_END = /(?<=[，；：])/;
const TRAILING_CLAUSE_PUNCTUATION = /[，；：、]+$/;

/** The first sentence, or its first clauses when the sentence is long; at most 60 characters. */
export function deriveTitle(text: string): string {
  const sentence = text.split(/[。\n]/)[0].trim();
  if (sentence.length <= MAX_TITLE_LENGTH) return sentence;
  let title = '';
  for (const clause of sentence.split(CLAUSE_END)) {
    title += clause;
    if (title.length >= MIN_TITLE_LENGTH) break;
  }
  title = title.replace(TRAILING_CLAUSE_PUNCTUATION, '');
  return title.length <= MAX_TITLE_LENGTH ? title : `${title.slice(0, MAX_TITLE_LENGTH - 1)}…`;
}

/** The deadline a task states, or the document default (with a warning when it was unreadable). */
export function readTaskDeadline(text: string | null, line: number, measure: string, context: ParseContext): Deadline {
  if (text === null) return { ...context.defaultDeadline };
  let deadline = context.knownDeadlines.get(text);
  if (deadline === undefined) {
    deadline = parseDeadline(text, { defaultYear: context.defaultYear });
    context.knownDeadlines.set(text, deadline);
  }
  if (deadline) return { ...deadline };
  context.ledger.warn(line, 'DEADLINE_UNPARSED', `第${measure}项的完成时限“${text}”无法识别，已按文件默认期限（${context.defaultDeadline.date}）导入`, measure);
  return { ...context.defaultDeadline };
}

/**
 * A measure's deadline is its latest task's; of equal dates, a stated one wins over an assumed
 * default. An ongoing task (长期) has no end, so it makes the whole measure ongoing.
 */
export function latestDeadline(deadlines: readonly Deadline[]): Deadline | null {
  let latest: Deadline | null = deadlines.find((deadline) => deadline.precision === 'ongoing') ?? null;
  if (latest === null) {
    for (const deadline of deadlines) if (latest === null || isLater(deadline, latest)) latest = deadline;
  }
  return latest && { ...latest };
}

function isLater(candidate: Deadline, current: Deadline): boolean {
  const [a, b] = [candidate.date ?? '', current.date ?? ''];
  return a > b || (a === b && current.precision === 'default' && candidate.precision !== 'default');
}

/** Measures are numbered 1, 2, 3 …: a gap or a repeat usually means a line was misread. */
export function checkNumberSequence(items: readonly { number: string; line: number }[], context: ParseContext): void {
  let previous = 0;
  for (const item of items) {
    const number = Number(item.number);
    if (number !== previous + 1) {
      const message = previous === 0 ? `序号不从1开始：首项为第${number}项` : `序号不连续：第${previous}项之后为第${number}项`;
      context.ledger.warn(item.line, 'ITEM_SEQUENCE', message, item.number);
    }
    previous = number;
  }
}

/** canonical unit names, leads first */
export function unitNames(units: readonly PreviewUnit[]): string[] {
  return units.map((unit) => unit.unit);
}

/** the unit part of a PreviewUnit (without role and sections) */
export function toUnitRef({ name, unit, collective }: PreviewUnit): UnitRef {
  return collective ? { name, unit, collective } : { name, unit };
}
