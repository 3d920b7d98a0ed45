import { authFetch } from './api-client';
import { ApiError } from './api-error';

/** Attachments need the access token, so they are fetched and handed to the browser as a file. */
export async function downloadAttachment(id: string, fileName: string): Promise<void> {
  const response = await authFetch(new Request(`${window.location.origin}/attachments/${id}`));
  if (!response.ok) throw ApiError.from(response.status, await response.json().catch(() => undefined));
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
