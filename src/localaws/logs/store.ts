import type { Placement } from '../arn.js'
import { AwsError } from '../awsError.js'
import type { Recorder } from '../state/records.js'

export interface StoredEvent {
  timestamp: number
  message: string
  ingestionTime: number
  /** Unique within the store, in ingestion order: FilterLogEvents' eventId and its tie-breaker. */
  seq: number
}

export interface LogStream {
  name: string
  /** The group's name. */
  group: string
  arn: string
  creationTime: number
  /** Sorted by timestamp; events with equal timestamps stay in ingestion order. */
  events: StoredEvent[]
  lastIngestionTime?: number
  storedBytes: number
}

export interface LogGroup {
  name: string
  /** The ARN DescribeLogGroups reports as `arn`, with the trailing ':*'. */
  arn: string
  creationTime: number
  retentionInDays?: number
  streams: Map<string, LogStream>
}

/** One event as a reader (e.g. `ecs-local logs`) sees it. */
export interface LogEventView {
  logStreamName: string
  timestamp: number
  message: string
  ingestionTime: number
}

/** One account's log groups, in memory; changes go to the recorder (the state directory's journal). */
export class LogStore {
  readonly groups = new Map<string, LogGroup>()
  #seq = 0

  constructor(
    readonly at: Placement,
    readonly recorder: Recorder = {},
  ) {}

  get #scope() {
    return { partition: this.at.partition, accountId: this.at.accountId }
  }

  groupArn(name: string): string {
    const { partition, region, accountId } = this.at
    return `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`
  }

  createGroup(name: string, now: number): LogGroup {
    if (this.groups.has(name))
      throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists')
    const group = { name, arn: `${this.groupArn(name)}:*`, creationTime: now, streams: new Map() }
    this.groups.set(name, group)
    this.recorder.write?.({ k: 'logGroup', at: this.#scope, name, time: now })
    return group
  }

  group(name: string): LogGroup {
    const group = this.groups.get(name)
    if (!group) throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.')
    return group
  }

  createStream(groupName: string, name: string, now: number): void {
    const group = this.group(groupName)
    if (group.streams.has(name))
      throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists')
    const arn = `${this.groupArn(groupName)}:log-stream:${name}`
    group.streams.set(name, { name, group: groupName, arn, creationTime: now, events: [], storedBytes: 0 })
    this.recorder.write?.({ k: 'logStream', at: this.#scope, group: groupName, name, time: now })
  }

  stream(groupName: string, name: string): LogStream {
    const stream = this.group(groupName).streams.get(name)
    if (!stream) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.')
    return stream
  }

  /** Appends events already checked by PutLogEvents' rules, keeping the stream sorted by timestamp. */
  append(stream: LogStream, events: readonly { timestamp: number; message: string }[], now: number): void {
    if (events.length && this.recorder.write) {
      const kept = events.map(({ timestamp, message }) => ({ timestamp, message }))
      const { group, name } = stream
      this.recorder.write({ k: 'logEvents', at: this.#scope, group, stream: name, time: now, events: kept })
    }
    for (const e of events) {
      const stored = { timestamp: e.timestamp, message: e.message, ingestionTime: now, seq: this.#seq++ }
      const list = stream.events
      let i = list.length
      while (i > 0 && (list[i - 1]?.timestamp ?? 0) > e.timestamp) i--
      if (i === list.length) list.push(stored)
      else list.splice(i, 0, stored)
      stream.storedBytes += Buffer.byteLength(e.message)
    }
    if (events.length) stream.lastIngestionTime = now
  }

  /** Events of one stream, or of every stream of the group merged by time; [] for an unknown group or stream. */
  events(groupName: string, streamName?: string): LogEventView[] {
    const group = this.groups.get(groupName)
    if (!group) return []
    const streams = streamName === undefined ? [...group.streams.values()] : [group.streams.get(streamName)]
    const all: (StoredEvent & { logStreamName: string })[] = []
    for (const s of streams) if (s) for (const e of s.events) all.push({ ...e, logStreamName: s.name })
    all.sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq)
    return all.map(({ logStreamName, timestamp, message, ingestionTime }) => ({
      logStreamName,
      timestamp,
      message,
      ingestionTime,
    }))
  }
}
