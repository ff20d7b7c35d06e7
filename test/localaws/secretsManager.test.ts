import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager'
import t from 'tap'
import { startLocalAws } from './helpers.js'

const ACCT = '111122223333'

t.test('CreateSecret mints an ARN with a 6-character suffix; GetSecretValue finds it by name or ARN', async (t) => {
  const { client } = await startLocalAws(t, { accountId: ACCT, region: 'eu-west-1' })
  const sm = client(SecretsManagerClient, { region: 'eu-west-1' })
  const created = await sm.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: '{"password":"pw1"}' }))
  t.match(created.ARN, new RegExp(`^arn:aws:secretsmanager:eu-west-1:${ACCT}:secret:prod/db-[A-Za-z0-9]{6}$`))
  const partial = `arn:aws:secretsmanager:eu-west-1:${ACCT}:secret:prod/db`
  for (const SecretId of ['prod/db', created.ARN, partial]) {
    const got = await sm.send(new GetSecretValueCommand({ SecretId }))
    t.equal(got.SecretString, '{"password":"pw1"}', `by ${SecretId}`)
    t.equal(got.ARN, created.ARN)
    t.same(got.VersionStages, ['AWSCURRENT'])
    t.equal(got.VersionId, created.VersionId)
  }
  // Another last character than the minted one (a fixed 'X' was the minted one in 1 run of 62).
  const other = created.ARN?.endsWith('X') ? 'Y' : 'X'
  await t.rejects(sm.send(new GetSecretValueCommand({ SecretId: `${created.ARN?.slice(0, -1)}${other}` })), {
    name: 'ResourceNotFoundException',
    message: "Secrets Manager can't find the specified secret.",
    $metadata: { httpStatusCode: 400 },
  })
  await t.rejects(sm.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: 'x' })), {
    name: 'ResourceExistsException',
  })
})

t.test('PutSecretValue moves AWSCURRENT and keeps the old value as AWSPREVIOUS', async (t) => {
  const { client } = await startLocalAws(t)
  const sm = client(SecretsManagerClient)
  const v1 = await sm.send(new CreateSecretCommand({ Name: 'token', SecretString: 'one' }))
  const v2 = await sm.send(new PutSecretValueCommand({ SecretId: 'token', SecretString: 'two' }))
  const v3 = await sm.send(new PutSecretValueCommand({ SecretId: v1.ARN, SecretString: 'three' }))
  t.same(v3.VersionStages, ['AWSCURRENT'])
  const get = (input: { VersionStage?: string; VersionId?: string }) =>
    sm.send(new GetSecretValueCommand({ SecretId: 'token', ...input }))
  t.equal((await get({})).SecretString, 'three')
  t.equal((await get({ VersionStage: 'AWSPREVIOUS' })).SecretString, 'two')
  t.equal((await get({ VersionId: v1.VersionId })).SecretString, 'one')
  await t.rejects(get({ VersionStage: 'AWSPENDING' }), {
    name: 'ResourceNotFoundException',
    message: "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
  })
  const described = await sm.send(new DescribeSecretCommand({ SecretId: 'token' }))
  t.same(described.VersionIdsToStages, {
    [v2.VersionId ?? '']: ['AWSPREVIOUS'],
    [v3.VersionId ?? '']: ['AWSCURRENT'],
  })
})

t.test('secrets are seeded; reads are allow-listed and logged by ARN, never by value', async (t) => {
  const reader = 'arn:aws:iam::000000000000:role/exec'
  const other = 'arn:aws:iam::000000000000:role/task'
  const seed = {
    secrets: [{ name: 'registry', value: '{"username":"u","password":"s3cr3t-value"}' }],
    roles: [
      { arn: reader, allow: ['secretsmanager:GetSecretValue'] },
      { arn: other, allow: ['s3:GetObject'] },
    ],
  }
  const { client, assume, local, logText } = await startLocalAws(t, { seed })
  const exec = client(SecretsManagerClient, { credentials: await assume(reader, 'exec') })
  const got = await exec.send(new GetSecretValueCommand({ SecretId: 'registry' }))
  t.equal(got.SecretString, seed.secrets[0]?.value)
  const task = client(SecretsManagerClient, { credentials: await assume(other, 'task') })
  await t.rejects(task.send(new GetSecretValueCommand({ SecretId: 'registry' })), {
    name: 'AccessDeniedException',
    message: new RegExp(
      `assumed-role/task/task is not authorized to perform: secretsmanager:GetSecretValue on resource: ${got.ARN}`,
    ),
    $metadata: { httpStatusCode: 400 },
  })
  const reads = local.calls().filter((c) => c.service === 'secretsmanager')
  t.match(reads, [
    { callerArn: 'arn:aws:sts::000000000000:assumed-role/exec/exec', target: got.ARN, status: 200 },
    { callerArn: 'arn:aws:sts::000000000000:assumed-role/task/task', errorCode: 'AccessDeniedException' },
  ])
  t.notOk((logText() + JSON.stringify(local.calls())).includes('s3cr3t-value'), 'no secret value logged')
})
