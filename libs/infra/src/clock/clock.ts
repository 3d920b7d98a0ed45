import { Global, Module } from '@nestjs/common';
import { shanghaiDate } from '@luoshi/domain/calendar';

const DAY_MS = 86_400_000;

/**
 * The one source of "now" for business rules and recorded times. Production uses the system
 * clock; tests and the demo seed move a ManualClock instead of waiting for the wall clock.
 * Caches and timeouts (principal cache, calendar reload) are plumbing and keep the wall clock.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Today in Asia/Shanghai (YYYY-MM-DD): the calendar every rule counts in, whatever the process TZ. */
  today(): string {
    return shanghaiDate(this.now());
  }
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that only moves when told to. */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: Date | string) {
    super();
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new Error(`ManualClock: not a time: ${String(start)}`);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    const next = new Date(instant).getTime();
    if (Number.isNaN(next)) throw new Error(`ManualClock: not a time: ${String(instant)}`);
    this.current = next;
  }

  advanceMs(ms: number): void {
    this.current += ms;
  }

  advanceDays(days: number): void {
    this.current += days * DAY_MS;
  }
}

/** Provides `Clock` everywhere; tests override the provider with a ManualClock. */
@Global()
@Module({ providers: [{ provide: Clock, useClass: SystemClock }], exports: [Clock] })
export class ClockModule {}
