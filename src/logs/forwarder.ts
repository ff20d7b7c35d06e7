import type { LogsSender } from '../aws/executionClients.js'
import type { RetryOptions } from '../aws/retry.js'
import type { Logger } from '../log.js'
import type { LineSource, OutputPosition, OutputStreamName } from '../model/outputPosition.js'
import { LogBuffer } from './logBuffer.js'
import { errorFields, LOGS_RETRY, LogStreamWriter } from './logStreamWriter.js'

export interface AwsLogsForwarderOptions {
  client: LogsSender
  group: string
  stream: string
  createGroup: boolean
  /** Docker's awslogs-create-stream; default true. */
  createStream?: boolean
  mode: 'blocking' | 'non-blocking'
  /** Bound on bytes held (pending multiline record, queue, batch in flight): max-buffer-size. */
  maxBufferBytes: number
  multiline?: RegExp
  flushIntervalMs?: number
  /** With bindings such as { taskArn, container }; the forwarder adds the group and stream. */
  logger: Logger
  now?: () => number
  /** Backoff for throttling and 5xx; after maxAttempts a batch is given up and counted as dropped. */
  retry?: Partial<RetryOptions>
  /** Where the input starts (a resumed container: what an earlier daemon had done); default the start. */
  from?: OutputPosition
  /**
   * Lines logged before this moment (ms since the epoch) are not sent, only counted as done: a container taken
   * over without a saved position, whose earlier lines may have been sent already.
   */
  since?: number
  /**
   * Called after an answered batch (stored, refused, or given up) with the input position every line before
   * which is done: never to be sent again. Only for lines pushed with their LineSource.
   */
  onProgress?: (done: OutputPosition) => void
}

export interface ForwarderResult {
  /** Events CloudWatch stored. */
  sent: number
  /** Lines refused at push (buffer full, or after close) plus events of batches given up on. */
  dropped: number
  /** Events CloudWatch answered for but refused to store (too old, expired, too far ahead). */
  rejected: number
}

const READY = Promise.resolve()

/**
 * Ships one container's output to one CloudWatch Logs stream, as Docker's awslogs driver would.
 * non-blocking: push never waits; a line that does not fit is dropped and counted (Docker's ring buffer
 * also drops the new message and keeps the old). blocking: push returns a promise that settles once the line
 * is buffered; the agent awaits it (pausing the container's output stream) so CloudWatch's backpressure
 * reaches the container, as with Docker. Batches go out every flush interval, at once when a full request is
 * queued, a push waits or the buffer is half full, and on close. One PutLogEvents in flight keeps order.
 * Lines pushed with their LineSource are tracked: after each answered batch, onProgress gets the input position
 * before which every line is done, so that a later daemon resumes there (nothing lost, nothing sent twice).
 */
export class AwsLogsForwarder {
  readonly #mode: AwsLogsForwarderOptions['mode']
  readonly #flushIntervalMs: number
  readonly #now: () => number
  readonly #log: Logger
  readonly #writer: LogStreamWriter
  readonly #buffer: LogBuffer
  readonly #onProgress: ((done: OutputPosition) => void) | undefined
  readonly #since: number
  readonly #counts: ForwarderResult = { sent: 0, dropped: 0, rejected: 0 }
  #droppedUnreported = 0
  #draining = false
  #pumping: Promise<void> | undefined
  #closing: Promise<ForwarderResult> | undefined
  readonly #timer: NodeJS.Timeout

  constructor(opts: AwsLogsForwarderOptions) {
    this.#mode = opts.mode
    this.#flushIntervalMs = opts.flushIntervalMs ?? 5000
    this.#now = opts.now ?? Date.now
    this.#log = opts.logger.child({ logGroup: opts.group, logStream: opts.stream })
    const retry = { ...LOGS_RETRY, ...opts.retry }
    this.#writer = new LogStreamWriter({ ...opts, createStream: opts.createStream ?? true, retry, logger: this.#log })
    this.#buffer = new LogBuffer(opts.maxBufferBytes, opts.multiline, opts.from)
    this.#onProgress = opts.onProgress
    this.#since = opts.since ?? -Infinity
    // The tick must not keep the daemon alive on its own; close() sends whatever is left.
    this.#timer = setInterval(() => void this.flush(), this.#flushIntervalMs).unref()
  }

  /** Creates the stream now. In blocking mode the agent awaits it and fails the container, as Docker does. */
  start(): Promise<void> {
    return this.#writer.ensure()
  }

  /** One line read at `time` (ms since the epoch). */
  push(line: string, time: number): Promise<void> {
    return this.pushAll([line], time) ?? READY
  }

  /**
   * Lines read together at `time` (each at its own time when `source` has times). With `source`, the forwarder
   * knows where each line ends in the container's output and reports progress. Returns nothing when every line
   * was taken (or dropped: non-blocking mode, or after close); in blocking mode, a promise that settles once the
   * last waiting line is buffered.
   */
  pushAll(lines: readonly string[], time: number, source?: LineSource): Promise<void> | undefined {
    let admitted: Promise<void> | undefined
    const stream = source?.stream
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!
      const at = source?.times?.[i] ?? time
      const end = source?.ends[i] ?? -1
      if (at < this.#since) this.#buffer.pass(stream, end)
      else if (this.#closing) this.#drop(stream, end)
      else if (this.#buffer.offer(line, at, stream, end)) continue
      else if (this.#mode === 'non-blocking') this.#drop(stream, end)
      else admitted = this.#buffer.wait(line, at, stream, end)
    }
    if (this.#sendNow()) void this.#kick()
    return admitted
  }

  /** What a tick does: let an old pending multiline record go, then send everything queued. */
  flush(): Promise<void> {
    this.#buffer.releasePending(this.#now(), this.#flushIntervalMs)
    if (this.#droppedUnreported > 0) {
      this.#log.warn({ dropped: this.#droppedUnreported }, 'awslogs buffer full (max-buffer-size): lines dropped')
      this.#droppedUnreported = 0
    }
    this.#draining = true
    return this.#kick()
  }

  /** Stops taking lines, sends everything (blocked pushes included) and resolves with the totals. */
  close(): Promise<ForwarderResult> {
    this.#closing ??= (async () => {
      clearInterval(this.#timer)
      this.#buffer.admitAll()
      this.#buffer.releasePending()
      while (this.#buffer.queued > 0) await this.flush()
      return { ...this.#counts }
    })()
    return this.#closing
  }

  #drop(stream: OutputStreamName | undefined, end: number): void {
    this.#counts.dropped++
    this.#droppedUnreported++
    // Given up on, like a batch that cannot be delivered: a later daemon must not send it either.
    this.#buffer.pass(stream, end)
  }

  #sendNow(): boolean {
    const b = this.#buffer
    if (b.queued === 0) return false
    return this.#draining || b.waiting > 0 || b.bytes * 2 >= b.maxBytes || b.holdsFullBatch()
  }

  /** Single-flight sender: one PutLogEvents at a time, in queue order. Never rejects. */
  #kick(): Promise<void> {
    this.#pumping ??= (async () => {
      await null // so that the finally below never runs before #pumping is assigned
      try {
        while (this.#sendNow()) await this.#sendHead()
        this.#draining = false
      } finally {
        this.#pumping = undefined
      }
    })()
    return this.#pumping
  }

  async #sendHead(): Promise<void> {
    const batch = this.#buffer.next()
    try {
      const rejected = await this.#writer.put(batch.events)
      this.#counts.sent += batch.events.length - rejected
      this.#counts.rejected += rejected
    } catch (e) {
      this.#counts.dropped += batch.events.length
      this.#log.error({ ...errorFields(e), events: batch.events.length }, 'log events not delivered')
    }
    if (this.#buffer.finished(batch)) this.#progress()
  }

  #progress(): void {
    if (!this.#onProgress) return
    try {
      this.#onProgress({ ...this.#buffer.done })
    } catch (e) {
      this.#log.warn({ err: e }, 'could not record how far the log forwarding has got')
    }
  }
}
