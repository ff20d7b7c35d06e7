import type { Logger } from '../log.js'

/** How often repeated refusals and served credentials are summarised. */
export const SUMMARY_INTERVAL_MS = 60_000
/** Distinct refusal keys remembered at most; past it the oldest quiet ones go (a flood of callers stays bounded). */
const MAX_KEYS = 10_000

interface Refusal {
  fields: Record<string, unknown>
  msg: string
  /** Repeats since the last summary. */
  count: number
}

/**
 * Keeps the endpoint's log small under load. A refusal is written at warn the first time its (caller, task, code)
 * is seen, then only counted: each summary writes one line per key with how many more there were, and forgets the
 * keys that stayed quiet, so their next refusal is written again. Served credentials are counted per task and role
 * and summarised the same way at info: at most one line per task per interval, however hard an SDK polls.
 * Nothing here writes a credentials id: callers pass the task ARN and the caller's address.
 */
export class RequestCounts {
  readonly #log: Logger
  readonly #refusals = new Map<string, Refusal>()
  readonly #served = new Map<string, { taskArn: string; roleArn: string; count: number }>()
  readonly #timer?: NodeJS.Timeout

  constructor(log: Logger, intervalMs: number | false = SUMMARY_INTERVAL_MS) {
    this.#log = log
    if (intervalMs !== false) this.#timer = setInterval(() => this.flush(), intervalMs).unref()
  }

  refused(fields: { caller: string; taskArn?: string; code: string } & Record<string, unknown>, msg: string): void {
    const key = `${fields.caller}|${fields.taskArn ?? ''}|${fields.code}`
    const seen = this.#refusals.get(key)
    if (seen) {
      seen.count++
      return
    }
    if (this.#refusals.size >= MAX_KEYS) this.#forgetQuiet()
    if (this.#refusals.size >= MAX_KEYS) this.#refusals.delete(this.#refusals.keys().next().value as string)
    this.#refusals.set(key, { fields, msg, count: 0 })
    this.#log.warn(fields, msg)
  }

  served(taskArn: string, roleArn: string): void {
    const key = `${taskArn}|${roleArn}`
    const entry = this.#served.get(key)
    if (entry) entry.count++
    else this.#served.set(key, { taskArn, roleArn, count: 1 })
  }

  /** One line per key that saw anything since the last summary; the daemon also calls it when it stops. */
  flush(): void {
    for (const r of this.#refusals.values()) {
      if (r.count > 0) this.#log.warn({ ...r.fields, repeated: r.count }, `${r.msg} (repeated)`)
    }
    this.#forgetQuiet()
    for (const r of this.#refusals.values()) r.count = 0
    for (const s of this.#served.values()) this.#log.info(s, 'task role credentials served')
    this.#served.clear()
  }

  close(): void {
    clearInterval(this.#timer)
    this.flush()
  }

  #forgetQuiet(): void {
    for (const [key, r] of this.#refusals) if (r.count === 0) this.#refusals.delete(key)
  }
}
