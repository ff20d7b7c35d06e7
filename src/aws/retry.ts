/**
 * Retries AWS calls that failed for reasons that pass: throttling and server faults. The SDK client retries
 * too (standard mode, 3 attempts); this outer loop, bounded, rides out longer throttling bursts, as when many
 * tasks start at once.
 */
export interface RetryOptions {
  /** Total attempts, first one included. */
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  sleep: (ms: number) => Promise<void>
  /** Source of jitter in [0, 1). */
  random: () => number
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
}

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException'])

export function isRetryableAwsError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false
  const err = e as { name?: unknown; $fault?: unknown; $metadata?: { httpStatusCode?: unknown } }
  if (typeof err.name === 'string' && THROTTLING.has(err.name)) return true
  const status = err.$metadata?.httpStatusCode
  return (typeof status === 'number' && status >= 500) || err.$fault === 'server'
}

/** Exponential backoff with "equal jitter": half fixed (so a retry always waits), half random. */
export function backoffDelay(attempt: number, opts: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>) {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** attempt)
  return Math.round(ceiling / 2 + (opts.random() * ceiling) / 2)
}

export async function withRetry<T>(
  fn: () => Promise<T>,
  opts: RetryOptions,
  onRetry?: (e: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn()
    } catch (e) {
      if (attempt + 1 >= opts.maxAttempts || !isRetryableAwsError(e)) throw e
      const delay = backoffDelay(attempt, opts)
      onRetry?.(e, attempt + 1, delay)
      await opts.sleep(delay)
    }
  }
}
