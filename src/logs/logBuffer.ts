import { MAX_EVENT_MESSAGE_BYTES } from '../model/cloudWatchLogsLimits.js'
import { holdsFullBatch, splitEvent, takeBatch, type Batch, type LogEvent, type SizedEvent } from './batcher.js'
import { MultilineGrouper } from './multiline.js'

/**
 * The bytes one stream holds between push and CloudWatch's answer: the pending multiline record, queued
 * events and the batch in flight, bounded by max-buffer-size. Lines that do not fit wait in arrival order
 * (blocking mode) until a sent batch frees room.
 */
export class LogBuffer {
  readonly #grouper: MultilineGrouper | undefined
  /** Events from #head on are queued; the consumed prefix is cut off in bulk, not one shift per batch. */
  #queue: SizedEvent[] = []
  #head = 0
  #queueBytes = 0
  readonly #waiters: { line: string; time: number; bytes: number; resolve: () => void }[] = []

  constructor(
    readonly maxBytes: number,
    multiline: RegExp | undefined,
  ) {
    this.#grouper = multiline ? new MultilineGrouper(multiline) : undefined
  }

  get bytes(): number {
    return this.#queueBytes + (this.#grouper?.pendingBytes ?? 0)
  }

  get queued(): number {
    return this.#queue.length - this.#head
  }

  get waiting(): number {
    return this.#waiters.length
  }

  holdsFullBatch(): boolean {
    return holdsFullBatch(this.queued, this.#queueBytes)
  }

  /** Takes the line if it fits and nobody waits ahead of it. Like Docker's ring, an empty buffer takes any line. */
  offer(line: string, time: number): boolean {
    const bytes = Buffer.byteLength(line, 'utf8')
    if (this.#waiters.length > 0 || !this.#fits(bytes)) return false
    this.#admit(line, time, bytes)
    return true
  }

  /** Resolves once the line is in the buffer. */
  wait(line: string, time: number): Promise<void> {
    return new Promise((resolve) => this.#waiters.push({ line, time, bytes: Buffer.byteLength(line, 'utf8'), resolve }))
  }

  /** Lets a pending multiline record go when it is old enough (or always, without arguments). */
  releasePending(now?: number, ageMs = 0): void {
    if (!this.#grouper) return
    this.#enqueue(now === undefined ? this.#grouper.flush() : this.#grouper.flushOlderThan(now, ageMs))
  }

  /** Admits every waiting line, room or not: used at close so nothing blocked is lost. */
  admitAll(): void {
    for (const w of this.#waiters.splice(0)) {
      this.#admit(w.line, w.time, w.bytes)
      w.resolve()
    }
  }

  /** The next request from the head; stays queued (and counted) until done() is called with it. */
  next(): Batch {
    return takeBatch(this.#queue, this.#head)
  }

  done(batch: Batch): void {
    this.#head += batch.taken
    this.#queueBytes -= batch.bytes
    if (this.#head === this.#queue.length) {
      this.#queue = []
      this.#head = 0
    } else if (this.#head >= 65_536) {
      this.#queue = this.#queue.slice(this.#head)
      this.#head = 0
    }
    while (this.#waiters.length > 0 && this.#fits(this.#waiters[0]!.bytes)) {
      const w = this.#waiters.shift()!
      this.#admit(w.line, w.time, w.bytes)
      w.resolve()
    }
  }

  #fits(bytes: number): boolean {
    return this.bytes === 0 || this.bytes + bytes <= this.maxBytes
  }

  #admit(line: string, timestamp: number, bytes: number): void {
    if (this.#grouper) return this.#enqueue(this.#grouper.push(line, timestamp))
    if (bytes === 0) return // PutLogEvents refuses empty messages; Docker's driver skips them too
    if (bytes <= MAX_EVENT_MESSAGE_BYTES) {
      this.#queue.push({ timestamp, message: line, bytes })
      this.#queueBytes += bytes
    } else this.#enqueue([{ timestamp, message: line }])
  }

  #enqueue(records: LogEvent[]): void {
    for (const r of records) {
      for (const e of splitEvent(r)) {
        this.#queue.push(e)
        this.#queueBytes += e.bytes
      }
    }
  }
}
