import { ApiError, type ErrorBody } from './api-error';
import { endSession, getAccessToken, refreshSession } from './session';

/**
 * A multipart upload with progress (fetch reports none). Like every API call, a 401 refreshes the
 * session once and tries again.
 */
export async function uploadWithProgress<T>(path: string, file: File, onProgress: (percent: number) => void): Promise<T> {
  const first = await send(path, file, onProgress);
  if (first.status !== 401) return result<T>(first);
  if (!(await refreshSession())) {
    endSession();
    return result<T>(first);
  }
  return result<T>(await send(path, file, onProgress));
}

interface Sent {
  status: number;
  body: unknown;
}

function send(path: string, file: File, onProgress: (percent: number) => void): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    const token = getAccessToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(ApiError.network());
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
}

function result<T>(sent: Sent): T {
  if (sent.status >= 200 && sent.status < 300) return sent.body as T;
  throw ApiError.from(sent.status, sent.body as ErrorBody | undefined);
}
