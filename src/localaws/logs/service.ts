import type { Accounts } from '../accounts.js'
import type { Scope } from '../arn.js'
import type { JsonFields } from '../protocols/jsonFields.js'
import { createJsonService, type JsonAction } from '../protocols/json.js'
import type { AwsService } from '../service.js'
import { checkBatch } from './batch.js'
import { describeLogGroups, describeLogStreams } from './describe.js'
import { filterLogEvents } from './filterLogEvents.js'
import { getLogEvents } from './getLogEvents.js'
import { groupName, groupOf, logEvents, streamName } from './fields.js'
import type { LogStore } from './store.js'

/** What a Logs call names: a group (in the caller's account unless given by ARN) and maybe a stream. */
interface Names {
  group?: string
  scope?: Scope
  stream?: string
}

/** CloudWatch Logs over JSON 1.1: groups, streams, PutLogEvents with the real limits, and the reads. */
export function createLogsService(accounts: Accounts): AwsService {
  let sequence = 0
  const actions: Record<string, JsonAction> = {
    CreateLogGroup: action(
      (f) => ({ input: { group: groupName(f) } }),
      ({ group }, now, store) => {
        store.createGroup(group, now)
        return {}
      },
    ),
    CreateLogStream: action(
      (f) => ({ input: { group: groupName(f), stream: streamName(f) } }),
      ({ group, stream }, now, store) => {
        store.createStream(group, stream, now)
        return {}
      },
    ),
    PutLogEvents: action(
      (f) => ({ input: { group: groupName(f), stream: streamName(f), events: logEvents(f) } }),
      ({ group, stream, events }, now, store) => {
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
          ...groupOf(f),
          stream: streamName(f),
          startTime: f.integer('startTime', 0),
          endTime: f.integer('endTime', 0),
          nextToken: f.string('nextToken', { min: 1 }),
          limit: f.integer('limit', 1, 10_000),
          startFromHead: f.boolean('startFromHead'),
        },
      }),
      ({ group, stream, scope: _scope, ...q }, _now, store) => getLogEvents(store.stream(group, stream), q),
    ),
    FilterLogEvents: action(
      (f) => ({
        input: {
          ...groupOf(f),
          logStreamNames: f.strings('logStreamNames', 1, 100),
          logStreamNamePrefix: f.string('logStreamNamePrefix', { min: 1, max: 512 }),
          startTime: f.integer('startTime', 0),
          endTime: f.integer('endTime', 0),
          filterPattern: f.string('filterPattern', { max: 1024 }),
          nextToken: f.string('nextToken', { min: 1 }),
          limit: f.integer('limit', 1, 10_000),
        },
      }),
      ({ group, scope: _scope, ...q }, _now, store) => filterLogEvents(store.group(group), q),
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
      (q, _now, store) => describeLogGroups(store, q),
    ),
    DescribeLogStreams: action(
      (f) => ({
        input: {
          ...groupOf(f),
          logStreamNamePrefix: f.string('logStreamNamePrefix', { min: 1, max: 512 }),
          orderBy: f.string('orderBy', {
            pattern: [/^(LogStreamName|LastEventTime)$/, '[LogStreamName, LastEventTime]'],
          }),
          descending: f.boolean('descending'),
          nextToken: f.string('nextToken', { min: 1 }),
          limit: f.integer('limit', 1, 50),
        },
      }),
      ({ group, scope: _scope, ...q }, _now, store) => describeLogStreams(store.group(group), q),
    ),
  }

  /**
   * The resource CloudWatch Logs authorises, as its AccessDenied messages show it: the stream's ARN for stream
   * calls, `log-group:<name>:log-stream:` for group calls (so `log-group:<name>:*` covers both), and
   * `log-group::log-stream:` for DescribeLogGroups.
   */
  function action<I extends object & Names>(
    parse: (f: JsonFields) => { input: I },
    run: (input: I, now: number, store: LogStore) => object,
  ): JsonAction {
    const impl: JsonAction<I> = {
      parse(f) {
        const { input } = parse(f)
        const target = (caller: Scope) => {
          const store = accounts.get(input.scope ?? caller).logs
          return { resource: `${store.groupArn(input.group ?? '')}:log-stream:${input.stream ?? ''}` }
        }
        return { input, target }
      },
      run: (input, ctx) => run(input, ctx.now, accounts.get(input.scope ?? ctx.scope).logs),
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
