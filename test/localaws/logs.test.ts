import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import t, { type Test } from 'tap'
import { startLocalAws } from './helpers.js'

const group = '/ecs/app'
const stream = 'ecs/web/task1'

async function withStream(t: Test) {
  const started = await startLocalAws(t)
  const logs = started.client(CloudWatchLogsClient)
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }))
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }))
  return { ...started, logs }
}

t.test('events put are read back in order, with ingestion time, page by page', async (t) => {
  const { logs, local } = await withStream(t)
  const now = Date.now()
  const logEvents = [1, 2, 3, 4, 5].map((i) => ({ timestamp: now - 100 + i, message: `line ${i}` }))
  const put = await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }))
  t.notOk(put.rejectedLogEventsInfo)
  const head = { logGroupName: group, logStreamName: stream, startFromHead: true, limit: 2 }
  const first = await logs.send(new GetLogEventsCommand(head))
  t.same(
    first.events?.map((e) => e.message),
    ['line 1', 'line 2'],
  )
  t.ok((first.events?.[0]?.ingestionTime ?? 0) >= now, 'ingestion time recorded')
  const second = await logs.send(new GetLogEventsCommand({ ...head, nextToken: first.nextForwardToken }))
  t.same(
    second.events?.map((e) => e.message),
    ['line 3', 'line 4'],
  )
  const third = await logs.send(new GetLogEventsCommand({ ...head, nextToken: second.nextForwardToken }))
  const end = await logs.send(new GetLogEventsCommand({ ...head, nextToken: third.nextForwardToken }))
  t.same(end.events, [])
  t.equal(end.nextForwardToken, third.nextForwardToken, 'the forward token stays put at the end')
  // the default reads back from the tail
  const tail = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 2 }))
  t.same(
    tail.events?.map((e) => e.message),
    ['line 4', 'line 5'],
  )
  t.same(
    local.logs.events(group).map((e) => e.message),
    logEvents.map((e) => e.message),
  )
  t.same(local.logs.streams(group), [stream])
})

t.test('DescribeLogGroups, DescribeLogStreams and FilterLogEvents', async (t) => {
  const { logs } = await withStream(t)
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'ecs/worker/task1' }))
  const now = Date.now()
  const put = (logStreamName: string, message: string, timestamp: number) =>
    logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName, logEvents: [{ timestamp, message }] }))
  await put(stream, 'GET /health 200', now - 3)
  await put('ecs/worker/task1', 'job failed: timeout', now - 2)
  await put(stream, 'GET /orders 500 failed', now - 1)

  const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs' }))
  t.match(groups.logGroups, [{ logGroupName: group, arn: `arn:aws:logs:us-east-1:000000000000:log-group:${group}:*` }])
  const streams = await logs.send(
    new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: 'ecs/web' }),
  )
  t.match(streams.logStreams, [{ logStreamName: stream, firstEventTimestamp: now - 3, lastEventTimestamp: now - 1 }])
  t.equal(streams.logStreams?.length, 1)

  const failed = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'failed' }))
  t.same(
    failed.events?.map((e) => [e.logStreamName, e.message]),
    [
      ['ecs/worker/task1', 'job failed: timeout'],
      [stream, 'GET /orders 500 failed'],
    ],
  )
  const phrase = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: '"GET /" -500' }))
  t.same(
    phrase.events?.map((e) => e.message),
    ['GET /health 200'],
  )
  const paged = await logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 2 }))
  const rest = await logs.send(new FilterLogEventsCommand({ logGroupName: group, nextToken: paged.nextToken }))
  t.same(
    rest.events?.map((e) => e.message),
    ['GET /orders 500 failed'],
  )
  t.notOk(rest.nextToken)
})

t.test('unknown groups and streams, and duplicates, fail as in AWS', async (t) => {
  const { logs } = await withStream(t)
  await t.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: group })), {
    name: 'ResourceAlreadyExistsException',
    $metadata: { httpStatusCode: 400 },
  })
  await t.rejects(logs.send(new CreateLogStreamCommand({ logGroupName: 'nope', logStreamName: 's' })), {
    name: 'ResourceNotFoundException',
    message: 'The specified log group does not exist.',
  })
  const logEvents = [{ timestamp: Date.now(), message: 'x' }]
  await t.rejects(logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: 'nope', logEvents })), {
    name: 'ResourceNotFoundException',
    message: 'The specified log stream does not exist.',
    $metadata: { httpStatusCode: 400 },
  })
  await t.rejects(logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'a:b' })), {
    name: 'InvalidParameterException',
    message: /Value 'a:b' at 'logStreamName' failed to satisfy constraint: Member must satisfy regular expression/,
  })
})
