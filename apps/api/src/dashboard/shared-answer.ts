/**
 * One answer shared by every caller for `ttlMs` (on the injected clock's time) and while it is
 * being computed (single flight: concurrent callers await the same computation). A different key
 * (the next Shanghai day) computes afresh at once; a failed computation is not kept.
 */
export class SharedAnswer<T> {
  private entry: { key: string; at: number; value: Promise<T> } | null = null;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return compute();
    const at = this.now();
    const entry = this.entry;
    if (entry && entry.key === key && at - entry.at < this.ttlMs && at >= entry.at) return entry.value;
    const value = compute();
    const fresh = { key, at, value };
    this.entry = fresh;
    value.catch(() => {
      if (this.entry === fresh) this.entry = null;
    });
    return value;
  }
}
