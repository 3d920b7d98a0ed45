import type { CadenceKey } from '@luoshi/jobs';

/**
 * Told when a reporting period has been closed (the rollup and ledger side builds its snapshot then).
 * Provide an array under PERIOD_CLOSED_LISTENERS in the worker module; it is optional. Called once
 * per close run; must be idempotent (a made-up run may repeat it).
 */
export interface PeriodClosedListener {
  periodClosed(period: { cadence: CadenceKey; period: string }): Promise<void>;
}

export const PERIOD_CLOSED_LISTENERS = Symbol('PERIOD_CLOSED_LISTENERS');
