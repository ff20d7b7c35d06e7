/**
 * Time seam for the role vault: wall clock plus one-shot timers. Tests inject a fake to drive renewals
 * without waiting; the daemon uses realScheduler.
 */
export interface Scheduler {
  now(): number
  /** Runs fn after ms; returns a function that cancels it. */
  schedule(fn: () => void, ms: number): () => void
}

// setTimeout fires at once for delays above 2^31-1 ms; clamp (a 12 h session is far below anyway).
const MAX_DELAY_MS = 2 ** 31 - 1

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const timer = setTimeout(fn, Math.min(Math.max(0, ms), MAX_DELAY_MS))
    // A pending renewal must not keep the process alive on its own.
    timer.unref()
    return () => clearTimeout(timer)
  },
}
