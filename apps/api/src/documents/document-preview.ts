import type { ImportPreview, ParseOptions } from '@luoshi/domain/parser';
import { parseDocument } from '@luoshi/domain/parser';
import type { SourceKind } from './text-extraction';
import { extractText } from './text-extraction';

export interface FilePreview {
  kind: SourceKind;
  text: string;
  preview: ImportPreview;
}

/**
 * A file's import preview, without any database: the bytes are read by their kind (.txt, .docx,
 * .xlsx, .pdf) and parsed with the aliases the caller has (none on a fresh install).
 */
export async function previewFile(data: Buffer, fileName: string, options: Omit<ParseOptions, 'fileName'>): Promise<FilePreview> {
  const { kind, text } = await extractText(data);
  return { kind, text, preview: parseDocument(text, { ...options, fileName }) };
}
