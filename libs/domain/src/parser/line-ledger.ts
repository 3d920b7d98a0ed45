/**
 * Keeps account of what the parser did with every paragraph, so nothing is silently dropped:
 * a paragraph is either consumed (it went into the preview: metadata, a measure, a task …) or,
 * when the parsers are done, reported as a LINE_UNPLACED warning with its source line.
 */
import type { Paragraph } from './normalize';
import type { ParseCoverage, PreviewWarning } from './preview.types';

const SNIPPET_LENGTH = 30;

export class LineLedger {
  private readonly consumed = new Set<number>();
  private readonly warnings: PreviewWarning[] = [];
  private furnitureLines = 0;

  constructor(private readonly paragraphs: readonly Paragraph[]) {}

  /** `index` is the paragraph's position in the normalised document */
  consume(index: number): void {
    this.consumed.add(index);
  }

  consumeRange(from: number, to: number): void {
    for (let index = from; index < to; index++) this.consume(index);
  }

  warn(line: number, code: string, message: string, measure?: string): void {
    this.warnings.push(measure === undefined ? { line, code, message } : { line, code, message, measure });
  }

  /** page numbers and running headers, taken out before paragraphs were formed (already warned about) */
  countFurniture(lines: number): void {
    this.furnitureLines += lines;
  }

  /** Warns about every paragraph nobody consumed; returns all warnings in line order. */
  close(): { warnings: PreviewWarning[]; coverage: ParseCoverage } {
    let consumedLines = 0;
    let unplacedLines = 0;
    this.paragraphs.forEach((paragraph, index) => {
      if (this.consumed.has(index)) {
        consumedLines += paragraph.sourceLines;
        return;
      }
      unplacedLines += paragraph.sourceLines;
      this.warn(paragraph.line, 'LINE_UNPLACED', `第${paragraph.line}行无法归入任何措施，未导入：“${snippet(paragraph.text)}”`);
    });
    const warnings = [...this.warnings].sort((a, b) => a.line - b.line);
    const coverage: ParseCoverage = { nonBlankLines: consumedLines + unplacedLines, consumedLines, unplacedLines };
    if (this.furnitureLines > 0) {
      coverage.nonBlankLines += this.furnitureLines;
      coverage.furnitureLines = this.furnitureLines;
    }
    return { warnings, coverage };
  }
}

function snippet(text: string): string {
  return text.length > SNIPPET_LENGTH ? `${text.slice(0, SNIPPET_LENGTH)}…` : text;
}
