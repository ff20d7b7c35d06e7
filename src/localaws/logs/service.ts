import type { JsonFields } from '../protocols/jsonFields.js'
import { createJsonService, type JsonAction } from '../protocols/json.js'
import type { AwsService } from '../service.js'
import { checkBatch } from './batch.js'
import { describeLogGroups, describeLogStreams } from './describe.js'
import { filterLogEvents } from './filterLogEvents.js'
import { getLogEvents } from './getLogEvents.js'
import { groupName, groupOf, logEvents, streamName } from './fields.js'
import type { LogStore } from './store.js'

/** CloudWatch Logs over JSON 1.1: groups, streams, PutLogEvents with the real limits, and the reads. */
export function createLogsService(store: LogStore): AwsService {
  let sequence = 0
  const streamArn = (g: string, s: string) => `${store.groupArn(g)}:log-stream:${s}`
  const actions: Record<string, JsonAction> = {
    CreateLogGroup: action(
      (f) => ({ input: { group: groupName(f) } }),
      ({ group }, now) => {
        store.createGroup(group, now)
        return {}
      },
    ),
    CreateLogStream: action(
      (f) => ({ input: { group: groupName(f), stream: streamName(f) } }),
      ({ group, stream }, now) => {
        store.createStream(group, stream, now)
        return {}
      },
    ),
    PutLogEvents: action(
      (f) => ({ input: { group: groupName(f), stream: streamName(f), events: logEvents(f) } }),
      ({ group, stream, events }, now) => {
        const target = store.stream(group, stream)
        const { accepted, rejected } = checkBatch(events, now)
        store.append(target, accepted, now)
        const nextSequenceToken = String(++sequence).padStart(56, '0')
        return { nextSequenceToken, ...(rejected && { rejectedLogEventsInfo: rejected }) }
      },
    ),
    GetLogEvents: action(
      (f) => ({
        input: {
          group: groupOf(f),
          stream: streamName(f),
          startTime: f.integer('startTime', 0),
          endTime: f.integer('endTime', 0),
          nextToken: f.string('nextToken', { min: 1 }),
          limit: f.integer('limit', 1, 10_000),
          startFromHead: f.boolean('startFromHead'),
        },
      }),
      ({ group, stream, ...q }) => getLogEvents(store.stream(group, stream), q),
    ),
    FilterLogEvents: action(
      (f) => ({
        input: {
          group: groupOf(f),
          logStreamNames: f.strings('logStreamNames', 1, 100),
          logStreamNamePrefix: f.string('logStreamNamePrefix', { min: 1, max: 512 }),
          startTime: f.integer('startTime', 0),
          endTime: f.integer('endTime', 0),
          filterPattern: f.string('filterPattern', { max: 1024 }),
          nextToken: f.string('nextToken', { min: 1 }),
          limit: f.integer('limit', 1, 10_000),
        },
      }),
      ({ group, ...q }) => filterLogEvents(store.group(group), q),
    ),
    DescribeLogGroups: action(
      (f) => ({
        input: {
          logGroupNamePrefix: f.string('logGroupNamePrefix', { min: 1, max: 512 }),
          logGroupNamePattern: f.string('logGroupNamePattern', { max: 512 }),
          nextToken: f.string('nextToken', { min: 1 }),
          limit: f.integer('limit', 1, 50),
        },
      }),
      (q) => describeLogGroups(store, q),
    ),
    DescribeLogStreams: action(
      (f) => ({
        input: {
          group: groupOf(f),
          logStreamNamePrefix: f.string('logStreamNamePrefix', { min: 1, max: 512 }),
          orderBy: f.string('orderBy', {
            pattern: [/^(LogStreamName|LastEventTime)$/, '[LogStreamName, LastEventTime]'],
          }),
          descending: f.boolean('descending'),
          nextToken: f.string('nextToken', { min: 1 }),
          limit: f.integer('limit', 1, 50),
        },
      }),
      ({ group, ...q }) => describeLogStreams(store.group(group), q),
    ),
  }

  /** Names the resource for the call log and AccessDenied: the stream's ARN when there is one, else the group's. */
  function action<I extends object & { group?: string; stream?: string }>(
    parse: (f: JsonFields) => { input: I },
    run: (input: I, now: number) => object,
  ): JsonAction {
    const impl: JsonAction<I> = {
      parse(f) {
        const { input } = parse(f)
        const { group, stream } = input
        const resource =
          group === undefined ? undefined : stream === undefined ? store.groupArn(group) : streamArn(group, stream)
        return { input, ...(resource !== undefined && { resource }) }
      },
      run: (input, ctx) => run(input, ctx.now),
    }
    return impl
  }

  return createJsonService({
    name: 'logs',
    targetPrefix: 'Logs_20140328',
    validationCode: 'InvalidParameterException',
    actions,
  })
}
