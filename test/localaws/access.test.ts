import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts'
import t from 'tap'
import { asIdentity, startLocalAws } from './helpers.js'

const ACCT = '111122223333'
const EXEC = `arn:aws:iam::${ACCT}:role/exec`
const LOCKED = `arn:aws:iam::${ACCT}:role/locked`
const READER = `arn:aws:iam::${ACCT}:role/reader`
const USER = `arn:aws:iam::${ACCT}:user/ecs-local`

const seed = {
  roles: [
    { arn: EXEC, allow: ['sts:AssumeRole'] },
    // only sessions of exec may assume it, not the user
    { arn: LOCKED, trust: [EXEC] },
    { arn: READER, allow: ['logs:Get*'] },
  ],
}

t.test('AssumeRole outside the trust list is AccessDenied, naming caller and role', async (t) => {
  const { sts } = await startLocalAws(t, { accountId: ACCT, seed })
  await t.rejects(sts().send(new AssumeRoleCommand({ RoleArn: LOCKED, RoleSessionName: 'try' })), {
    name: 'AccessDenied',
    message: `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${LOCKED}`,
    $metadata: { httpStatusCode: 403 },
  })
  // a session of a trusted role may
  const exec = await sts().send(new AssumeRoleCommand({ RoleArn: EXEC, RoleSessionName: 'exec' }))
  const locked = await sts(asIdentity(exec.Credentials)).send(
    new AssumeRoleCommand({ RoleArn: LOCKED, RoleSessionName: 'chained' }),
  )
  t.equal(locked.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCT}:assumed-role/locked/chained`)
})

t.test('a role session may only call what its allow list permits', async (t) => {
  const { sts } = await startLocalAws(t, { accountId: ACCT, seed })
  const reader = await sts().send(new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 'rr' }))
  const client = sts(asIdentity(reader.Credentials))
  const arn = `arn:aws:sts::${ACCT}:assumed-role/reader/rr`
  await t.rejects(client.send(new AssumeRoleCommand({ RoleArn: EXEC, RoleSessionName: 'xx' })), {
    name: 'AccessDenied',
    message: `User: ${arn} is not authorized to perform: sts:AssumeRole on resource: ${EXEC} because no identity-based policy allows the sts:AssumeRole action`,
    $metadata: { httpStatusCode: 403 },
  })
  await t.rejects(client.send(new GetSessionTokenCommand({})), { name: 'AccessDenied' })
  // GetCallerIdentity needs no permission, as in AWS
  t.equal((await client.send(new GetCallerIdentityCommand({}))).Arn, arn)
})

t.test('a role of another account trusts its own account and the daemon user, not other accounts', async (t) => {
  const { sts } = await startLocalAws(t, { accountId: ACCT })
  const theirs = 'arn:aws:iam::999999999999:role/theirs'
  // the daemon's user is trusted by every undeclared role, as an administrator's would be
  const out = await sts().send(new AssumeRoleCommand({ RoleArn: theirs, RoleSessionName: 'ss' }))
  t.equal(out.AssumedRoleUser?.Arn, 'arn:aws:sts::999999999999:assumed-role/theirs/ss')
  // a session of a role of account ACCT is neither: the default trust does not name it
  const mine = await sts().send(new AssumeRoleCommand({ RoleArn: EXEC, RoleSessionName: 'mine' }))
  const session = `arn:aws:sts::${ACCT}:assumed-role/exec/mine`
  await t.rejects(
    sts(asIdentity(mine.Credentials)).send(new AssumeRoleCommand({ RoleArn: theirs, RoleSessionName: 'ss' })),
    {
      name: 'AccessDenied',
      message: `User: ${session} is not authorized to perform: sts:AssumeRole on resource: ${theirs}`,
    },
  )
})

t.test('an undeclared role of the account is created on first use, allowing everything', async (t) => {
  const { sts } = await startLocalAws(t, { accountId: ACCT, seed })
  const any = `arn:aws:iam::${ACCT}:role/some/path/anything`
  const out = await sts().send(new AssumeRoleCommand({ RoleArn: any, RoleSessionName: 'demo' }))
  t.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCT}:assumed-role/anything/demo`)
  // it trusts every principal of the account and may call anything, so it can assume a trusting role
  const again = await sts(asIdentity(out.Credentials)).send(
    new AssumeRoleCommand({ RoleArn: EXEC, RoleSessionName: 'xx' }),
  )
  t.ok(again.Credentials)
})
