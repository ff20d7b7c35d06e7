/**
 * The one retry policy of every AWS call ecs-local makes, this loop: the SDK clients make a single attempt each
 * (clients.ts sets maxAttempts 1), so attempts never multiply. Ours rather than the SDK's because it logs each
 * retry, waits through an injectable sleep (unit tests count attempts without waiting) and is shared with the
 * awslogs forwarder, which needs its own bounds (logStreamWriter.ts LOGS_RETRY).
 *
 * 12 attempts over roughly 9 to 18 s: at least what the stacked loops gave before (4 of ours around the SDK's 3,
 * about 1 to 14 s), so a throttling burst that a task start survived then, as when many tasks start at once,
 * still passes.
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
  maxAttempts: 12,
  baseDelayMs: 250,
  maxDelayMs: 2_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
}

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException'])

/** Throttling (by code or 429), server faults, and errors the service model marks retryable ($retryable). */
export function isRetryableAwsError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false
  const err = e as { name?: unknown; $fault?: unknown; $retryable?: unknown; $metadata?: { httpStatusCode?: unknown } }
  if (typeof err.name === 'string' && THROTTLING.has(err.name)) return true
  if (err.$retryable !== undefined) return true
  const status = err.$metadata?.httpStatusCode
  return (typeof status === 'number' && (status === 429 || status >= 500)) || err.$fault === 'server'
}

// The transient failures the SDK's standard mode retried before its retries were turned off: timeouts, resets
// and lookups on the way, where no answer came.
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException'])

/**
 * A request that got no answer. Retried for the reads and AssumeRole that withRetry wraps; not by the awslogs
 * forwarder, where a reset after sending could store a batch twice.
 */
export function isConnectionError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false
  const { code, name } = e as { code?: unknown; name?: unknown }
  return (
    (typeof code === 'string' && CONNECTION_CODES.has(code)) || (typeof name === 'string' && TIMEOUT_NAMES.has(name))
  )
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
      if (attempt + 1 >= opts.maxAttempts || !(isRetryableAwsError(e) || isConnectionError(e))) throw e
      const delay = backoffDelay(attempt, opts)
      onRetry?.(e, attempt + 1, delay)
      await opts.sleep(delay)
    }
  }
}
