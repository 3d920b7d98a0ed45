/**
 * What the API accepts as a report attachment (apps/api/src/attachments: type by content, size by
 * ATTACHMENT_MAX_BYTES, 20 MiB by default), shown before the upload and checked before sending so
 * nobody waits for a 20 MB upload to be refused.
 */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const ATTACHMENT_EXTENSIONS = ['.pdf', '.docx', '.xlsx', '.png', '.jpg', '.jpeg'];
export const ATTACHMENT_RULES_TEXT = '支持 PDF、Word（.docx）、Excel（.xlsx）、PNG、JPEG，单个文件不超过 20 MB';

/** null when the file may be uploaded, else the reason in Chinese. */
export function attachmentProblem(file: { name: string; size: number }): string | null {
  const name = file.name.toLowerCase();
  if (!ATTACHMENT_EXTENSIONS.some((extension) => name.endsWith(extension))) return `“${file.name}”的类型不支持。${ATTACHMENT_RULES_TEXT}`;
  if (file.size > ATTACHMENT_MAX_BYTES) return `“${file.name}”超过 20 MB，请压缩或拆分后上传`;
  if (file.size === 0) return `“${file.name}”是空文件`;
  return null;
}
