import t from 'tap'
import { parseTaskMetadataRateLimit } from '../../src/config.js'
import { DEFAULT_RATE_LIMIT, TokenBuckets } from '../../src/endpoints/rateLimit.js'
import { appFor, CREDS_ID, memoryLog, OTHER_IP, registryWith, task, TASK_IP } from './fixtures.js'

/** A clock the test moves by hand: no sleeping, no timed assertions. */
function manualClock(start = Date.parse('2026-11-28T04:00:00Z')) {
  let ms = start
  return { now: () => new Date(ms), advance: (by: number) => void (ms += by) }
}

t.test('100 requests in a burst from one address: the first 60 answer 200, the rest 429', async (t) => {
  const clock = manualClock()
  const registry = registryWith(task())
  registry.bindAddress(task().arn, OTHER_IP) // a second container of the same task
  const app = appFor(registry, memoryLog('info').logger, { now: clock.now })
  const get = (url: string, remoteAddress = TASK_IP) => app.inject({ method: 'GET', url, remoteAddress })
  const codes: number[] = []
  for (let i = 0; i < 100; i++) codes.push((await get('/v4/eid-app')).statusCode)
  t.strictSame(codes.slice(0, 60), Array(60).fill(200))
  t.strictSame(codes.slice(60), Array(40).fill(429))

  const limited = await get('/v4/eid-app')
  t.equal(limited.body, 'You have reached maximum request limit.', "tollbooth's message")
  t.equal(limited.headers['content-type'], 'text/plain; charset=utf-8')
  t.equal(limited.headers['x-rate-limit-limit'], '40.00')
  t.equal(limited.headers['x-rate-limit-duration'], '1')

  t.equal((await get('/v4/eid-app/task')).statusCode, 200, 'another path has its own bucket')
  t.equal((await get(`/v2/credentials/${CREDS_ID}`)).statusCode, 200, 'credentials too')
  t.equal((await get('/v4/eid-app', OTHER_IP)).statusCode, 200, 'another address has its own bucket')
  t.equal((await get('/v4/eid-app?x=1')).statusCode, 429, 'the query is not part of the key')

  // Refill at the steady rate, 40 a second: 25 ms gives one token, 1.5 s gives 60 (the burst, not more).
  clock.advance(24)
  t.equal((await get('/v4/eid-app')).statusCode, 429, 'not yet a whole token')
  clock.advance(1)
  t.equal((await get('/v4/eid-app')).statusCode, 200, 'one token after 25 ms')
  t.equal((await get('/v4/eid-app')).statusCode, 429, 'and only one')
  clock.advance(10_000)
  const after: number[] = []
  for (let i = 0; i < 61; i++) after.push((await get('/v4/eid-app')).statusCode)
  t.equal(after.filter((c) => c === 200).length, 60, 'refilled to the burst and no further')
})

t.test('every route is limited, unknown paths included, as the agent limits its whole router', async (t) => {
  const app = appFor(registryWith(task()), memoryLog('info').logger, { rateLimit: { steady: 1, burst: 2 } })
  for (const url of ['/nothing/here', `/v2/credentials/${CREDS_ID}`, '/v2/metadata', '/api/eid-app/x']) {
    const codes: number[] = []
    for (let i = 0; i < 3; i++) codes.push((await app.inject({ url, remoteAddress: TASK_IP })).statusCode)
    t.equal(codes[2], 429, url)
  }
})

t.test('refusals over the limit are counted, not logged one by one', async (t) => {
  const log = memoryLog('info')
  const app = appFor(registryWith(task()), log.logger, { rateLimit: { steady: 1, burst: 1 } })
  for (let i = 0; i < 50; i++) await app.inject({ url: `/v2/credentials/${CREDS_ID}`, remoteAddress: TASK_IP })
  t.equal(log.lines.length, 1, 'the first refusal only')
  t.match(JSON.parse(log.lines[0] as string), { code: 'TooManyRequests', path: '/v2/credentials/[redacted]' })
  t.notOk(log.lines[0]?.includes(CREDS_ID), 'no credentials id in the line')
})

t.test(`${TokenBuckets.name}: tollbooth's token bucket per key`, async (t) => {
  let ms = 0
  const buckets = new TokenBuckets({ steady: 2, burst: 3 }, () => ms)
  t.strictSame(
    [1, 2, 3, 4].map(() => buckets.take('a')),
    [true, true, true, false],
    'a new bucket is full',
  )
  t.ok(buckets.take('b'), 'keys apart')
  ms = 499
  t.notOk(buckets.take('a'), 'half a second gives 2 x 0.499 tokens: not one')
  ms = 500
  t.ok(buckets.take('a'))
  t.strictSame(DEFAULT_RATE_LIMIT, { steady: 40, burst: 60 }, 'the agent’s default')
})

t.test(`${parseTaskMetadataRateLimit.name}: ECS_TASK_METADATA_RPS_LIMIT as the agent parses it`, async (t) => {
  t.strictSame(parseTaskMetadataRateLimit(undefined), { steady: 40, burst: 60 }, 'unset: defaults, no warning')
  t.strictSame(parseTaskMetadataRateLimit(''), { steady: 40, burst: 60 })
  t.strictSame(parseTaskMetadataRateLimit('100,150'), { steady: 100, burst: 150 })
  t.strictSame(parseTaskMetadataRateLimit(' 5 , +7 '), { steady: 5, burst: 7 }, 'trimmed; Atoi takes a sign')
  for (const bad of ['100', '1,2,3', 'a,60', '40,b', '1.5,60', '0,60', '40,-1', '40,']) {
    const r = parseTaskMetadataRateLimit(bad)
    t.match(r, { steady: 40, burst: 60, warning: /ECS_TASK_METADATA_RPS_LIMIT|rate limits/ }, bad)
    t.match(r.warning, JSON.stringify(bad), `${bad}: the warning quotes the value`)
  }
})

t.test(`${TokenBuckets.name}: forgetting full buckets changes nothing a caller sees`, async (t) => {
  let ms = 0
  const buckets = new TokenBuckets({ steady: 1, burst: 2 }, () => ms)
  t.ok(buckets.take('busy') && buckets.take('busy'))
  for (let i = 0; i < 10_001; i++) buckets.take(`k${i}`) // past the sweep threshold
  t.notOk(buckets.take('busy'), 'a drained bucket is kept, not forgotten')
  ms = 5000
  for (let i = 0; i < 10_001; i++) buckets.take(`n${i}`)
  t.ok(buckets.take('busy') && buckets.take('busy'), 'a refilled one behaves as new')
})
