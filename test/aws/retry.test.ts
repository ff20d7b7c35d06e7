import t from 'tap'
import { backoffDelay, isRetryableAwsError, withRetry } from '../../src/aws/retry.js'
import { stsError } from './fakes.js'

t.test(isRetryableAwsError.name, async (t) => {
  for (const name of ['Throttling', 'ThrottlingException', 'RequestLimitExceeded']) {
    t.ok(isRetryableAwsError(stsError(name, 400)), name)
  }
  t.ok(isRetryableAwsError(stsError('InternalFailure', 500)), '5xx')
  t.ok(isRetryableAwsError(stsError('ServiceUnavailable', 503)), '503')
  t.notOk(isRetryableAwsError(stsError('AccessDenied', 403)), 'AccessDenied')
  t.notOk(isRetryableAwsError(stsError('ValidationError', 400)), 'ValidationError')
  t.notOk(isRetryableAwsError(new Error('boom')), 'plain error')
  t.notOk(isRetryableAwsError('Throttling'), 'not an object')
})

t.test(backoffDelay.name, async (t) => {
  const opts = { baseDelayMs: 100, maxDelayMs: 1000 }
  t.equal(backoffDelay(0, { ...opts, random: () => 0 }), 50, 'half the ceiling at least')
  t.equal(backoffDelay(0, { ...opts, random: () => 0.999999 }), 100, 'the ceiling at most')
  t.equal(backoffDelay(2, { ...opts, random: () => 0 }), 200, 'ceiling doubles per attempt')
  t.equal(backoffDelay(10, { ...opts, random: () => 1 }), 1000, 'capped at maxDelayMs')
})

t.test(withRetry.name, async (t) => {
  const slept: number[] = []
  const opts = {
    maxAttempts: 3,
    baseDelayMs: 10,
    maxDelayMs: 100,
    random: () => 0.5,
    sleep: async (ms: number) => {
      slept.push(ms)
    },
  }
  let n = 0
  t.equal(await withRetry(async () => (++n < 3 ? Promise.reject(stsError('Throttling', 400)) : 'ok'), opts), 'ok')
  t.same(slept, [8, 15], 'two backoffs, growing')
  n = 0
  await t.rejects(
    withRetry(async () => Promise.reject(stsError('Throttling', 400, `#${++n}`)), opts),
    { message: '#3' },
  )
  t.equal(n, 3, 'bounded attempts')
  n = 0
  await t.rejects(
    withRetry(async () => Promise.reject(stsError('AccessDenied', 403, `#${++n}`)), opts),
    { message: '#1' },
  )
})
