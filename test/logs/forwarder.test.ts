import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import t from 'tap'
import { AwsLogsForwarder } from '../../src/logs/forwarder.js'
import type { LogsSender } from '../../src/aws/executionClients.js'
import { logsError } from './fakeLogs.js'
import { T0, line, setup } from './forwarderSetup.js'

t.test('the SDK client fits the seam', async (t) => {
  const client: LogsSender = new CloudWatchLogsClient({ region: 'eu-west-1' })
  t.ok(client)
})

t.test(`${AwsLogsForwarder.name}: close sends everything, in order, after creating the stream once`, async (t) => {
  const { fake, fwd } = setup()
  for (let i = 0; i < 5; i++) void fwd.push(...line(`line ${i}`, T0 + i))
  t.same(fake.calls, [], 'nothing sent before a tick, a full batch or close')
  t.same(await fwd.close(), { sent: 5, dropped: 0, rejected: 0 })
  t.same(
    fake.calls.map((c) => c.command),
    ['CreateLogStreamCommand', 'PutLogEventsCommand'],
  )
  t.same(fake.batches, [[0, 1, 2, 3, 4].map((i) => ({ timestamp: T0 + i, message: `line ${i}` }))])
  t.same(await fwd.close(), { sent: 5, dropped: 0, rejected: 0 }, 'close is idempotent')
  await fwd.push(...line('late'))
  t.equal(fake.count('PutLogEventsCommand'), 1, 'lines after close are not sent')
})

t.test(`${AwsLogsForwarder.name}: large volumes go out as soon as a request is full, within limits`, async (t) => {
  const { fake, fwd } = setup()
  const lines = Array.from({ length: 25_000 }, (_, i) => `${i} ${'x'.repeat(i % 300)}`)
  for (const [i, l] of lines.entries()) void fwd.push(...line(l, T0 + i))
  await new Promise((resolve) => setImmediate(resolve))
  t.ok(fake.count('PutLogEventsCommand') >= 1, 'a full request does not wait for the tick')
  t.same(await fwd.close(), { sent: 25_000, dropped: 0, rejected: 0 })
  t.same(fake.messages(), lines, 'every line once, in order (the fake refuses requests over the limits)')
  t.ok(fake.batches.length >= 4)
})

t.test(`${AwsLogsForwarder.name}: exactly once and in order under throttling and server errors`, async (t) => {
  const { fake, fwd, slept } = setup()
  const faults = [logsError('ThrottlingException', 400), logsError('InternalFailure', 500)]
  faults.push(logsError('ServiceUnavailableException', 503))
  // Of every four PutLogEvents calls three fail, so each batch is retried several times.
  fake.chaos = (command, n) => (command === 'PutLogEventsCommand' && n % 4 !== 0 ? faults[n % 3] : undefined)
  fake.failNext(2, 'ThrottlingException', 400) // CreateLogStream throttled too
  const lines = Array.from({ length: 30_000 }, (_, i) => `event ${i}`)
  for (const [i, l] of lines.entries()) void fwd.push(...line(l, T0 + i))
  t.same(await fwd.close(), { sent: 30_000, dropped: 0, rejected: 0 })
  t.same(fake.messages(), lines, 'nothing lost, nothing twice, nothing reordered')
  t.equal(fake.maxInFlight, 1, 'one request at a time')
  t.equal(fake.count('CreateLogStreamCommand'), 3)
  t.same(slept.slice(0, 2), [125, 250], 'backoff grows (random = 0: half the ceiling)')
})

t.test(`${AwsLogsForwarder.name}: a batch that cannot be delivered is dropped, counted and logged`, async (t) => {
  const { fake, fwd, log } = setup({ retry: { maxAttempts: 3, sleep: async () => {} } })
  void fwd.push(...line('SECRET-PAYLOAD one'))
  fake.chaos = (command, n) =>
    command === 'PutLogEventsCommand' && n <= 3 ? logsError('ThrottlingException', 400) : undefined
  await fwd.flush()
  t.equal(fake.count('PutLogEventsCommand'), 3, 'bounded attempts')
  fake.chaos = () => logsError('AccessDeniedException', 400)
  void fwd.push(...line('SECRET-PAYLOAD two'))
  await fwd.flush()
  t.equal(fake.count('PutLogEventsCommand'), 4, 'AccessDenied is not retried')
  fake.chaos = undefined
  void fwd.push(...line('three'))
  t.same(await fwd.close(), { sent: 1, dropped: 2, rejected: 0 })
  t.same(fake.messages(), ['three'])
  t.match(
    log.records().filter((r) => r.level === 50),
    [
      { code: 'ThrottlingException', status: 400, events: 1, msg: 'log events not delivered' },
      { code: 'AccessDeniedException', status: 400, events: 1 },
    ],
  )
  t.notMatch(log.raw(), /SECRET-PAYLOAD/, 'message contents are never logged')
})

t.test(`${AwsLogsForwarder.name}: multiline records become single events`, async (t) => {
  const { fake, fwd } = setup({ multiline: /^\d{4}-/ })
  const input = ['2030-01-01 boom', 'Error: x', '    at f', '2030-01-01 ok', 'trailing']
  for (const [i, l] of input.entries()) void fwd.push(...line(l, T0 + i))
  await fwd.close()
  t.same(fake.batches.flat(), [
    { timestamp: T0, message: '2030-01-01 boom\nError: x\n    at f\n' },
    { timestamp: T0 + 3, message: '2030-01-01 ok\ntrailing\n' },
  ])
})

t.test(`${AwsLogsForwarder.name}: a tick sends, and lets an old multiline record go`, async (t) => {
  let now = T0
  const { fake, fwd } = setup({ multiline: /^S/, flushIntervalMs: 10, now: () => now })
  void fwd.push(...line('S done', T0))
  void fwd.push(...line('S pending', T0))
  await until(() => fake.messages().length > 0)
  t.same(fake.messages(), ['S done\n'], 'the completed record went out on a tick without flush() or close()')
  await new Promise((resolve) => setTimeout(resolve, 30))
  t.same(fake.messages(), ['S done\n'], 'the pending record is younger than the interval (the clock stands still)')
  now = T0 + 10
  await until(() => fake.messages().length > 1)
  t.same(fake.messages(), ['S done\n', 'S pending\n'])
  await fwd.close()
})

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 5))
}

t.test(`${AwsLogsForwarder.name}: rejected events are counted and logged`, async (t) => {
  const { fake, fwd, log } = setup()
  for (let i = 0; i < 10; i++) void fwd.push(...line(`l${i}`, T0 + i))
  fake.rejectedNext = { tooOldLogEventEndIndex: 1, expiredLogEventEndIndex: 2, tooNewLogEventStartIndex: 8 }
  t.same(await fwd.close(), { sent: 5, dropped: 0, rejected: 5 })
  t.match(log.records(), [{ level: 40, tooOld: 2, expired: 3, tooNew: 2, total: 5 }])
})
