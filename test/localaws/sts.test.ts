import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts'
import t from 'tap'
import { asIdentity, startLocalAws } from './helpers.js'

const ACCOUNT = '123456789012'
const ROLE = `arn:aws:iam::${ACCOUNT}:role/app-task`

t.test('GetCallerIdentity names the built-in user', async (t) => {
  const { sts } = await startLocalAws(t, { accountId: ACCOUNT })
  const out = await sts().send(new GetCallerIdentityCommand({}))
  t.equal(out.Account, ACCOUNT)
  t.equal(out.Arn, `arn:aws:iam::${ACCOUNT}:user/ecs-local`)
  t.match(out.UserId, /^AIDA[A-Z2-7]{17}$/)
  t.match(out.$metadata.requestId, /^[0-9a-f-]{36}$/)
})

t.test('AssumeRole issues session credentials for the assumed-role ARN', async (t) => {
  const { sts } = await startLocalAws(t, { accountId: ACCOUNT })
  const before = Date.now()
  const out = await sts().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'ecs-local-task1' }))
  const c = out.Credentials
  t.match(c?.AccessKeyId, /^ASIA[A-Z2-7]{16}$/)
  t.equal(c?.SecretAccessKey?.length, 40)
  t.ok(c?.SessionToken)
  // default 1 h, whole seconds
  const ms = c?.Expiration?.getTime() ?? 0
  t.ok(ms >= Math.floor(before / 1000) * 1000 + 3600_000 && ms <= Date.now() + 3600_000, 'expires in 1 h')
  t.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/app-task/ecs-local-task1`)
  t.match(out.AssumedRoleUser?.AssumedRoleId, /^AROA[A-Z2-7]{17}:ecs-local-task1$/)

  const me = await sts(asIdentity(c)).send(new GetCallerIdentityCommand({}))
  t.equal(me.Arn, out.AssumedRoleUser?.Arn)
  t.equal(me.UserId, out.AssumedRoleUser?.AssumedRoleId)
  t.equal(me.Account, ACCOUNT)
})

t.test('AssumeRole validates its input in AWS words', async (t) => {
  const { sts } = await startLocalAws(t, { accountId: ACCOUNT })
  const client = sts()
  const cases = [
    { RoleSessionName: 'x', want: /Value 'x' at 'roleSessionName' failed .* length greater than or equal to 2/ },
    { RoleSessionName: 'has space', want: /satisfy regular expression pattern: \[\\w\+=,\.@-\]\*/ },
    { RoleSessionName: 'a'.repeat(65), want: /length less than or equal to 64/ },
    { RoleSessionName: 'ok', DurationSeconds: 899, want: /'durationSeconds' .* greater than or equal to 900/ },
    { RoleSessionName: 'ok', DurationSeconds: 43201, want: /less than or equal to 43200/ },
  ]
  for (const { want, ...input } of cases) {
    await t.rejects(client.send(new AssumeRoleCommand({ RoleArn: ROLE, ...input })), {
      name: 'ValidationError',
      message: want,
      $metadata: { httpStatusCode: 400 },
    })
  }
})

t.test('maxSessionSeconds caps AssumeRole and GetSessionToken', async (t) => {
  const { sts } = await startLocalAws(t, { accountId: ACCOUNT, maxSessionSeconds: 60 })
  const client = sts()
  const assumed = await client.send(
    new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'sess', DurationSeconds: 7200 }),
  )
  const left = (assumed.Credentials?.Expiration?.getTime() ?? 0) - Date.now()
  t.ok(left > 55_000 && left <= 60_000, `AssumeRole session lasts 60 s (${left} ms)`)
  const session = await client.send(new GetSessionTokenCommand({}))
  const left2 = (session.Credentials?.Expiration?.getTime() ?? 0) - Date.now()
  t.ok(left2 > 55_000 && left2 <= 60_000, `GetSessionToken session lasts 60 s (${left2} ms)`)
})

t.test('GetSessionToken gives the user a session that still acts as the user', async (t) => {
  const { sts } = await startLocalAws(t, { accountId: ACCOUNT })
  const out = await sts().send(new GetSessionTokenCommand({ DurationSeconds: 900 }))
  t.match(out.Credentials?.AccessKeyId, /^ASIA/)
  const left = (out.Credentials?.Expiration?.getTime() ?? 0) - Date.now()
  t.ok(left > 895_000 && left <= 900_000, 'lasts the 900 s asked for')
  const session = sts(asIdentity(out.Credentials))
  const me = await session.send(new GetCallerIdentityCommand({}))
  t.equal(me.Arn, `arn:aws:iam::${ACCOUNT}:user/ecs-local`)
  await t.rejects(session.send(new GetSessionTokenCommand({})), {
    name: 'AccessDenied',
    message: 'Cannot call GetSessionToken with session credentials',
    $metadata: { httpStatusCode: 403 },
  })
  // a user session may still assume roles
  const assumed = await session.send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'from-session' }))
  t.ok(assumed.Credentials?.AccessKeyId)
})

t.test('role chaining works within the trust and is limited to 1 hour', async (t) => {
  const { sts } = await startLocalAws(t, { accountId: ACCOUNT })
  const first = await sts().send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'first' }))
  const chained = sts(asIdentity(first.Credentials))
  const target = `arn:aws:iam::${ACCOUNT}:role/other`
  const second = await chained.send(new AssumeRoleCommand({ RoleArn: target, RoleSessionName: 'second' }))
  t.equal(second.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/other/second`)
  await t.rejects(
    chained.send(new AssumeRoleCommand({ RoleArn: target, RoleSessionName: 'long', DurationSeconds: 7200 })),
    {
      name: 'ValidationError',
      message: /1 hour session limit for roles assumed by role chaining/,
    },
  )
})
