import { AwsError } from '../awsError.js'
import { compileFilterPattern } from './filterPattern.js'
import type { LogGroup, StoredEvent } from './store.js'

export interface FilterQuery {
  logStreamNames?: string[]
  logStreamNamePrefix?: string
  startTime?: number
  endTime?: number
  filterPattern?: string
  nextToken?: string
  limit?: number
}

interface Found extends StoredEvent {
  logStreamName: string
}

const DEFAULT_LIMIT = 10_000

/** The token names the last event returned (timestamp, sequence), so events added meanwhile are not skipped. */
function encode(e: Found): string {
  return Buffer.from(JSON.stringify([e.timestamp, e.seq])).toString('base64url')
}

function decode(token: string): [number, number] {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]]
  } catch {
    // reported below
  }
  throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.')
}

/** FilterLogEvents over a group's streams, merged in time order. */
export function filterLogEvents(group: LogGroup, q: FilterQuery) {
  if (q.logStreamNames && q.logStreamNamePrefix !== undefined) {
    throw new AwsError(
      'InvalidParameterException',
      'logStreamNames and logStreamNamePrefix are mutually exclusive; specify at most one of them',
    )
  }
  const matches = compileFilterPattern(q.filterPattern)
  const after = q.nextToken === undefined ? undefined : decode(q.nextToken)
  const from = q.startTime ?? -Infinity
  const to = q.endTime ?? Infinity
  const found: Found[] = []
  for (const s of group.streams.values()) {
    if (q.logStreamNames && !q.logStreamNames.includes(s.name)) continue
    if (q.logStreamNamePrefix !== undefined && !s.name.startsWith(q.logStreamNamePrefix)) continue
    for (const e of s.events) {
      if (e.timestamp < from || e.timestamp >= to || !matches(e.message)) continue
      if (after && (e.timestamp < after[0] || (e.timestamp === after[0] && e.seq <= after[1]))) continue
      found.push({ ...e, logStreamName: s.name })
    }
  }
  found.sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq)
  const page = found.slice(0, q.limit ?? DEFAULT_LIMIT)
  const last = page[page.length - 1]
  return {
    events: page.map((e) => ({
      logStreamName: e.logStreamName,
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.ingestionTime,
      eventId: String(e.seq).padStart(56, '0'),
    })),
    ...(last && found.length > page.length && { nextToken: encode(last) }),
  }
}
