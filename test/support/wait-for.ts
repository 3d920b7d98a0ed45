type Probed<T> = T | undefined | null | false;

/** Polls `probe` (sync or async) until it returns a truthy value or the timeout passes (then throws with `what`). */
export async function waitFor<T>(probe: () => Probed<T> | Promise<Probed<T>>, what: string, timeoutMs = 10_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
