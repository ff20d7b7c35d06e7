import t from 'tap'
import { assumeRole } from '../../src/aws/assumeRole.js'
import { createStsClient } from '../../src/aws/clients.js'
import { EcrAuth } from '../../src/aws/ecrAuth.js'
import { loadEnvironmentFiles } from '../../src/aws/envFiles.js'
import { executionRoleClients } from '../../src/aws/executionClients.js'
import { repositoryCredentials } from '../../src/aws/repositoryCredentials.js'
import {
  backoffDelay,
  DEFAULT_RETRY,
  isConnectionError,
  isRetryableAwsError,
  withRetry,
  type RetryOptions,
} from '../../src/aws/retry.js'
import { fetchSsmParameters } from '../../src/aws/ssmParameters.js'
import { startLocalAws } from '../localaws/helpers.js'
import { stsError } from './fakes.js'

t.test(isRetryableAwsError.name, async (t) => {
  for (const name of ['Throttling', 'ThrottlingException', 'RequestLimitExceeded']) {
    t.ok(isRetryableAwsError(stsError(name, 400)), name)
  }
  t.ok(isRetryableAwsError(stsError('InternalFailure', 500)), '5xx')
  t.ok(isRetryableAwsError(stsError('ServiceUnavailable', 503)), '503')
  t.ok(isRetryableAwsError(stsError('SomethingElse', 429)), '429 whatever the code')
  t.ok(isRetryableAwsError(Object.assign(stsError('IDPCommunicationError', 400), { $retryable: {} })), '$retryable')
  t.notOk(isRetryableAwsError(stsError('AccessDenied', 403)), 'AccessDenied')
  t.notOk(isRetryableAwsError(stsError('ValidationError', 400)), 'ValidationError')
  t.notOk(isRetryableAwsError(new Error('boom')), 'plain error')
  t.notOk(isRetryableAwsError('Throttling'), 'not an object')
})

t.test(isConnectionError.name, async (t) => {
  const withCode = (code: string) => Object.assign(new Error(code), { code })
  for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']) {
    t.ok(isConnectionError(withCode(code)), code)
  }
  t.ok(isConnectionError(Object.assign(new Error('socket timeout'), { name: 'TimeoutError' })), 'TimeoutError')
  t.notOk(isConnectionError(withCode('ENOENT')), 'ENOENT')
  t.notOk(isConnectionError(stsError('ThrottlingException', 400)), 'an answer is not a connection error')
  t.notOk(isConnectionError(undefined))
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
  const reset = () => Object.assign(new Error(`reset #${++n}`), { code: 'ECONNRESET' })
  await t.rejects(
    withRetry(async () => Promise.reject(reset()), opts),
    { message: 'reset #3' },
  )
  n = 0
  await t.rejects(
    withRetry(async () => Promise.reject(stsError('AccessDenied', 403, `#${++n}`)), opts),
    { message: '#1' },
  )
})

t.test('the policy tolerates at least what the stacked loops did (4 of ours x the SDK 3, ~1-14 s)', async (t) => {
  t.equal(DEFAULT_RETRY.maxAttempts, 12)
  const waits = (random: number) =>
    Array.from({ length: DEFAULT_RETRY.maxAttempts - 1 }, (_, i) =>
      backoffDelay(i, { ...DEFAULT_RETRY, random: () => random }),
    )
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  t.equal(sum(waits(0)), 8875, 'the shortest a throttled call waits in all')
  t.equal(sum(waits(1)), 17750, 'the longest')
})

/**
 * Every AWS call an execution role or the vault makes, through the clients the daemon builds, against the local
 * AWS answering ThrottlingException (or 500) to the next N calls: the local AWS's call log counts every attempt
 * that reached it, the SDK's included.
 */
t.test('a throttled call is attempted exactly DEFAULT_RETRY.maxAttempts times in total', async (t) => {
  const aws = await startLocalAws(t, {
    seed: {
      secrets: [{ name: 'pull', value: '{"username":"u","password":"p"}' }],
      parameters: [{ name: '/app/p', value: 'v' }],
      objects: [{ bucket: 'bucket', key: 'app.env', body: 'A=1\n' }],
    },
  })
  const { local, endpoint } = aws
  const session = await aws.assume('arn:aws:iam::000000000000:role/exec')
  const clients = executionRoleClients(
    async () => ({
      roleArn: 'arn:aws:iam::000000000000:role/exec',
      accessKeyId: session.accessKeyId,
      secretAccessKey: session.secretAccessKey,
      sessionToken: session.sessionToken ?? '',
      expiration: new Date(Date.now() + 3_600_000),
    }),
    endpoint,
  )
  const sts = createStsClient({ region: local.region, credentials: local.rootCredentials, endpoint })
  t.teardown(() => sts.destroy())
  const retry: RetryOptions = { ...DEFAULT_RETRY, sleep: async () => {} }
  const region = local.region
  const calls: [service: string, action: string, call: () => Promise<unknown>][] = [
    [
      'sts',
      'AssumeRole',
      () =>
        assumeRole(
          sts,
          { roleArn: 'arn:aws:iam::000000000000:role/app', sessionName: 'retry-test', durationSeconds: 900 },
          retry,
        ),
    ],
    [
      'ecr',
      'GetAuthorizationToken',
      () =>
        new EcrAuth({ retry }).get(`000000000000.dkr.ecr.${region}.amazonaws.com`, region, clients.ecr(region), 'r'),
    ],
    ['secretsmanager', 'GetSecretValue', () => repositoryCredentials('pull', clients.secretsManager(region), retry)],
    ['ssm', 'GetParameters', () => fetchSsmParameters(region, ['/app/p'], clients.ssm(region), retry)],
    [
      's3',
      'GetObject',
      () => loadEnvironmentFiles([{ type: 's3', value: 'arn:aws:s3:::bucket/app.env' }], clients.s3(region), retry),
    ],
  ]
  const attempts = async (action: string, call: () => Promise<unknown>) => {
    const before = local.calls().filter((c) => c.action === action).length
    const outcome = await call().then(
      () => 'ok',
      (e: unknown) => e,
    )
    return { outcome, attempts: local.calls().filter((c) => c.action === action).length - before }
  }
  const max = DEFAULT_RETRY.maxAttempts
  for (const [service, action, call] of calls) {
    local.faults.inject({ service, action, count: max - 1, error: 'ThrottlingException' })
    t.strictSame(
      await attempts(action, call),
      { outcome: 'ok', attempts: max },
      `${action}: passes on the last attempt`,
    )

    local.faults.inject({ service, action, count: max, error: 'ThrottlingException' })
    const failed = await attempts(action, call)
    t.equal(failed.attempts, max, `${action}: throttled ${max} times, tried ${max} times`)
    t.match(failed.outcome, { message: /ThrottlingException/ }, `${action}: the throttling is reported`)
    t.strictSame(local.faults.pending(), [], `${action}: no attempt left unused or made beyond`)
  }
  local.faults.inject({ service: 'ssm', action: 'GetParameters', count: max, error: 'InternalServerError' })
  const failed = await attempts('GetParameters', () =>
    fetchSsmParameters(region, ['/app/p'], clients.ssm(region), retry),
  )
  t.equal(failed.attempts, max, `a 500 is tried ${max} times too`)
})
