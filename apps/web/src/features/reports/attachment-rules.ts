import { useQuery } from '@tanstack/react-query';
import type { components } from '@/api/schema';
import { api, unwrap } from '@/lib/api-client';

/**
 * What the API accepts as a report attachment, read from `GET /attachments/limits` (the size is the
 * server's ATTACHMENT_MAX_BYTES), shown before the upload and checked before sending so nobody
 * waits for a 20 MB upload to be refused.
 */
export type AttachmentLimits = components['schemas']['AttachmentLimitsDto'];

export function useAttachmentLimits() {
  return useQuery({ queryKey: ['attachments', 'limits'], queryFn: () => unwrap(api.GET('/attachments/limits')), staleTime: 60 * 60_000 });
}

export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** null when the file may be uploaded, else the reason in Chinese. */
export function attachmentProblem(file: { name: string; size: number }, limits: AttachmentLimits, alreadyAttached = 0): string | null {
  const name = file.name.toLowerCase();
  if (!limits.extensions.some((extension) => name.endsWith(extension))) return `“${file.name}”的类型不支持。${limits.description}`;
  if (file.size > limits.maxBytes) return `“${file.name}”超过 ${formatBytes(limits.maxBytes)}，请压缩或拆分后上传`;
  if (file.size === 0) return `“${file.name}”是空文件`;
  if (alreadyAttached >= limits.maxFilesPerReport) return `每份报告最多上传 ${limits.maxFilesPerReport} 个附件`;
  return null;
}
