import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from '../../log.js'
import type { CallRecord } from '../types.js'
import { compact } from './compact.js'
import { BlobFiles, JournalFile } from './journal.js'
import type { Recorder, StateRecord } from './records.js'

export type { Recorder, StateRecord } from './records.js'
export { restore, type Restored } from './restore.js'

/**
 * The local AWS's state directory: journal.jsonl (every change made through the API, and every key issued),
 * calls.jsonl (the call log) and blobs/ (S3 bodies). Secrets and keys are in there in the clear, as in the
 * daemon's memory: the directory is 0700 and its files 0600, inside the daemon's own 0700 state directory.
 */
export class StateDir {
  readonly #journal: JournalFile<StateRecord>
  readonly #calls: JournalFile<CallRecord>
  readonly #blobs: BlobFiles
  readonly #logger: Logger
  #blobFailed = false
  /** The journal's records after compaction, to be restored. */
  readonly records: StateRecord[]
  /** The newest calls the call log held, oldest first. */
  readonly calls: CallRecord[]
  /** Lines that could not be read (a torn last line after a power loss, a hand edit). */
  readonly unreadable: number

  constructor(
    readonly dir: string,
    logger: Logger,
    maxCalls: number,
    now = Date.now(),
  ) {
    this.#logger = logger
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const journal = JournalFile.open<StateRecord>(join(dir, 'journal.jsonl'), logger)
    const calls = JournalFile.open<CallRecord>(join(dir, 'calls.jsonl'), logger)
    this.#journal = journal.file
    this.#calls = calls.file
    this.#blobs = new BlobFiles(join(dir, 'blobs'))
    this.unreadable = journal.contents.unreadable + calls.contents.unreadable

    // Compacted once, at start: a running daemon only appends.
    this.records = compact(journal.contents.records, now)
    if (this.records.length < journal.contents.records.length || journal.contents.unreadable)
      this.#journal.rewrite(this.records)
    const bodies = new Set(this.records.flatMap((r) => (r.k === 'object' ? [r.blob] : [])))
    this.#blobs.keepOnly(bodies)

    this.calls = calls.contents.records.slice(-maxCalls)
    if (this.calls.length < calls.contents.records.length || calls.contents.unreadable) this.#calls.rewrite(this.calls)
  }

  /** Points the stores' recorder at the journal: from now on every change is saved. */
  record(into: Recorder): void {
    into.write = (r) => this.#journal.append(r)
    into.blob = (body) => {
      try {
        return this.#blobs.put(body)
      } catch (e) {
        // As with the journal: the object is served from memory, and restore will skip it for want of a body.
        if (!this.#blobFailed) this.#logger.error({ err: e, dir: this.dir }, 'an S3 body could not be saved')
        this.#blobFailed = true
        return ''
      }
    }
  }

  blob(name: string): Buffer | undefined {
    return this.#blobs.get(name)
  }

  call(record: CallRecord): void {
    this.#calls.append(record)
  }

  close(): void {
    this.#journal.close()
    this.#calls.close()
  }
}
