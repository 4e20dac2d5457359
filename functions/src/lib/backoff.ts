/**
 * Exponential backoff, the one formula of every retry delay (reminder sends, payment reconciliation):
 * `baseMs · 2^step`, at most `capMs`, then spread by `jitter` (0.25: a uniform factor in [0.75, 1.25]) so
 * that retries started together do not come back together.
 */
export function backoffMs(
  step: number,
  options: { baseMs: number; capMs: number; jitter?: number; random?: () => number },
): number {
  const delay = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, step))
  const jitter = options.jitter ?? 0
  return jitter === 0 ? delay : delay * (1 - jitter + (options.random ?? Math.random)() * 2 * jitter)
}
