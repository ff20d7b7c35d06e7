import t from 'tap'
import {
  EVENT_OVERHEAD_BYTES,
  MAX_BATCH_BYTES_WITH_OVERHEAD,
  MAX_BATCH_EVENTS,
  MAX_BATCH_SPAN_MS,
  MAX_EVENT_MESSAGE_BYTES,
} from '../../src/model/cloudWatchLogsLimits.js'
import { holdsFullBatch, splitEvent, takeBatch, toBatches, type LogEvent } from '../../src/logs/batcher.js'
import { checkBatch } from '../../src/localaws/logs/batch.js'
import { batchProblems } from './fakeLogs.js'

const T0 = Date.parse('2030-01-01T00:00:00Z')
const events = (n: number, message = 'x', step = 0): LogEvent[] =>
  Array.from({ length: n }, (_, i) => ({ timestamp: T0 + i * step, message }))

t.test(`${toBatches.name}: at most 10,000 events per request`, async (t) => {
  const batches = toBatches(events(25_001))
  t.same(
    batches.map((b) => b.length),
    [MAX_BATCH_EVENTS, MAX_BATCH_EVENTS, 5001],
  )
  t.same(batches.flatMap(batchProblems), [])
})

t.test(`${toBatches.name}: at most 1,048,576 bytes counting 26 per event`, async (t) => {
  // 1000-byte messages: 1026 each with the overhead, so 1022 fit (1,048,572) and the 1023rd does not.
  const batches = toBatches(events(2000, 'a'.repeat(1000)))
  t.equal(batches[0]!.length, 1022)
  t.equal(
    Math.floor(MAX_BATCH_BYTES_WITH_OVERHEAD / (1000 + EVENT_OVERHEAD_BYTES)),
    1022,
    'the limit the count comes from',
  )
  t.equal(batches[1]!.length, 978)
  // Without the overhead 1048 would have fitted: prove the 26 is counted.
  t.ok(1048 * 1000 <= MAX_BATCH_BYTES_WITH_OVERHEAD)
  t.same(batches.flatMap(batchProblems), [])
})

t.test(`${toBatches.name}: a request spans less than 24 h`, async (t) => {
  const hour = 3_600_000
  const batches = toBatches(events(30, 'x', hour))
  t.same(
    batches.map((b) => b.length),
    [24, 6],
    'events 0..23 h fit; 24 h after the first starts a new request',
  )
  for (const b of batches) t.ok(b.at(-1)!.timestamp - b[0]!.timestamp < MAX_BATCH_SPAN_MS)
})

t.test(`${takeBatch.name}: sorts by timestamp, ties in arrival order, and reports what it took`, async (t) => {
  const queue = [
    { timestamp: 3, message: 'c', bytes: 1 },
    { timestamp: 1, message: 'a1', bytes: 2 },
    { timestamp: 1, message: 'a2', bytes: 2 },
    { timestamp: 2, message: 'b', bytes: 1 },
  ]
  const batch = takeBatch(queue)
  t.same(
    batch.events.map((e) => e.message),
    ['a1', 'a2', 'b', 'c'],
  )
  t.equal(batch.taken, 4)
  t.equal(batch.bytes, 6)
  t.same(Object.keys(batch.events[0]!).sort(), ['message', 'timestamp'], 'only what PutLogEvents takes')
  t.equal(queue[0]!.message, 'c', 'the queue itself is left as it was')
})

t.test(`${splitEvent.name}: a message over 256 KiB - 26 bytes becomes several events`, async (t) => {
  const message = 'a'.repeat(MAX_EVENT_MESSAGE_BYTES * 2 + 10)
  const parts = splitEvent({ timestamp: T0, message })
  t.same(
    parts.map((p) => p.bytes),
    [MAX_EVENT_MESSAGE_BYTES, MAX_EVENT_MESSAGE_BYTES, 10],
  )
  t.equal(parts.map((p) => p.message).join(''), message)
  t.ok(parts.every((p) => p.timestamp === T0))
})

t.test(`${splitEvent.name}: cuts only between characters (2-, 3- and 4-byte UTF-8)`, async (t) => {
  for (const ch of ['é', '€', '😀']) {
    const message = 'a' + ch.repeat(MAX_EVENT_MESSAGE_BYTES) // offset by one byte so cuts fall mid-character
    const parts = splitEvent({ timestamp: T0, message })
    t.equal(parts.map((p) => p.message).join(''), message, `${ch}: nothing lost or mangled`)
    for (const [i, p] of parts.entries()) {
      t.equal(Buffer.byteLength(p.message), p.bytes)
      const full = i < parts.length - 1 // every part but the last is as full as a whole character allows
      t.ok(
        p.bytes <= MAX_EVENT_MESSAGE_BYTES && (!full || p.bytes > MAX_EVENT_MESSAGE_BYTES - 4),
        `${ch}: ${p.bytes} bytes`,
      )
      t.notOk(p.message.includes('\uFFFD'), `${ch}: no replacement characters`)
    }
  }
})

t.test(`${splitEvent.name}: small and empty messages`, async (t) => {
  t.same(splitEvent({ timestamp: 1, message: 'hé' }), [{ timestamp: 1, message: 'hé', bytes: 3 }])
  t.same(splitEvent({ timestamp: 1, message: '' }), [], 'PutLogEvents refuses empty messages')
})

t.test(`${toBatches.name}: split parts of one big line never exceed a request`, async (t) => {
  const big = { timestamp: T0, message: '€'.repeat(MAX_EVENT_MESSAGE_BYTES) } // ~768 KiB, 4 events
  const batches = toBatches([big, big])
  t.same(batches.flatMap(batchProblems), [])
  t.equal(
    batches
      .flat()
      .map((e) => e.message)
      .join(''),
    big.message + big.message,
  )
})

t.test(`${holdsFullBatch.name}`, async (t) => {
  t.notOk(holdsFullBatch(9999, 0))
  t.ok(holdsFullBatch(10_000, 0))
  t.ok(holdsFullBatch(1, MAX_BATCH_BYTES_WITH_OVERHEAD - EVENT_OVERHEAD_BYTES))
  t.notOk(holdsFullBatch(1, MAX_BATCH_BYTES_WITH_OVERHEAD - EVENT_OVERHEAD_BYTES - 1))
})

t.test('what the forwarder cuts is what the local CloudWatch Logs accepts, to the byte', async (t) => {
  // Four full events make exactly 1 MiB with their overhead: both sides must agree on every limit to pass.
  const queue = splitEvent({ timestamp: T0, message: 'a'.repeat(5 * MAX_EVENT_MESSAGE_BYTES) })
  const batch = takeBatch(queue)
  t.equal(batch.taken, 4)
  t.equal(batch.bytes + batch.taken * EVENT_OVERHEAD_BYTES, MAX_BATCH_BYTES_WITH_OVERHEAD)
  t.strictSame(checkBatch(batch.events, T0), { accepted: batch.events })
  const oneMore = [{ timestamp: T0, message: 'a'.repeat(MAX_EVENT_MESSAGE_BYTES + 1) }]
  t.throws(() => checkBatch(oneMore, T0), { message: /^Log event too large: 262145 bytes/ })
  const overBatch = [...batch.events, { timestamp: T0, message: 'a' }]
  t.throws(() => checkBatch(overBatch, T0), { message: /^Upload too large/ })
})
