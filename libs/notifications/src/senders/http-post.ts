import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { classifyNetworkError, parseRetryAfter } from '../delivery/classify';
import { permanent, type DeliveryOutcome } from '../delivery/outcome';
import type { NowSource } from '../message';
import { OutboundRefusedError } from '../outbound/outbound-url';

export interface HttpAnswer {
  status: number;
  body: string;
  retryAfterMs: number | undefined;
}

/**
 * POSTs JSON and reads the whole answer, or classifies why there was none. Redirects are not followed
 * (a webhook that moved must be reconfigured, not silently re-posted); the timeout covers the whole
 * exchange. `lookup` resolves the host for the connection itself (OutboundUrlPolicy.lookup: the
 * addresses checked are the ones connected to, so DNS rebinding cannot reach a private address);
 * a host it refuses fails for good.
 */
export async function postJson(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  clock: NowSource,
  lookup?: LookupFunction,
): Promise<HttpAnswer | DeliveryOutcome> {
  try {
    const response = await post(
      new URL(url),
      { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'luoshi-notifications', ...headers },
      body,
      timeoutMs,
      lookup,
    );
    const retryAfter = response.headers['retry-after'];
    return {
      status: response.statusCode ?? 0,
      body: response.text,
      retryAfterMs: parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : null, clock.now()),
    };
  } catch (error) {
    if (error instanceof OutboundRefusedError) return permanent(`URL refused at connect: ${error.message}`);
    return classifyNetworkError(error);
  }
}

function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  lookup: LookupFunction | undefined,
): Promise<IncomingMessage & { text: string }> {
  const payload = Buffer.from(body, 'utf8');
  const signal = AbortSignal.timeout(timeoutMs);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // the timeout's TimeoutError, whether it fires while connecting, sending or reading
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
    const request = send(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(payload.length) }, signal, ...(lookup ? { lookup } : {}) },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => resolve(Object.assign(response, { text: Buffer.concat(chunks).toString('utf8') })));
      },
    );
    request.on('error', (error: Error & { cause?: unknown }) => reject(error.cause instanceof OutboundRefusedError ? error.cause : error));
    request.end(payload);
  });
}

export function isAnswer(value: HttpAnswer | DeliveryOutcome): value is HttpAnswer {
  return 'body' in value;
}
