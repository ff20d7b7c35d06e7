import type { CallRecord } from './types.js'

/** Keeps the newest calls only, so a long-running daemon does not grow without bound. */
const MAX_RECORDS = 10_000

/** Every call the local AWS answered, denied and failed-auth ones included. */
export class CallLog {
  readonly #records: CallRecord[] = []

  record(entry: CallRecord): void {
    this.#records.push(entry)
    if (this.#records.length > MAX_RECORDS) this.#records.shift()
  }

  /** Copies, so callers cannot rewrite history. */
  list(): CallRecord[] {
    return this.#records.map((r) => ({ ...r }))
  }
}
