import { authFetch } from './api-client';
import { ApiError, type ErrorBody } from './api-error';

/** Attachments need the access token, so they are fetched and handed to the browser as a file. */
export function downloadAttachment(id: string, fileName: string): Promise<void> {
  return downloadFile(`/attachments/${id}`, fileName);
}

/** A file behind the access token (an attachment, a 台账), saved under `fileName`. */
export async function downloadFile(path: string, fileName: string): Promise<void> {
  const response = await authFetch(new Request(`${window.location.origin}${path}`));
  if (!response.ok) throw ApiError.from(response.status, (await response.json().catch(() => undefined)) as ErrorBody | undefined);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
