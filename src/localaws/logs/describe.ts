import { AwsError } from '../awsError.js'
import type { LogGroup, LogStore } from './store.js'

const DEFAULT_LIMIT = 50

/** Offset tokens: Describe* results are small, sorted lists. */
function page<T>(items: T[], nextToken: string | undefined, limit = DEFAULT_LIMIT): { items: T[]; nextToken?: string } {
  const start = nextToken === undefined ? 0 : Number(Buffer.from(nextToken, 'base64url').toString('utf8'))
  if (!Number.isInteger(start) || start < 0 || start > items.length)
    throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.')
  const end = start + limit
  const more = end < items.length
  return { items: items.slice(start, end), ...(more && { nextToken: Buffer.from(String(end)).toString('base64url') }) }
}

export function describeLogGroups(
  store: LogStore,
  q: { logGroupNamePrefix?: string; logGroupNamePattern?: string; nextToken?: string; limit?: number },
) {
  if (q.logGroupNamePrefix !== undefined && q.logGroupNamePattern !== undefined) {
    throw new AwsError(
      'InvalidParameterException',
      'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
    )
  }
  const groups = [...store.groups.values()]
    .filter((g) => q.logGroupNamePrefix === undefined || g.name.startsWith(q.logGroupNamePrefix))
    .filter((g) => q.logGroupNamePattern === undefined || g.name.includes(q.logGroupNamePattern))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const { items, nextToken } = page(groups, q.nextToken, q.limit)
  return {
    logGroups: items.map((g) => ({
      logGroupName: g.name,
      creationTime: g.creationTime,
      metricFilterCount: 0,
      arn: g.arn,
      logGroupArn: store.groupArn(g.name),
      storedBytes: [...g.streams.values()].reduce((n, s) => n + s.storedBytes, 0),
      logGroupClass: 'STANDARD',
      ...(g.retentionInDays !== undefined && { retentionInDays: g.retentionInDays }),
    })),
    ...(nextToken !== undefined && { nextToken }),
  }
}

export function describeLogStreams(
  group: LogGroup,
  q: { logStreamNamePrefix?: string; orderBy?: string; descending?: boolean; nextToken?: string; limit?: number },
) {
  const byTime = q.orderBy === 'LastEventTime'
  if (byTime && q.logStreamNamePrefix !== undefined)
    throw new AwsError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.')
  const lastEvent = (s: { events: { timestamp: number }[] }) => s.events[s.events.length - 1]?.timestamp ?? 0
  const streams = [...group.streams.values()]
    .filter((s) => q.logStreamNamePrefix === undefined || s.name.startsWith(q.logStreamNamePrefix))
    .sort((a, b) => (byTime ? lastEvent(a) - lastEvent(b) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  if (q.descending) streams.reverse()
  const { items, nextToken } = page(streams, q.nextToken, q.limit)
  return {
    logStreams: items.map((s) => ({
      logStreamName: s.name,
      creationTime: s.creationTime,
      ...(s.events.length && {
        firstEventTimestamp: s.events[0]?.timestamp,
        lastEventTimestamp: lastEvent(s),
        lastIngestionTime: s.lastIngestionTime,
      }),
      arn: s.arn,
      storedBytes: s.storedBytes,
    })),
    ...(nextToken !== undefined && { nextToken }),
  }
}
