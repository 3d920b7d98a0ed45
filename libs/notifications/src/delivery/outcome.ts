/**
 * What one send attempt came to, classified so the caller knows what to do next without reading
 * error strings: `transient` → retry with backoff (an attempt spent), `permanent` → stop at once,
 * `throttled` → the robot refused for rate: pause that robot and try again later, the attempt is not
 * counted. Senders return these; they throw only for programming errors.
 */
export type DeliveryOutcome =
  | { status: 'delivered'; detail?: string }
  | { status: 'transient'; error: string; retryAfterMs?: number }
  | { status: 'permanent'; error: string }
  | { status: 'throttled'; error: string; retryAfterMs: number };

export const delivered = (detail?: string): DeliveryOutcome => (detail === undefined ? { status: 'delivered' } : { status: 'delivered', detail });
export const transient = (error: string, retryAfterMs?: number): DeliveryOutcome =>
  retryAfterMs === undefined ? { status: 'transient', error } : { status: 'transient', error, retryAfterMs };
export const permanent = (error: string): DeliveryOutcome => ({ status: 'permanent', error });
export const throttled = (error: string, retryAfterMs: number): DeliveryOutcome => ({ status: 'throttled', error, retryAfterMs });
