/**
 * Document metadata read from the front matter (everything before the first section or measure):
 * title, issuer (发文机关), document number (文号), issue date, level, and the document's year.
 */
import { findStatedDefaultDeadline } from '../deadlines/default-deadline';
import { parseDeadline } from '../deadlines/parse-deadline';
import type { Paragraph } from './normalize';
import type { DocumentLevel, PreviewMeasure } from './preview.types';

export interface DocumentMeta {
  title: string;
  issuer: string | null;
  docNumber: string | null;
  issueDate: string | null;
  level: DocumentLevel;
}

/** 关于…若干政策措施 on a line of its own (not the notice that forwards it) */
const STANDALONE_TITLE = /^关于[^。]{4,80}$/;
const NOTICE_END = /的?通知$/;
/** 2024年稳就业重点任务分解表 / 某县优化营商环境若干规定: a line of its own that names a kind of document */
const TITLE_LINE = /^[^。，；：、]{6,60}(?:分解表|清单|任务表|台账|方案|措施|办法|规定|意见|安排|要点|计划)$/;
/** 关于印发《X》的通知 */
const FORWARDED_TITLE = /印发《(.+?)》的?通知$/;
/** 杭州市临安区人民政府关于…的通知 / 烟台市人民政府印发关于…的通知 */
const NOTICE_WITH_ISSUER = /^(.{2,40}?)(?:印发)?(关于.+?)的?通知$/;
/** 烟台市人民政府文件 */
const LETTERHEAD = /^(.{2,40}?)文件$/;
const ORGANISATION_END = /(?:人民政府|政府|办公室|委员会|领导小组|指挥部|委|局|厅)$/;
/** 烟政发〔2024〕3号, also with [ ] or （ ） around the year */
const DOC_NUMBER = /^([\u4E00-\u9FFF]{1,10})[〔[［【（](\d{4})[〕\]］】）](\d{1,4})号$/;
const DATE_LINE = /^（?(\d{4}年\d{1,2}月\d{1,2}日)）?$/;
const PRINT_DATE_LINE = /^(\d{4}年\d{1,2}月\d{1,2}日)印发$/;
const YEAR = /(\d{4})年/g;
const PLAUSIBLE_YEARS = { from: 1990, to: 2100 };

/** Checked in order; the most local level named wins (杭州市临安区人民政府 is a district). */
const LEVEL_BY_ISSUER: readonly [RegExp, DocumentLevel][] = [
  [/(?:^|[^自治])[区县](?:委|人民政府|政府)|^[区县]/, 'district'],
  [/市(?:委|人民政府|政府)|^市/, 'city'],
  [/(?:省|自治区)(?:委|人民政府|政府)|^省/, 'province'],
];

/** `front`: the paragraphs before the body; `all`: every paragraph (the printing date is at the end). */
export function readDocumentMeta(front: readonly Paragraph[], all: readonly Paragraph[], fileName?: string): DocumentMeta {
  const texts = front.map((paragraph) => paragraph.text);
  const issuer = findIssuer(texts);
  return {
    title: findTitle(texts, fileName),
    issuer,
    docNumber: findDocNumber(texts),
    issueDate: findIssueDate(
      texts,
      all.map((paragraph) => paragraph.text),
    ),
    level: issuer ? levelOfIssuer(issuer) : 'unknown',
  };
}

function findTitle(texts: readonly string[], fileName?: string): string {
  return (
    texts.find((text) => STANDALONE_TITLE.test(text) && !NOTICE_END.test(text)) ??
    firstCapture(texts, FORWARDED_TITLE) ??
    firstCapture(texts, NOTICE_WITH_ISSUER, 2) ??
    texts.find((text) => TITLE_LINE.test(text)) ??
    (fileName?.replace(/\.[^.]+$/, '') || texts[0]?.slice(0, 60) || '未命名文件')
  );
}

function findIssuer(texts: readonly string[]): string | null {
  const noticeIssuer = texts.map((text) => NOTICE_WITH_ISSUER.exec(text)?.[1]).find((issuer) => issuer !== undefined && ORGANISATION_END.test(issuer));
  return (
    firstCapture(texts, LETTERHEAD) ?? noticeIssuer ?? texts.find((text) => text.length <= 40 && ORGANISATION_END.test(text) && !/[，。：]/.test(text)) ?? null
  );
}

function findDocNumber(texts: readonly string[]): string | null {
  for (const text of texts) {
    const match = DOC_NUMBER.exec(text);
    if (match) return `${match[1]}〔${match[2]}〕${match[3]}号`;
  }
  return null;
}

/** The date line under the signature; else the printing date (…印发) at the end. */
function findIssueDate(front: readonly string[], all: readonly string[]): string | null {
  const date = firstCapture(front, DATE_LINE) ?? firstCapture(all, PRINT_DATE_LINE);
  return date ? (parseDeadline(date)?.date ?? null) : null;
}

/** the first text matching `pattern`, by its capture `group` */
function firstCapture(texts: readonly string[], pattern: RegExp, group = 1): string | null {
  for (const text of texts) {
    const match = pattern.exec(text);
    if (match) return match[group];
  }
  return null;
}

export function levelOfIssuer(issuer: string): DocumentLevel {
  return LEVEL_BY_ISSUER.find(([pattern]) => pattern.test(issuer))?.[1] ?? 'unknown';
}

/** When the issuer does not tell: the level most units carry (区财政局 → district). */
export function levelOfUnits(measures: readonly PreviewMeasure[]): DocumentLevel {
  const counts: Record<DocumentLevel, number> = { district: 0, city: 0, province: 0, unknown: 0 };
  for (const measure of measures) {
    for (const { unit } of measure.units) {
      if (/^[区县]/.test(unit)) counts.district++;
      else if (/^市/.test(unit)) counts.city++;
      else if (/^省/.test(unit)) counts.province++;
    }
  }
  const [level, count] = (Object.entries(counts) as [DocumentLevel, number][]).sort((a, b) => b[1] - a[1])[0];
  return count > 0 ? level : 'unknown';
}

export interface YearChoice {
  year: number;
  /** false when nothing in the document or the options named a year */
  found: boolean;
}

/**
 * The year the document is about, from the most to the least explicit: the title's year, the
 * stated default deadline, the issue date, the caller's option, the year the text names most;
 * when nothing names one, `currentYear` (the caller's clock), marked as not found.
 */
export function chooseDefaultYear(meta: DocumentMeta, fullText: string, currentYear: number, optionYear?: number): YearChoice {
  const titleYear = firstYear(meta.title);
  const statedYear = yearOfDate(findStatedDefaultDeadline(fullText)?.date ?? null);
  const issueYear = yearOfDate(meta.issueDate);
  const year = titleYear ?? statedYear ?? issueYear ?? optionYear ?? mostNamedYear(fullText);
  return year === null ? { year: currentYear, found: false } : { year, found: true };
}

function firstYear(text: string): number | null {
  const match = /(\d{4})年/.exec(text);
  return match ? Number(match[1]) : null;
}

function yearOfDate(isoDate: string | null): number | null {
  return isoDate ? Number(isoDate.slice(0, 4)) : null;
}

function mostNamedYear(text: string): number | null {
  const counts = new Map<number, number>();
  for (const match of text.matchAll(YEAR)) {
    const year = Number(match[1]);
    if (year >= PLAUSIBLE_YEARS.from && year <= PLAUSIBLE_YEARS.to) counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [year, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = year;
  return best;
}
