import { MAX_EVENT_MESSAGE_BYTES } from '../model/cloudWatchLogsLimits.js'
import type { OutputPosition, OutputStreamName } from '../model/outputPosition.js'
import { holdsFullBatch, splitEvent, takeBatch, type Batch, type LogEvent, type SizedEvent } from './batcher.js'
import { MultilineGrouper } from './multiline.js'

/**
 * A queued event, with where its lines end in the input: `out` / `err` is the stdout / stderr offset just after
 * the last line of that stream this event completes, -1 when it completes none (a line split into several
 * events is complete with its last piece). Every event has both fields, so all share one shape.
 */
interface QueuedEvent extends SizedEvent {
  out: number
  err: number
}

/**
 * One line on its way in: `end` is its stream offset after it, -1 when the caller did not say. `skip`: a line
 * that will not be sent, waiting behind blocked lines only to be counted done after them.
 */
interface Incoming {
  line: string
  time: number
  bytes: number
  stream: OutputStreamName | undefined
  end: number
  skip?: true
}

/**
 * The bytes one stream holds between push and CloudWatch's answer: the pending multiline record, queued
 * events and the batch in flight, bounded by max-buffer-size. Lines that do not fit wait in arrival order
 * (blocking mode) until a sent batch frees room.
 *
 * It also keeps `done`: the input position up to which every line has been answered for (stored, refused by
 * CloudWatch, or given up). Lines arrive in order per stream and batches leave in queue order, so it only moves
 * forward. A line that yields no event (an empty one, or one dropped) is done once everything queued before it is.
 */
export class LogBuffer {
  readonly #grouper: MultilineGrouper | undefined
  /** Events from #head on are queued; the consumed prefix is cut off in bulk, not one shift per batch. */
  #queue: QueuedEvent[] = []
  #head = 0
  #queueBytes = 0
  readonly #waiters: (Incoming & { resolve: () => void })[] = []
  readonly #done: OutputPosition
  /** Where the lines in the grouper's pending record end, per stream (-1: none of that stream). */
  #pendingOut = -1
  #pendingErr = -1

  constructor(
    readonly maxBytes: number,
    multiline: RegExp | undefined,
    from: OutputPosition = { stdout: 0, stderr: 0 },
  ) {
    this.#grouper = multiline ? new MultilineGrouper(multiline) : undefined
    this.#done = { ...from }
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

  /** The input position every line before which has been answered for. */
  get done(): Readonly<OutputPosition> {
    return this.#done
  }

  holdsFullBatch(): boolean {
    return holdsFullBatch(this.queued, this.#queueBytes)
  }

  /** Takes the line if it fits and nobody waits ahead of it. Like Docker's ring, an empty buffer takes any line. */
  offer(line: string, time: number, stream?: OutputStreamName, end = -1): boolean {
    const bytes = Buffer.byteLength(line, 'utf8')
    if (this.#waiters.length > 0 || !this.#fits(bytes)) return false
    this.#admit({ line, time, bytes, stream, end })
    return true
  }

  /** Resolves once the line is in the buffer. */
  wait(line: string, time: number, stream?: OutputStreamName, end = -1): Promise<void> {
    const bytes = Buffer.byteLength(line, 'utf8')
    return new Promise((resolve) => this.#waiters.push({ line, time, bytes, stream, end, resolve }))
  }

  /** A line that will not be sent (dropped, or skipped): done once everything before it is. */
  pass(stream: OutputStreamName | undefined, end: number): void {
    if (stream === undefined || end < 0) return
    if (this.#waiters.length === 0) return this.#markDone(stream, end)
    this.#waiters.push({ line: '', time: 0, bytes: 0, stream, end, skip: true, resolve: () => {} })
  }

  /** Lets a pending multiline record go when it is old enough (or always, without arguments). */
  releasePending(now?: number, ageMs = 0): void {
    if (!this.#grouper) return
    this.#enqueueRecords(now === undefined ? this.#grouper.flush() : this.#grouper.flushOlderThan(now, ageMs))
  }

  /** Admits every waiting line, room or not: used at close so nothing blocked is lost. */
  admitAll(): void {
    for (const w of this.#waiters.splice(0)) {
      this.#admit(w)
      w.resolve()
    }
  }

  /** The next request from the head; stays queued (and counted) until finished() is called with it. */
  next(): Batch {
    return takeBatch(this.#queue, this.#head)
  }

  /** The batch has been answered for (or given up). Returns true when that moved `done`. */
  finished(batch: Batch): boolean {
    const before = this.#done.stdout + this.#done.stderr
    for (let i = this.#head; i < this.#head + batch.taken; i++) {
      const e = this.#queue[i]!
      if (e.out >= 0) this.#advance('stdout', e.out)
      if (e.err >= 0) this.#advance('stderr', e.err)
    }
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
      this.#admit(w)
      w.resolve()
    }
    return this.#done.stdout + this.#done.stderr !== before
  }

  #advance(stream: OutputStreamName, end: number): void {
    if (end > this.#done[stream]) this.#done[stream] = end
  }

  /** Done with what is queued before it: the pending record's lines, the queue's last event, or now. */
  #markDone(stream: OutputStreamName | undefined, end: number): void {
    if (stream === undefined || end < 0) return
    if ((this.#grouper?.pendingBytes ?? 0) > 0) return this.#markPending(stream, end)
    const tail = this.#queue.length > this.#head ? this.#queue[this.#queue.length - 1] : undefined
    if (!tail) this.#advance(stream, end)
    else if (stream === 'stdout') tail.out = end
    else tail.err = end
  }

  #markPending(stream: OutputStreamName, end: number): void {
    if (stream === 'stdout') this.#pendingOut = end
    else this.#pendingErr = end
  }

  #fits(bytes: number): boolean {
    return this.bytes === 0 || this.bytes + bytes <= this.maxBytes
  }

  #admit(l: Incoming): void {
    if (l.skip) return this.#markDone(l.stream, l.end)
    const out = l.stream === 'stdout' ? l.end : -1
    const err = l.stream === 'stderr' ? l.end : -1
    if (this.#grouper) {
      // The line always ends up in the pending record; what it completed is made of the lines before it.
      this.#enqueueRecords(this.#grouper.push(l.line, l.time))
      if (l.stream !== undefined && l.end >= 0) this.#markPending(l.stream, l.end)
      return
    }
    // PutLogEvents refuses empty messages, and Docker's driver skips them too.
    if (l.bytes === 0) return this.#markDone(l.stream, l.end)
    if (l.bytes <= MAX_EVENT_MESSAGE_BYTES) {
      this.#queue.push({ timestamp: l.time, message: l.line, bytes: l.bytes, out, err })
      this.#queueBytes += l.bytes
    } else this.#enqueue({ timestamp: l.time, message: l.line }, out, err)
  }

  /** Records the grouper let go: the pending record's marks go with the (only) record it returns. */
  #enqueueRecords(records: LogEvent[]): void {
    for (const r of records) {
      this.#enqueue(r, this.#pendingOut, this.#pendingErr)
      this.#pendingOut = -1
      this.#pendingErr = -1
    }
  }

  #enqueue(record: LogEvent, out: number, err: number): void {
    const pieces = splitEvent(record)
    // An empty record yields no event: its lines are done once everything before them is.
    if (pieces.length === 0) {
      this.#markDone('stdout', out)
      this.#markDone('stderr', err)
      return
    }
    for (const [i, e] of pieces.entries()) {
      const last = i === pieces.length - 1
      this.#queue.push({
        timestamp: e.timestamp,
        message: e.message,
        bytes: e.bytes,
        out: last ? out : -1,
        err: last ? err : -1,
      })
      this.#queueBytes += e.bytes
    }
  }
}
