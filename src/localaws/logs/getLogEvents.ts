import { AwsError } from '../awsError.js'
import type { LogStream, StoredEvent } from './store.js'

export interface GetLogEventsQuery {
  startTime?: number
  endTime?: number
  nextToken?: string
  limit?: number
  startFromHead?: boolean
}

export interface GetLogEventsPage {
  events: { timestamp: number; message: string; ingestionTime: number }[]
  nextForwardToken: string
  nextBackwardToken: string
}

/** As many as fit in 1 MB, up to 10,000: the count is what can be kept locally. */
const DEFAULT_LIMIT = 10_000

/** AWS tokens are 'f/' or 'b/' and 56 digits; here the digits are a position in the stream's time window. */
function token(direction: 'f' | 'b', position: number): string {
  return `${direction}/${String(position).padStart(56, '0')}`
}

function parseToken(t: string, size: number): { direction: 'f' | 'b'; position: number } {
  const m = /^([fb])\/(\d{1,56})$/.exec(t)
  const position = m ? Number(m[2]) : NaN
  if (!m || !(position <= size)) throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.')
  return { direction: m[1] === 'f' ? 'f' : 'b', position }
}

/**
 * GetLogEvents' paging: from the head (startFromHead or a forward token) or back from the tail (the default, or
 * a backward token). At the end of the stream nextForwardToken comes back unchanged, which is how callers that
 * follow a stream know to wait.
 */
export function getLogEvents(stream: LogStream, q: GetLogEventsQuery): GetLogEventsPage {
  const from = q.startTime ?? -Infinity
  const to = q.endTime ?? Infinity
  const window = stream.events.filter((e: StoredEvent) => e.timestamp >= from && e.timestamp < to)
  const limit = q.limit ?? DEFAULT_LIMIT
  let start: number
  let end: number
  const t = q.nextToken === undefined ? undefined : parseToken(q.nextToken, window.length)
  if (t?.direction === 'f' || (!t && q.startFromHead)) {
    start = t?.position ?? 0
    end = Math.min(start + limit, window.length)
  } else {
    end = t?.position ?? window.length
    start = Math.max(0, end - limit)
  }
  return {
    events: window
      .slice(start, end)
      .map(({ timestamp, message, ingestionTime }) => ({ timestamp, message, ingestionTime })),
    nextForwardToken: token('f', end),
    nextBackwardToken: token('b', start),
  }
}
