import { SharedAnswer } from './shared-answer';

describe('SharedAnswer', () => {
  let now = 0;
  const counting = () => {
    let calls = 0;
    return { compute: () => Promise.resolve(++calls), calls: () => calls };
  };

  beforeEach(() => (now = 1_000));

  it('shares one computation among concurrent callers and for the TTL, then computes afresh', async () => {
    const cache = new SharedAnswer<number>(2000, () => now);
    const c = counting();
    expect(await Promise.all([cache.get('2026-03-10', c.compute), cache.get('2026-03-10', c.compute)])).toEqual([1, 1]);
    now += 1999;
    expect(await cache.get('2026-03-10', c.compute)).toBe(1);
    now += 1;
    expect(await cache.get('2026-03-10', c.compute)).toBe(2);
    expect(c.calls()).toBe(2);
  });

  it('computes afresh at once for another key (the next day) or when the clock goes back', async () => {
    const cache = new SharedAnswer<number>(2000, () => now);
    const c = counting();
    await cache.get('2026-03-10', c.compute);
    expect(await cache.get('2026-03-11', c.compute)).toBe(2);
    now -= 10;
    expect(await cache.get('2026-03-11', c.compute)).toBe(3);
  });

  it('keeps no failure, and with a TTL of 0 computes every time', async () => {
    const cache = new SharedAnswer<number>(2000, () => now);
    await expect(cache.get('d', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('d', () => Promise.resolve(7))).toBe(7);
    const none = new SharedAnswer<number>(0, () => now);
    const c = counting();
    await none.get('d', c.compute);
    await none.get('d', c.compute);
    expect(c.calls()).toBe(2);
  });
});
