/**
 * The document parser's entry point: text in, import preview out (nothing is stored).
 *
 * 1. refuse what cannot be a document (empty, binary);
 * 2. normalise the text into paragraphs, keeping source line numbers;
 * 3. recognise the shape (compendium 第N项 … or measures 1. / （一）) and where its body starts;
 * 4. read the front matter for metadata and the document's year and default deadline;
 * 5. let the shape's parser read the body; every paragraph nobody used becomes a warning.
 */
import { findDefaultDeadline } from '../deadlines/default-deadline';
import { UnreadableDocumentError } from '../errors/domain-error';
import { UnitResolver } from '../units/unit-resolver';
import { findCompendiumBodyStart, parseCompendium } from './compendium';
import { chooseDefaultYear, levelOfUnits, readDocumentMeta } from './document-meta';
import { LineLedger } from './line-ledger';
import { ITEM_HEADING, PART_HEADING } from './line-patterns';
import type { ParseContext, ShapeResult } from './measure-building';
import type { MeasuresLayout } from './measures';
import { detectMeasuresLayout, findMeasuresBodyStart, parseMeasures } from './measures';
import type { Paragraph } from './normalize';
import { normalizeLine, readDocumentText } from './normalize';
import type { TaskTable } from './task-table';
import { findTaskTable, parseTaskTable } from './task-table';
import type { FurnitureLine } from './page-furniture';
import { isTraditionalDocument } from './traditional-chars';
import type { ImportPreview, PreviewMeasure } from './preview.types';

export interface ParseOptions {
  /** alias → canonical unit name: the office's additions to the built-in table */
  aliases?: Record<string, string>;
  /** the uploaded file's name; becomes the title when the document states none */
  fileName?: string;
  /** the year for a document whose title, default deadline and issue date name none */
  defaultYear?: number;
  /** today's year (the caller's clock): assumed, with a warning, when nothing names a year */
  currentYear: number;
}

const LINE_BREAK = /\r\n|\r|\n/;

type ShapePlan = { shape: 'compendium'; bodyStart: number } | { shape: 'measures'; bodyStart: number; layout: MeasuresLayout };

/** control characters (other than tab and line breaks) and U+FFFD, the marks of binary or mis-decoded input */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const GARBLED_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g;
const MAX_GARBLED_SHARE = 0.02;

export function parseDocument(text: string, options: ParseOptions): ImportPreview {
  assertReadable(text);
  const lines = text.split(LINE_BREAK);
  const table = findTaskTable(lines);
  if (table) return parseTableDocument(lines, table, options);
  const { paragraphs, furniture } = readDocumentText(text);
  const plan = planShape(paragraphs);
  if (!plan) throw noMeasuresError();

  const ledger = new LineLedger(paragraphs);
  ledger.consumeRange(0, plan.bodyStart); // the front matter is read for metadata
  warnFurniture(furniture, ledger);
  const fullText = paragraphs.map((paragraph) => paragraph.text).join('\n');
  const meta = readDocumentMeta(paragraphs.slice(0, plan.bodyStart), paragraphs, options.fileName);
  const year = chooseDefaultYear(meta, fullText, options.currentYear, options.defaultYear);
  if (!year.found) ledger.warn(1, 'YEAR_UNKNOWN', `文件未注明年份，已按${year.year}年处理，请核对`);

  const context: ParseContext = {
    resolver: new UnitResolver(options.aliases),
    ledger,
    defaultYear: year.year,
    defaultDeadline: findDefaultDeadline(fullText, year.year),
    knownDeadlines: new Map(),
  };
  const { sections, measures } = parseBody(paragraphs, plan, context);
  if (measures.length === 0) throw noMeasuresError();

  const { warnings, coverage } = ledger.close();
  const traditional = isTraditionalDocument(text);
  if (traditional) keepOriginalText(measures, text);
  return {
    document: {
      ...meta,
      ...(traditional ? { originalScript: 'traditional' as const } : {}),
      level: meta.level === 'unknown' ? levelOfUnits(measures) : meta.level,
      defaultYear: year.year,
      shape: plan.shape,
      defaultDeadline: context.defaultDeadline,
    },
    sections,
    measures,
    warnings,
    stats: computeStats(measures),
    coverage,
  };
}

/**
 * A task breakdown table: the lines above the header are the front matter (title, issuer …);
 * the rows are read by the table reader. Same preview shape as a text document.
 */
function parseTableDocument(lines: readonly string[], table: TaskTable, options: ParseOptions): ImportPreview {
  const front = readDocumentText(lines.slice(0, table.headerLine).join('\n')).paragraphs;
  // one ledger entry per source line: the table reader consumes rows by their line index
  const ledger = new LineLedger(lines.map((line, index) => ({ text: line.trim(), line: index + 1, endLine: index + 1, sourceLines: line.trim() ? 1 : 0 })));
  ledger.consumeRange(0, table.headerLine); // the front matter is read for metadata
  const meta = readDocumentMeta(front, front, options.fileName);
  const fullText = lines.map((line) => normalizeLine(line)).join('\n');
  const year = chooseDefaultYear(meta, fullText, options.currentYear, options.defaultYear);
  if (!year.found) ledger.warn(1, 'YEAR_UNKNOWN', `文件未注明年份，已按${year.year}年处理，请核对`);
  const context: ParseContext = {
    resolver: new UnitResolver(options.aliases),
    ledger,
    defaultYear: year.year,
    defaultDeadline: findDefaultDeadline(fullText, year.year),
    knownDeadlines: new Map(),
  };
  const { sections, measures } = parseTaskTable(lines, table, context);
  if (measures.length === 0) throw noMeasuresError();
  const { warnings, coverage } = ledger.close();
  return {
    document: {
      ...meta,
      level: meta.level === 'unknown' ? levelOfUnits(measures) : meta.level,
      defaultYear: year.year,
      shape: 'table',
      defaultDeadline: context.defaultDeadline,
    },
    sections,
    measures,
    warnings,
    stats: computeStats(measures),
    coverage,
  };
}

/** Page numbers and running headers are not the document's text; the office sees where they were. */
function warnFurniture(furniture: readonly FurnitureLine[], ledger: LineLedger): void {
  if (furniture.length === 0) return;
  const lines = furniture.map((entry) => entry.line);
  const listed = lines.length > 12 ? `${lines.slice(0, 12).join('、')}等` : lines.join('、');
  ledger.warn(lines[0], 'PAGE_FURNITURE', `第${listed}行为页码或页眉页脚，未导入`);
  ledger.countFurniture(lines.length);
}

/**
 * A Traditional document is read in Simplified (units resolve in Simplified); each measure keeps
 * its source lines as written, for display.
 */
function keepOriginalText(measures: PreviewMeasure[], text: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  measures.forEach((measure, index) => {
    const end = measures[index + 1]?.line ?? lines.length + 1;
    measure.originalText = lines
      .slice(measure.line - 1, Math.max(measure.line, end - 1))
      .map((line) => line.trim())
      .filter((line) => line.length > 0)
      .join('\n');
  });
}

function assertReadable(text: string): void {
  if (text.trim().length === 0) {
    throw new UnreadableDocumentError('DOCUMENT_EMPTY', '文件内容为空');
  }
  const garbled = text.match(GARBLED_CHAR)?.length ?? 0;
  if (text.includes('\u0000') || garbled > text.length * MAX_GARBLED_SHARE) {
    throw new UnreadableDocumentError('DOCUMENT_NOT_TEXT', '文件不是可读的文本，可能是二进制文件或编码有误');
  }
}

function noMeasuresError(): UnreadableDocumentError {
  return new UnreadableDocumentError('DOCUMENT_NO_MEASURES', '未在文件中识别出政策措施（应有“第1项”或“1.”“（一）”等编号的条目）');
}

function planShape(paragraphs: readonly Paragraph[]): ShapePlan | null {
  const hasItems = paragraphs.some(({ text }) => ITEM_HEADING.test(text));
  const hasParts = paragraphs.some(({ text }) => PART_HEADING.test(text));
  if (hasItems && hasParts) return { shape: 'compendium', bodyStart: findCompendiumBodyStart(paragraphs) };
  const layout = detectMeasuresLayout(paragraphs);
  return layout ? { shape: 'measures', bodyStart: findMeasuresBodyStart(paragraphs, layout), layout } : null;
}

function parseBody(paragraphs: readonly Paragraph[], plan: ShapePlan, context: ParseContext): ShapeResult {
  return plan.shape === 'compendium' ? parseCompendium(paragraphs, plan.bodyStart, context) : parseMeasures(paragraphs, plan.bodyStart, plan.layout, context);
}

function computeStats(measures: readonly PreviewMeasure[]): ImportPreview['stats'] {
  const applicable = measures.filter((measure) => measure.applicable);
  return {
    measures: measures.length,
    applicable: applicable.length,
    notApplicable: measures.length - applicable.length,
    tasks: measures.reduce((sum, measure) => sum + measure.tasks.length, 0),
    unassigned: applicable.filter((measure) => measure.units.length === 0).length,
    units: new Set(measures.flatMap((measure) => measure.units.map((unit) => unit.unit))).size,
  };
}
