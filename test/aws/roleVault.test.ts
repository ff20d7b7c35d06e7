import { Writable } from 'node:stream'
import t from 'tap'
import type { RoleCredentials } from '../../src/model/credentials.js'
import { RoleVault, renewalMargin, type RoleVaultOptions, type VaultKey } from '../../src/aws/roleVault.js'
import { roleSessionName } from '../../src/aws/sessionName.js'
import { createLogger } from '../../src/log.js'
import { FakeScheduler, FakeSts, settle, stsError } from './fakes.js'

const ROLE = 'arn:aws:iam::111122223333:role/app-task'
const TASK = '0123456789abcdef0123456789abcdef'
const KEY: VaultKey = { taskId: TASK, roleArn: ROLE }
const SESSION = roleSessionName(TASK)
const MIN = 60_000

function setup(opts: RoleVaultOptions = {}) {
  const clock = new FakeScheduler()
  const sts = new FakeSts(clock)
  const slept: number[] = []
  const retry = { sleep: async (ms: number) => void slept.push(ms), random: () => 0.5, ...opts.retry }
  const vault = new RoleVault(sts, { scheduler: clock, ...opts, retry })
  return { clock, sts, vault, slept }
}

t.test(renewalMargin.name, async (t) => {
  t.equal(renewalMargin(60 * MIN), 15 * MIN, '1 h session: 15 min, as botocore')
  t.equal(renewalMargin(30 * MIN), 15 * MIN)
  t.equal(renewalMargin(2 * MIN), 1 * MIN, 'short session: half its life')
})

t.test('assumes the role with the task session name and default duration', async (t) => {
  const { sts, vault } = setup()
  const creds = await vault.get(KEY, SESSION)
  t.same(sts.calls, [
    {
      command: 'AssumeRoleCommand',
      input: { RoleArn: ROLE, RoleSessionName: `ecs-local-${TASK}`, DurationSeconds: 3600 },
    },
  ])
  t.match(creds, { roleArn: ROLE, accessKeyId: 'ASIAFAKE1', secretAccessKey: 'SECRET-1', sessionToken: 'TOKEN-1' })
  t.ok(creds.expiration instanceof Date)
})

t.test('session name passed in is made valid; duration configurable', async (t) => {
  const { sts, vault } = setup({ durationSeconds: 900 })
  await vault.get(KEY, `ecs-local-${'a/'.repeat(40)}`)
  t.match(sts.calls[0]?.input, { RoleSessionName: /^ecs-local-[\w+=,.@-]{54}$/, DurationSeconds: 900 })
})

t.test('caches per (task, role)', async (t) => {
  const { sts, vault } = setup()
  const a = await vault.get(KEY, SESSION)
  t.equal(await vault.get(KEY, SESSION), a, 'same task and role: cached')
  t.equal(sts.assumeCalls(), 1)
  await vault.get({ taskId: 'other', roleArn: ROLE }, 'ecs-local-other')
  await vault.get({ taskId: TASK, roleArn: 'arn:aws:iam::111122223333:role/exec' }, SESSION)
  t.equal(sts.assumeCalls(), 3, 'another task or another role: its own session')
})

t.test('single flight: 10 concurrent gets share one AssumeRole', async (t) => {
  const { sts, vault } = setup()
  const all = await Promise.all(Array.from({ length: 10 }, () => vault.get(KEY, SESSION)))
  t.equal(sts.assumeCalls(), 1)
  t.ok(all.every((c) => c === all[0]))
})

t.test('serves cached credentials only while more than the margin is left', async (t) => {
  for (const [durationSeconds, margin] of [
    [3600, 15 * MIN],
    [120, 1 * MIN],
  ] as const) {
    const { clock, sts, vault } = setup({ durationSeconds })
    const first = await vault.get(KEY, SESSION)
    clock.t = first.expiration.getTime() - margin - 1000 // moved without firing the renewal timer
    t.equal(await vault.get(KEY, SESSION), first, `${durationSeconds}s: served with margin + 1 s left`)
    clock.t = first.expiration.getTime() - margin
    const second = await vault.get(KEY, SESSION)
    t.not(second, first, `${durationSeconds}s: renewed with only the margin left`)
    t.equal(sts.assumeCalls(), 2)
  }
})

t.test('renews in the background before the margin and reports through onRenew', async (t) => {
  const renewed: [VaultKey, RoleCredentials][] = []
  const { clock, sts, vault } = setup({ durationSeconds: 120, onRenew: (k, c) => void renewed.push([k, c]) })
  const first = await vault.get(KEY, SESSION)
  t.equal(clock.pending(), 1, 'one timer per key')
  await clock.advance(29_000)
  t.equal(sts.assumeCalls(), 1, 'not yet')
  await clock.advance(1_000) // 2 min session: margin 60 s, renewal 30 s before that
  t.equal(sts.assumeCalls(), 2, 'renewed at 30 s')
  t.equal(renewed.length, 1)
  t.same(renewed[0]?.[0], KEY)
  t.equal(renewed[0]?.[1].accessKeyId, 'ASIAFAKE2')
  t.ok(first.expiration.getTime() - clock.now() > renewalMargin(120_000), 'before the old ones went stale')
  t.equal((await vault.get(KEY, SESSION)).accessKeyId, 'ASIAFAKE2', 'get serves the renewed credentials')
  t.equal(clock.pending(), 1, 'next renewal scheduled')
  await clock.advance(30_000)
  t.equal(renewed.length, 2, 'and so on')
  vault.close()
})

t.test('a failed background renewal keeps the old credentials and tries again', async (t) => {
  const { clock, sts, vault } = setup({ durationSeconds: 3600, retry: { maxAttempts: 1 } })
  const first = await vault.get(KEY, SESSION)
  const ok = sts.assume
  sts.assume = () => Promise.reject(stsError('InternalFailure', 500))
  await clock.advance(37.5 * MIN)
  t.equal(sts.assumeCalls(), 2, 'renewal attempted')
  t.equal(await vault.get(KEY, SESSION), first, 'old credentials still served inside their window')
  sts.assume = ok
  await clock.advance(30_000)
  t.equal(sts.assumeCalls(), 3, 'tried again')
  t.not(await vault.get(KEY, SESSION), first)
})

t.test('onRenew failures are contained', async (t) => {
  const { clock, sts, vault } = setup({
    durationSeconds: 120,
    onRenew: () => {
      throw new Error('registry gone')
    },
  })
  await vault.get(KEY, SESSION)
  await clock.advance(30_000)
  t.equal(sts.assumeCalls(), 2)
  t.equal(clock.pending(), 1, 'renewal cycle continues')
})

t.test('retries throttling with backoff, then succeeds', async (t) => {
  const { sts, vault, slept } = setup()
  const ok = sts.assume
  sts.assume = (input, n) =>
    n === 1
      ? Promise.reject(stsError('Throttling', 400, 'Rate exceeded'))
      : n === 2
        ? Promise.reject(stsError('ServiceUnavailable', 503))
        : ok(input, n)
  const creds = await vault.get(KEY, SESSION)
  t.equal(creds.accessKeyId, 'ASIAFAKE3')
  t.equal(slept.length, 2)
  t.ok(slept[1]! > slept[0]!, 'backoff grows')
})

t.test('throttling without end gives up after bounded attempts, cause kept', async (t) => {
  const { sts, vault } = setup({ retry: { maxAttempts: 3 } })
  const throttled = stsError('Throttling', 400, 'Rate exceeded')
  sts.assume = () => Promise.reject(throttled)
  const err = await vault.get(KEY, SESSION).catch((e: unknown) => e)
  t.equal(sts.assumeCalls(), 3)
  t.match(err, { code: 'ECSL_ERR_ASSUME_ROLE', message: `cannot assume role ${ROLE}: Throttling: Rate exceeded` })
  t.equal((err as Error).cause, throttled)
})

t.test('a non-retryable error surfaces at once with its cause', async (t) => {
  const { sts, vault } = setup()
  const invalid = stsError('ValidationError', 400, 'DurationSeconds exceeds the 1 hour session limit')
  sts.assume = () => Promise.reject(invalid)
  const err = await vault.get(KEY, SESSION).catch((e: unknown) => e)
  t.equal(sts.assumeCalls(), 1)
  t.match(err, { code: 'ECSL_ERR_ASSUME_ROLE', message: /ValidationError: DurationSeconds exceeds/ })
  t.equal((err as Error).cause, invalid)
  sts.assume = new FakeSts(sts.clock).assume
  await vault.get(KEY, SESSION)
  t.equal(sts.assumeCalls(), 2, 'a failure is not cached')
})

t.test('AccessDenied names the caller and the trust statement to add', async (t) => {
  const { sts, vault } = setup()
  const denied = stsError('AccessDenied', 403, `User: ${sts.callerArn} is not authorized to perform: sts:AssumeRole`)
  sts.assume = () => Promise.reject(denied)
  const err = (await vault.get(KEY, SESSION).catch((e: unknown) => e)) as Error & { code: string }
  t.equal(err.code, 'ECSL_ERR_ASSUME_ROLE')
  t.equal(err.cause, denied)
  t.same(
    sts.calls.map((c) => c.command),
    ['AssumeRoleCommand', 'GetCallerIdentityCommand'],
    'not retried; caller looked up',
  )
  t.match(err.message, 'The caller is arn:aws:sts::111122223333:assumed-role/Developer/alice')
  t.match(
    err.message,
    '{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/Developer"},"Action":"sts:AssumeRole"}',
  )
})

t.test('AccessDenied with an unknown caller still explains', async (t) => {
  const { sts, vault } = setup()
  sts.callerArn = stsError('ExpiredToken', 400, 'The security token included in the request is expired')
  sts.assume = () => Promise.reject(stsError('AccessDenied', 403))
  const err = (await vault.get(KEY, SESSION).catch((e: unknown) => e)) as Error
  t.match(err.message, 'GetCallerIdentity: ExpiredToken: The security token included in the request is expired')
})

t.test('release drops the task: timers and credentials', async (t) => {
  const { clock, sts, vault } = setup()
  await vault.get(KEY, SESSION)
  await vault.get({ taskId: 'other', roleArn: ROLE }, 'ecs-local-other')
  t.equal(clock.pending(), 2)
  vault.release(TASK)
  t.equal(clock.pending(), 1, "only the other task's timer left")
  await vault.get(KEY, SESSION)
  t.equal(sts.assumeCalls(), 3, 'assumed afresh after release')
})

t.test('release during an AssumeRole keeps nothing', async (t) => {
  const { clock, vault, sts } = setup()
  const pending = vault.get(KEY, SESSION)
  vault.release(TASK)
  await pending
  t.equal(clock.pending(), 0, 'no timer for a released task')
  await vault.get(KEY, SESSION)
  t.equal(sts.assumeCalls(), 2, 'result was not cached')
})

t.test('close clears every timer', async (t) => {
  const { clock, vault } = setup()
  await vault.get(KEY, SESSION)
  await vault.get({ taskId: 'other', roleArn: ROLE }, 'ecs-local-other')
  vault.close()
  t.equal(clock.pending(), 0)
  await settle()
})

t.test('logs role ARNs and task ids, never secrets', async (t) => {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk))
      done()
    },
  })
  const logger = createLogger({ level: 'debug', destination })
  const { clock, sts, vault } = setup({ durationSeconds: 120, logger })
  const ok = sts.assume
  sts.assume = (input, n) => (n === 1 ? Promise.reject(stsError('Throttling', 400)) : ok(input, n))
  await vault.get(KEY, SESSION)
  await clock.advance(30_000)
  const text = lines.join('')
  t.match(text, ROLE)
  t.match(text, TASK)
  t.match(text, 'AssumeRole throttled, retrying')
  t.match(text, 'role renewed')
  t.notMatch(text, /SECRET-|TOKEN-|ASIAFAKE/, 'no secret key, session token or key id')
  vault.close()
})
