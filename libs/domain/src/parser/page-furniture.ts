/**
 * Page furniture: what a printed page repeats around the text (page numbers `— 3 —`,
 * `第3页 共10页`, `3/10`, a browser's print header and footer with date, title and address,
 * a running header). PDF text extraction puts it between the lines of a sentence that goes on
 * over the page break; it is taken out before lines are rejoined, and reported, never parsed.
 */

export interface FurnitureLine {
  /** 1-based source line */
  line: number;
  text: string;
}

const PAGE_NUMBER = [
  /^[-—–－]+\s*\d{1,4}\s*[-—–－]+$/, // — 3 —
  /^第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?$/, // 第3页 共10页
  /^\d{1,4}\s*\/\s*\d{1,4}$/, // 3/10
  /^(?:file|https?)[:：]\/\/\S*$/, // a browser's print footer: the address, often followed by 1/3
  /^\d{1,2}\/\d{1,2}\/\d{2,4}[,，]?\s*\d{1,2}[:：]\d{2}(?:\s*[AP]M)?$/i, // a browser's print header: 12/6/26, 5:01 AM
  /^\d{4}\/\d{1,2}\/\d{1,2}\s+\d{1,2}:\d{2}$/, // 2026/12/6 05:01
];
/** The patterns see normalised text: `12/6/26，5:01 AM`, `file：///…` (full-width punctuation). */
/** lines this close to a page number may be a running header or footer */
const NEIGHBOURHOOD = 2;
const MAX_HEADER_LENGTH = 40;
const MOST_PAGES = 0.5;

export function isPageNumberLine(text: string): boolean {
  return PAGE_NUMBER.some((pattern) => pattern.test(text));
}

/**
 * The indexes (into `lines`, already trimmed) of page furniture: page-number lines, and short
 * lines next to one that recur next to another (the running header or the print title).
 */
export function findPageFurniture(lines: readonly string[]): Set<number> {
  const furniture = new Set<number>();
  lines.forEach((text, index) => {
    if (text.length > 0 && isPageNumberLine(text)) furniture.add(index);
  });
  if (furniture.size === 0) return furniture;

  const nearPageNumbers = new Map<string, number[]>();
  for (const index of furniture) {
    for (let offset = -NEIGHBOURHOOD; offset <= NEIGHBOURHOOD; offset++) {
      const neighbour = index + offset;
      const text = lines[neighbour];
      if (offset === 0 || text === undefined || text.length === 0 || text.length > MAX_HEADER_LENGTH) continue;
      if (furniture.has(neighbour)) continue;
      const seen = nearPageNumbers.get(text) ?? [];
      if (!seen.includes(neighbour)) seen.push(neighbour);
      nearPageNumbers.set(text, seen);
    }
  }
  const pages = [...furniture].filter((index) => !/^(?:file|https?)[:：]/.test(lines[index])).length;
  for (const [, indexes] of nearPageNumbers) {
    // a line beside most page numbers (both, on two pages) is the page's, not the text's; a heading
    // that happens to stand at a few page breaks is not
    if (indexes.length >= Math.max(Math.min(pages, 2), Math.ceil(pages * MOST_PAGES))) indexes.forEach((index) => furniture.add(index));
  }
  return furniture;
}
