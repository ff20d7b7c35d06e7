import type { CallRecord } from './types.js'

/** Keeps the newest calls only, so a long-running daemon does not grow without bound. */
export const MAX_CALL_RECORDS = 10_000

/** Every call the local AWS answered, denied and failed-auth ones included. */
export class CallLog {
  readonly #records: CallRecord[]

  /** `earlier`: what a previous daemon's log held; `saved`: where each new record also goes. */
  constructor(
    earlier: readonly CallRecord[] = [],
    readonly saved?: (entry: CallRecord) => void,
  ) {
    this.#records = earlier.slice(-MAX_CALL_RECORDS)
  }

  record(entry: CallRecord): void {
    this.#records.push(entry)
    this.saved?.(entry)
    if (this.#records.length > MAX_CALL_RECORDS) this.#records.shift()
  }

  /** Copies, so callers cannot rewrite history. */
  list(): CallRecord[] {
    return this.#records.map((r) => ({ ...r }))
  }
}
