/**
 * Reads a 完成时限 as written in a policy document into a calendar date.
 *
 * The wording is read in three steps: clean the text (PDF spaces, a repeated 完成时限： key),
 * rewrite it into one spelling (Arabic digits, 2022年3月 instead of 2022.3), then keep only
 * the end of a range (2022年3月-12月 → 12月, still in 2022) and read that point in time.
 */
import { chineseDigitsToNumber, chineseNumeralToNumber } from './chinese-numerals';
import type { Deadline, DeadlinePrecision } from './deadline.types';

export interface DeadlineOptions {
  /** year for deadlines that name none (年底前, 6月底前) */
  defaultYear?: number;
}

const ONGOING = /长期|持续|常态化|经常性/;
/** 每季度末, 每月底前: recurring, so no point in time although it names one */
const RECURRING = /^每(?:年|半年|季度?|月|周|旬)/;
const KEY_PREFIX = /^(?:(?:完成时限|完成时间|时间节点|时限)[：:])+/;
const TRAILING_PUNCTUATION = /[。；;，,、]+$/;

const FULL_WIDTH_DIGIT = /[０-９]/g;
const CHINESE_YEAR = /([〇零一二三四五六七八九]{4})年/g;
const CHINESE_SMALL_NUMBER = /([一二三四五六七八九十]{1,3})(?=月|日|号|季度)/g;
/** 2022-12-31, 2022.12, 2022/3/1 (one separator throughout); not 2020-2021 */
const NUMERIC_DATE = /(\d{4})([./-])(\d{1,2})(?:\2(\d{1,2}))?(?![\d年月])/g;
/** what separates the start from the end of a range: 2022年3月-12月, 3月至6月 */
const RANGE_SEPARATOR = /[—–－\-~～至到]+/;
const YEAR = /(\d{4})年/g;

interface PointPattern {
  pattern: RegExp;
  read: (match: RegExpExecArray, year: number | null) => DatePoint | null;
}

interface DatePoint {
  date: string;
  precision: DeadlinePrecision;
}

/**
 * Patterns for one point in time, most precise first; group 1 is always the optional year.
 * Each reader gets the year from the match, else the end's own year (2022年年底), else the
 * year carried from the range start, else the default year.
 */
const POINT_PATTERNS: readonly PointPattern[] = [
  {
    pattern: /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]/,
    read: (m, year) => dayPoint(year, Number(m[2]), Number(m[3])),
  },
  {
    pattern: /(?:(\d{4})年)?第?([1-4])季度/,
    read: (m, year) => quarterPoint(year, Number(m[2])),
  },
  {
    pattern: /(?:(\d{4})年)?([上下])半年/,
    read: (m, year) => (m[2] === '上' ? quarterPoint(year, 2) : yearPoint(year)),
  },
  {
    pattern: /(?:(\d{4})年)?(\d{1,2})月(?:份)?(上旬|中旬)?/,
    read: (m, year) => {
      const month = Number(m[2]);
      if (m[3] === '上旬') return dayPoint(year, month, 10);
      if (m[3] === '中旬') return dayPoint(year, month, 20);
      return monthPoint(year, month);
    },
  },
  {
    pattern: /(\d{4})年(?:底|末)|年底|年末|全年|年内|今年|当年|本年/,
    read: (_m, year) => yearPoint(year),
  },
  {
    pattern: /(\d{4})年/,
    read: (_m, year) => yearPoint(year),
  },
];

/**
 * `2022年12月` → 2022-12-31 (month); `2022年底前` → 2022-12-31 (year); `长期` → ongoing.
 * Returns null when the text names no point in time (the caller warns and uses the default).
 */
export function parseDeadline(raw: string, options: DeadlineOptions = {}): Deadline | null {
  const text = cleanDeadlineText(raw);
  if (text.length === 0) return null;
  if (RECURRING.test(text)) return { text, date: null, precision: 'ongoing' };
  const point = readPoint(toUniformSpelling(text), options.defaultYear ?? null);
  if (point) return { text, ...point };
  if (ONGOING.test(text)) return { text, date: null, precision: 'ongoing' };
  return null;
}

/** The deadline text as shown to users: no PDF spaces, no repeated key, no trailing punctuation. */
export function cleanDeadlineText(raw: string): string {
  return raw.replace(/\s+/g, '').replace(KEY_PREFIX, '').replace(TRAILING_PUNCTUATION, '');
}

/** Arabic digits and 年/月/日 throughout, so one set of patterns reads every spelling. */
function toUniformSpelling(text: string): string {
  return text
    .replace(FULL_WIDTH_DIGIT, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(CHINESE_YEAR, (_all, digits: string) => `${chineseDigitsToNumber(digits)}年`)
    .replace(CHINESE_SMALL_NUMBER, (numeral: string) => String(chineseNumeralToNumber(numeral)))
    .replace(NUMERIC_DATE, (...match: (string | undefined)[]) => {
      const [, year, , month, day] = match; // group 2 is the separator; the day is optional
      return day ? `${year}年${month}月${day}日` : `${year}年${month}月`;
    });
}

/** Reads the end of a range (or the single point), carrying the start's year when the end has none. */
function readPoint(text: string, defaultYear: number | null): DatePoint | null {
  const pieces = text.split(RANGE_SEPARATOR).filter((piece) => piece.length > 0);
  if (pieces.length === 0) return null;
  const end = pieces[pieces.length - 1];
  const year = lastYearIn(end) ?? lastYearIn(pieces.slice(0, -1).join('')) ?? defaultYear;
  for (const { pattern, read } of POINT_PATTERNS) {
    const match = pattern.exec(end);
    if (match) return read(match, match[1] ? Number(match[1]) : year);
  }
  return null;
}

function lastYearIn(text: string): number | null {
  let year: number | null = null;
  for (const match of text.matchAll(YEAR)) year = Number(match[1]);
  return year;
}

function dayPoint(year: number | null, month: number, day: number): DatePoint | null {
  if (year === null || !isValidMonth(month) || day < 1 || day > daysInMonth(year, month)) return null;
  return { date: isoDate(year, month, day), precision: 'day' };
}

function monthPoint(year: number | null, month: number): DatePoint | null {
  if (year === null || !isValidMonth(month)) return null;
  return { date: isoDate(year, month, daysInMonth(year, month)), precision: 'month' };
}

function quarterPoint(year: number | null, quarter: number): DatePoint | null {
  if (year === null) return null;
  const month = quarter * 3;
  return { date: isoDate(year, month, daysInMonth(year, month)), precision: 'quarter' };
}

function yearPoint(year: number | null): DatePoint | null {
  if (year === null) return null;
  return { date: isoDate(year, 12, 31), precision: 'year' };
}

function isValidMonth(month: number): boolean {
  return month >= 1 && month <= 12;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const isLeapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && isLeapYear ? 29 : DAYS_IN_MONTH[month - 1];
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
