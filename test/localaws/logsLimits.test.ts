import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  type InputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs'
import t, { type Test } from 'tap'
import { startLocalAws } from './helpers.js'

const HOUR = 3600_000

async function putter(t: Test) {
  const { client, local } = await startLocalAws(t)
  const logs = client(CloudWatchLogsClient)
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'g' }))
  await logs.send(new CreateLogStreamCommand({ logGroupName: 'g', logStreamName: 's' }))
  const put = (logEvents: InputLogEvent[]) =>
    logs.send(new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 's', logEvents }))
  return { put, stored: () => local.logs.events('g', 's') }
}

const invalid = (message: RegExp | string) => ({
  name: 'InvalidParameterException',
  message,
  $metadata: { httpStatusCode: 400 },
})

t.test('at most 10,000 events per batch', async (t) => {
  const { put, stored } = await putter(t)
  const now = Date.now()
  const events = (n: number) => Array.from({ length: n }, () => ({ timestamp: now, message: 'x' }))
  await t.rejects(put(events(10_001)), invalid(/Member must have length less than or equal to 10000/))
  t.equal(stored().length, 0, 'nothing of a refused batch is kept')
  await put(events(10_000))
  t.equal(stored().length, 10_000)
})

t.test('at most 1,048,576 bytes per batch, counting 26 bytes per event', async (t) => {
  const { put } = await putter(t)
  const now = Date.now()
  // 4 events of 262,118 bytes + 26 = 1,048,576 exactly: accepted; one byte more is refused
  const message = 'a'.repeat(262_118)
  await put(Array.from({ length: 4 }, () => ({ timestamp: now, message })))
  const over = [...Array.from({ length: 4 }, () => ({ timestamp: now, message })), { timestamp: now, message: 'b' }]
  await t.rejects(put(over), invalid('Upload too large: 1048603 bytes exceeds limit of 1048576'))
  // multi-byte characters count in UTF-8 bytes
  await t.rejects(
    put([{ timestamp: now, message: 'é'.repeat(131_060) }]),
    invalid('Log event too large: 262146 bytes exceeds limit of 262144'),
  )
})

t.test('events must be in chronological order and span at most 24 hours', async (t) => {
  const { put, stored } = await putter(t)
  const now = Date.now()
  await t.rejects(
    put([
      { timestamp: now, message: 'second' },
      { timestamp: now - 1, message: 'first' },
    ]),
    invalid('Log events in a single PutLogEvents request must be in chronological order.'),
  )
  await t.rejects(
    put([
      { timestamp: now - 25 * HOUR, message: 'a' },
      { timestamp: now, message: 'b' },
    ]),
    invalid('The batch of log events in a single PutLogEvents request cannot span more than 24 hours.'),
  )
  t.same(stored(), [])
})

t.test('events over 14 days old or 2 hours ahead are rejected, the rest kept', async (t) => {
  const { put, stored } = await putter(t)
  const now = Date.now()
  const out = await put([
    { timestamp: now - 14 * 24 * HOUR - 2 * HOUR, message: 'too old 1' },
    { timestamp: now - 14 * 24 * HOUR - HOUR, message: 'too old 2' },
    { timestamp: now - 14 * 24 * HOUR + HOUR, message: 'kept' },
    { timestamp: now - 14 * 24 * HOUR + 20 * HOUR, message: 'kept too' },
  ])
  t.same(out.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 2 })
  t.same(
    stored().map((e) => e.message),
    ['kept', 'kept too'],
  )
  const ahead = await put([
    { timestamp: now + HOUR, message: 'soon' },
    { timestamp: now + 3 * HOUR, message: 'too new' },
  ])
  t.same(ahead.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 1 })
  t.equal(stored().at(-1)?.message, 'soon')
})
