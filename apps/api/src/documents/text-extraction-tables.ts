/**
 * Word and Excel files to text the parser reads: paragraphs as lines, every table row as one
 * line of tab-separated cells (the same text an office gets by copying a table). A cell merged
 * down over several rows (a lead unit written once for them) is repeated in each row; a cell
 * merged across columns (a section row, a title) is written once.
 */
import { DOMParser } from '@xmldom/xmldom';
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';

const ELEMENT_NODE = 1;
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li']);

/** .docx: mammoth's HTML (it reads merged cells as rowspan/colspan), walked in document order. */
export async function docxToText(data: Buffer): Promise<string> {
  const { value: html } = await mammoth.convertToHtml({ buffer: data });
  if (!html.includes('<table')) return (await mammoth.extractRawText({ buffer: data })).value;
  const root = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/xml').documentElement;
  const lines: string[] = [];
  if (root) walk(root, lines);
  return lines.join('\n');
}

function walk(node: Element, lines: string[]): void {
  for (const child of elementChildren(node)) {
    const name = child.tagName.toLowerCase();
    if (name === 'table') lines.push(...tableRows(child).map((row) => row.join('\t')));
    else if (BLOCKS.has(name)) lines.push(cellText(child));
    else walk(child, lines);
  }
}

/** Rows of a table with rowspan cells repeated below and colspan cells followed by empty ones. */
function tableRows(table: Element): string[][] {
  const rows: string[][] = [];
  const pending: { text: string; rowsLeft: number }[] = []; // per column: a rowspan still covering rows below
  for (const tr of descendants(table, 'tr')) {
    const row: string[] = [];
    const cells = elementChildren(tr).filter((cell) => /^t[dh]$/i.test(cell.tagName));
    let column = 0;
    const fillSpans = () => {
      while (pending[column]?.rowsLeft > 0) {
        row.push(pending[column].text);
        pending[column].rowsLeft--;
        column++;
      }
    };
    for (const cell of cells) {
      fillSpans();
      const text = [...elementChildren(cell)].length ? elementChildren(cell).map(cellText).filter(Boolean).join(' ') : cellText(cell);
      const rowSpan = Number(cell.getAttribute('rowspan') || 1);
      const colSpan = Number(cell.getAttribute('colspan') || 1);
      for (let offset = 0; offset < colSpan; offset++) {
        row.push(offset === 0 ? text : '');
        pending[column] = { text: offset === 0 ? text : '', rowsLeft: rowSpan - 1 };
        column++;
      }
    }
    fillSpans();
    rows.push(row);
  }
  return rows;
}

function cellText(node: Node): string {
  return (node.textContent ?? '').replace(/[\t\r\n]+/g, ' ').trim();
}

function elementChildren(node: Element): Element[] {
  const children: Element[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === ELEMENT_NODE) children.push(child as Element);
  }
  return children;
}

function descendants(node: Element, tagName: string): Element[] {
  const found: Element[] = [];
  for (const child of elementChildren(node)) {
    if (child.tagName.toLowerCase() === tagName) found.push(child);
    else if (child.tagName.toLowerCase() !== 'table') found.push(...descendants(child, tagName));
  }
  return found;
}

/** .xlsx: every sheet's rows, tab-separated, merged cells as above; sheets one after another. */
export async function xlsxToText(data: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const lines: string[] = [];
  workbook.eachSheet((sheet) => {
    const width = sheet.columnCount;
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let column = 1; column <= width; column++) {
        const cell = row.getCell(column);
        const master = cell.isMerged ? cell.master : cell;
        const mergedAcross = master.address !== cell.address && Number(master.col) !== column;
        cells.push(mergedAcross ? '' : excelCellText(master.value));
      }
      while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
      lines[rowNumber - 1] = cells.join('\t');
    });
  });
  return Array.from(lines, (line) => line ?? '').join('\n');
}

function excelCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((run) => run.text)
        .join('')
        .trim();
    if ('text' in value) return String(value.text).trim();
    if ('result' in value) return excelCellText(value.result);
    return '';
  }
  return String(value)
    .replace(/[\t\r\n]+/g, ' ')
    .trim();
}
