import { ManualClock, SystemClock } from './clock';

describe('Clock', () => {
  it('gives the Shanghai date, which turns at 16:00Z', () => {
    const clock = new ManualClock('2026-03-31T15:59:59Z');
    expect(clock.today()).toBe('2026-03-31');
    clock.advanceMs(1000);
    expect(clock.today()).toBe('2026-04-01');
  });

  it('moves only when told to', () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const first = clock.now().getTime();
    expect(clock.now().getTime()).toBe(first);
    clock.advanceDays(2);
    expect(clock.now().toISOString()).toBe('2026-01-03T00:00:00.000Z');
    clock.set('2027-05-05T01:00:00+08:00');
    expect(clock.today()).toBe('2027-05-05');
  });

  it('refuses a time that is not one', () => {
    expect(() => new ManualClock('not a date')).toThrow(/not a time/);
  });

  it('the system clock reads the wall clock', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
  });
});
