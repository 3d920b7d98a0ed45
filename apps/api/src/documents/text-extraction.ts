import JSZip from 'jszip';
import { DomainError, importUnsupportedType } from '@luoshi/domain/errors';
import { docxToText, xlsxToText } from './text-extraction-tables';

// pdf-parse's index.js runs a self-test when required directly; the library file does not.
// eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-assignment -- typed by the annotation
const pdfParse: (data: Buffer) => Promise<{ text: string }> = require('pdf-parse/lib/pdf-parse.js');

export type SourceKind = 'txt' | 'docx' | 'xlsx' | 'pdf';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const PDF_MAGIC = Buffer.from('%PDF-');

export const SUPPORTED_TYPES_ZH = '仅支持 .txt、.docx、.xlsx 和 .pdf 文件';

/**
 * Decides the kind from the bytes, not the name: a renamed binary is refused (415).
 * Plain text is accepted when it has no NUL bytes; the parser judges whether it reads.
 */
export function detectSourceKind(data: Buffer): SourceKind {
  if (data.subarray(0, 5).equals(PDF_MAGIC)) return 'pdf';
  if (data.subarray(0, 4).equals(ZIP_MAGIC)) return 'docx';
  const head = data.subarray(0, 8192);
  if (head.includes(0)) {
    throw importUnsupportedType('content', SUPPORTED_TYPES_ZH);
  }
  return 'txt';
}

/** UTF-8 (with or without BOM) first; files saved by Chinese Windows tools are often GB18030. */
function decodeText(data: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}

/** Both are ZIP packages: an Excel workbook has xl/workbook.xml. */
async function officeKind(data: Buffer): Promise<'docx' | 'xlsx'> {
  const zip = await JSZip.loadAsync(data);
  return zip.file('xl/workbook.xml') ? 'xlsx' : 'docx';
}

/** Text for the parser: .docx and .xlsx tables become tab-separated rows (text-extraction-tables.ts). */
export async function extractText(data: Buffer): Promise<{ kind: SourceKind; text: string }> {
  let kind = detectSourceKind(data);
  try {
    if (kind === 'docx') kind = await officeKind(data);
    switch (kind) {
      case 'txt':
        return { kind, text: decodeText(data) };
      case 'docx':
        return { kind, text: await docxToText(data) };
      case 'xlsx':
        return { kind, text: await xlsxToText(data) };
      case 'pdf':
        return { kind, text: (await pdfParse(data)).text };
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError('rule_violated', 'DOCUMENT_UNREADABLE', `无法读取文件内容（${kind.toUpperCase()} 文件已损坏或受保护）`);
  }
}
