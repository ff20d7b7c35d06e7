import {
  EVENT_OVERHEAD_BYTES,
  MAX_BATCH_BYTES_WITH_OVERHEAD,
  MAX_BATCH_EVENTS,
  MAX_BATCH_SPAN_MS,
  MAX_EVENT_MESSAGE_BYTES,
} from '../model/cloudWatchLogsLimits.js'

/**
 * The pure arithmetic that keeps every PutLogEvents request inside CloudWatch's limits (counted as Docker's
 * awslogs driver counts). No I/O here: the forwarder feeds it and sends.
 */

export interface LogEvent {
  /** Milliseconds since the epoch, as PutLogEvents wants them. */
  timestamp: number
  message: string
}

/** An event whose UTF-8 size is already known, so the forwarder and the batcher count it once. */
export interface SizedEvent extends LogEvent {
  bytes: number
}

export interface Batch {
  /** In non-decreasing timestamp order, ties kept in arrival order. */
  events: LogEvent[]
  /** How many events were taken from the head of the input. */
  taken: number
  /** Sum of the taken events' message bytes (without the per-event overhead). */
  bytes: number
}

/**
 * Cuts one message into events of at most maxBytes UTF-8 bytes, never inside a character. Empty messages
 * give no event: PutLogEvents refuses them, and Docker's driver skips them too. Lone surrogates count as
 * U+FFFD (3 bytes), which is what they become on the wire.
 */
export function splitEvent(event: LogEvent, maxBytes = MAX_EVENT_MESSAGE_BYTES): SizedEvent[] {
  const total = Buffer.byteLength(event.message, 'utf8')
  if (total === 0) return []
  if (total <= maxBytes) return [{ timestamp: event.timestamp, message: event.message, bytes: total }]
  const buf = Buffer.from(event.message, 'utf8')
  const out: SizedEvent[] = []
  for (let start = 0; start < buf.length;) {
    let end = Math.min(start + maxBytes, buf.length)
    // Back off continuation bytes (10xxxxxx) so the cut lands on the first byte of a character.
    while (end < buf.length && end > start && (buf[end]! & 0xc0) === 0x80) end--
    out.push({ timestamp: event.timestamp, message: buf.toString('utf8', start, end), bytes: end - start })
    start = end
  }
  return out
}

/**
 * Takes the longest run of `queue` from `start` that fits one PutLogEvents request (count, bytes with
 * overhead, span) and returns it sorted by timestamp. Always takes at least one event, since splitEvent
 * bounds each one.
 */
export function takeBatch(queue: readonly SizedEvent[], start = 0): Batch {
  let taken = 0
  let bytes = 0
  let min = Infinity
  let max = -Infinity
  let sorted = true
  for (let i = start; i < queue.length && taken < MAX_BATCH_EVENTS; i++) {
    const e = queue[i]!
    const cost = (taken + 1) * EVENT_OVERHEAD_BYTES + bytes + e.bytes
    const span = Math.max(max, e.timestamp) - Math.min(min, e.timestamp)
    // Strictly under the 24 h span, so that rounding can never tip a batch over.
    if (taken > 0 && (cost > MAX_BATCH_BYTES_WITH_OVERHEAD || span >= MAX_BATCH_SPAN_MS)) break
    if (e.timestamp < max) sorted = false
    taken++
    bytes += e.bytes
    min = Math.min(min, e.timestamp)
    max = Math.max(max, e.timestamp)
  }
  const events: LogEvent[] = new Array<LogEvent>(taken)
  for (let i = 0; i < taken; i++) {
    const e = queue[start + i]!
    events[i] = { timestamp: e.timestamp, message: e.message }
  }
  // Output is nearly always in clock order already; Array.prototype.sort is stable, so ties keep arrival order.
  if (!sorted) events.sort((x, y) => x.timestamp - y.timestamp)
  return { events, taken, bytes }
}

/** Whole-stream form: every event split to size, then cut into requests in arrival order. */
export function toBatches(events: Iterable<LogEvent>): LogEvent[][] {
  const queue = [...events].flatMap((e) => splitEvent(e))
  const batches: LogEvent[][] = []
  for (let i = 0; i < queue.length;) {
    const batch = takeBatch(queue, i)
    batches.push(batch.events)
    i += batch.taken
  }
  return batches
}

/** True when the queue already holds at least one full request: worth sending without waiting for a tick. */
export function holdsFullBatch(count: number, bytes: number): boolean {
  return count >= MAX_BATCH_EVENTS || bytes + count * EVENT_OVERHEAD_BYTES >= MAX_BATCH_BYTES_WITH_OVERHEAD
}
