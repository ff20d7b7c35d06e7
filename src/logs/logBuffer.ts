import { holdsFullBatch, splitEvent, takeBatch, type Batch, type LogEvent, type SizedEvent } from './batcher.js'
import { MultilineGrouper } from './multiline.js'

/** One line of output, as src/docker's OutputLine carries it (the stream name is not needed). */
export interface PushLine {
  line: string
  time: Date
}

/**
 * The bytes one stream holds between push and CloudWatch's answer: the pending multiline record, queued
 * events and the batch in flight, bounded by max-buffer-size. Lines that do not fit wait in arrival order
 * (blocking mode) until a sent batch frees room.
 */
export class LogBuffer {
  readonly #grouper: MultilineGrouper | undefined
  readonly #queue: SizedEvent[] = []
  #queueBytes = 0
  readonly #waiters: { line: PushLine; bytes: number; resolve: () => void }[] = []

  constructor(
    readonly maxBytes: number,
    multiline: RegExp | undefined,
    /** Called when events were queued, so the owner can decide to send. */
    readonly onQueued: () => void,
  ) {
    this.#grouper = multiline ? new MultilineGrouper(multiline) : undefined
  }

  get bytes(): number {
    return this.#queueBytes + (this.#grouper?.pendingBytes ?? 0)
  }

  get queued(): number {
    return this.#queue.length
  }

  get waiting(): number {
    return this.#waiters.length
  }

  holdsFullBatch(): boolean {
    return holdsFullBatch(this.#queue.length, this.#queueBytes)
  }

  /** Takes the line if it fits and nobody waits ahead of it. Like Docker's ring, an empty buffer takes any line. */
  offer(line: PushLine): boolean {
    const bytes = Buffer.byteLength(line.line, 'utf8')
    if (this.#waiters.length > 0 || !this.#fits(bytes)) return false
    this.#admit(line)
    return true
  }

  /** Resolves once the line is in the buffer. */
  wait(line: PushLine): Promise<void> {
    return new Promise((resolve) => this.#waiters.push({ line, bytes: Buffer.byteLength(line.line, 'utf8'), resolve }))
  }

  /** Lets a pending multiline record go when it is old enough (or always, without arguments). */
  releasePending(now?: number, ageMs = 0): void {
    if (!this.#grouper) return
    this.#enqueue(now === undefined ? this.#grouper.flush() : this.#grouper.flushOlderThan(now, ageMs))
  }

  /** Admits every waiting line, room or not: used at close so nothing blocked is lost. */
  admitAll(): void {
    for (const w of this.#waiters.splice(0)) {
      this.#admit(w.line)
      w.resolve()
    }
  }

  /** The next request from the head; stays queued (and counted) until done() is called with it. */
  next(): Batch {
    return takeBatch(this.#queue)
  }

  done(batch: Batch): void {
    this.#queue.splice(0, batch.taken)
    this.#queueBytes -= batch.bytes
    while (this.#waiters.length > 0 && this.#fits(this.#waiters[0]!.bytes)) {
      const w = this.#waiters.shift()!
      this.#admit(w.line)
      w.resolve()
    }
  }

  #fits(bytes: number): boolean {
    return this.bytes === 0 || this.bytes + bytes <= this.maxBytes
  }

  #admit(line: PushLine): void {
    const timestamp = line.time.getTime()
    this.#enqueue(this.#grouper ? this.#grouper.push(line.line, timestamp) : [{ timestamp, message: line.line }])
  }

  #enqueue(records: LogEvent[]): void {
    for (const r of records) {
      for (const e of splitEvent(r)) {
        this.#queue.push(e)
        this.#queueBytes += e.bytes
      }
    }
    if (records.length > 0) this.onQueued()
  }
}
