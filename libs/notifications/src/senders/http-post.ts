import { classifyNetworkError, parseRetryAfter } from '../delivery/classify';
import type { DeliveryOutcome } from '../delivery/outcome';
import type { NowSource } from '../message';

export interface HttpAnswer {
  status: number;
  body: string;
  retryAfterMs: number | undefined;
}

/**
 * POSTs JSON and reads the whole answer, or classifies why there was none. Redirects are not followed
 * (a webhook that moved must be reconfigured, not silently re-posted); the timeout covers the whole
 * exchange.
 */
export async function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  clock: NowSource,
): Promise<HttpAnswer | DeliveryOutcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'luoshi-notifications', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, body: text, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), clock.now()) };
  } catch (error) {
    return classifyNetworkError(error);
  }
}

export function isAnswer(value: HttpAnswer | DeliveryOutcome): value is HttpAnswer {
  return 'body' in value;
}
