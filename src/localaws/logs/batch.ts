import {
  EVENT_OVERHEAD_BYTES,
  MAX_BATCH_BYTES_WITH_OVERHEAD,
  MAX_BATCH_EVENTS,
  MAX_BATCH_SPAN_MS,
  MAX_EVENT_BYTES_WITH_OVERHEAD,
} from '../../model/cloudWatchLogsLimits.js'
import { AwsError } from '../awsError.js'

const HOUR = 60 * 60 * 1000
const MAX_FUTURE_MS = 2 * HOUR
const MAX_AGE_MS = 14 * 24 * HOUR

export interface InputEvent {
  timestamp: number
  message: string
}

export interface RejectedInfo {
  /** The first too-new event, inclusive: every later one is too new as well. */
  tooNewLogEventStartIndex?: number
  /** One past the last too-old event (exclusive), as AWS defines it. */
  tooOldLogEventEndIndex?: number
}

export interface BatchVerdict {
  accepted: InputEvent[]
  rejected?: RejectedInfo
}

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterException', message)
}

/**
 * Applies PutLogEvents' rules in AWS's order: a batch breaking a hard limit fails whole; events more than 14 days
 * old or 2 hours ahead are dropped and reported in rejectedLogEventsInfo while the rest are stored.
 */
export function checkBatch(events: readonly InputEvent[], now: number): BatchVerdict {
  if (events.length > MAX_BATCH_EVENTS) {
    throw invalid(
      `1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to ${MAX_BATCH_EVENTS}`,
    )
  }
  let total = 0
  for (const e of events) {
    const size = Buffer.byteLength(e.message) + EVENT_OVERHEAD_BYTES
    if (size > MAX_EVENT_BYTES_WITH_OVERHEAD) {
      throw invalid(`Log event too large: ${size} bytes exceeds limit of ${MAX_EVENT_BYTES_WITH_OVERHEAD}`)
    }
    total += size
  }
  if (total > MAX_BATCH_BYTES_WITH_OVERHEAD) {
    throw invalid(`Upload too large: ${total} bytes exceeds limit of ${MAX_BATCH_BYTES_WITH_OVERHEAD}`)
  }
  for (let i = 1; i < events.length; i++) {
    if ((events[i]?.timestamp ?? 0) < (events[i - 1]?.timestamp ?? 0))
      throw invalid('Log events in a single PutLogEvents request must be in chronological order.')
  }
  const first = events[0]?.timestamp ?? 0
  const last = events[events.length - 1]?.timestamp ?? 0
  if (last - first > MAX_BATCH_SPAN_MS)
    throw invalid('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.')

  // Sorted, so the too-old events are a prefix and the too-new ones a suffix.
  let start = 0
  while (start < events.length && (events[start]?.timestamp ?? 0) < now - MAX_AGE_MS) start++
  let end = events.length
  while (end > start && (events[end - 1]?.timestamp ?? 0) > now + MAX_FUTURE_MS) end--
  const rejected: RejectedInfo = {
    ...(end < events.length && { tooNewLogEventStartIndex: end }),
    ...(start > 0 && { tooOldLogEventEndIndex: start }),
  }
  return { accepted: events.slice(start, end), ...(Object.keys(rejected).length && { rejected }) }
}
