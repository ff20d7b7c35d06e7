import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import t from 'tap'
import { asIdentity, startLocalAws } from './helpers.js'

const ACCT = '111122223333'
const OPEN = `arn:aws:iam::${ACCT}:role/open`
const LOCKED = `arn:aws:iam::${ACCT}:role/locked`

t.test('every call is recorded with its caller and outcome, and no secret is logged', async (t) => {
  const { sts, local, logText, logLines } = await startLocalAws(t, {
    accountId: ACCT,
    seed: { roles: [{ arn: LOCKED, trust: [] }] },
  })
  const root = local.rootCredentials
  const assumed = await sts().send(new AssumeRoleCommand({ RoleArn: OPEN, RoleSessionName: 'task-1' }))
  const session = asIdentity(assumed.Credentials)
  await sts(session).send(new GetCallerIdentityCommand({}))
  await t.rejects(sts().send(new AssumeRoleCommand({ RoleArn: LOCKED, RoleSessionName: 'no' })))
  await t.rejects(sts({ ...root, secretAccessKey: 'wrong' }).send(new GetCallerIdentityCommand({})))
  await t.rejects(
    sts({ accessKeyId: 'AKIANOTISSUEDBYUS000', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({})),
  )

  const sessionArn = `arn:aws:sts::${ACCT}:assumed-role/open/task-1`
  const userArn = `arn:aws:iam::${ACCT}:user/ecs-local`
  const calls = local.calls()
  t.match(calls, [
    {
      service: 'sts',
      action: 'AssumeRole',
      callerArn: userArn,
      accessKeyId: root.accessKeyId,
      status: 200,
      target: OPEN,
    },
    {
      service: 'sts',
      action: 'GetCallerIdentity',
      callerArn: sessionArn,
      accessKeyId: session.accessKeyId,
      status: 200,
    },
    { action: 'AssumeRole', callerArn: userArn, status: 403, errorCode: 'AccessDenied', target: LOCKED },
    { action: 'GetCallerIdentity', callerArn: userArn, status: 403, errorCode: 'SignatureDoesNotMatch' },
    {
      action: 'GetCallerIdentity',
      callerArn: '',
      accessKeyId: 'AKIANOTISSUEDBYUS000',
      errorCode: 'InvalidClientTokenId',
    },
  ])
  t.equal(calls.length, 5)
  t.notOk('errorCode' in (calls[0] ?? {}), 'no errorCode on success')
  for (const c of calls) t.ok(!Number.isNaN(Date.parse(c.time)), 'time is ISO-8601')

  t.equal(logLines().filter((l) => l.msg === 'local AWS call').length, 5, 'each call logged once')
  const text = logText() + JSON.stringify(calls)
  for (const secret of [root.secretAccessKey, session.secretAccessKey, session.sessionToken ?? 'missing']) {
    t.notOk(text.includes(secret), 'no secret key or session token in logs or the call log')
  }
})

t.test('calls() returns copies', async (t) => {
  const { sts, local } = await startLocalAws(t)
  await sts().send(new GetCallerIdentityCommand({}))
  const first = local.calls()
  first[0]!.callerArn = 'rewritten'
  t.equal(local.calls()[0]?.callerArn, 'arn:aws:iam::000000000000:user/ecs-local')
})
