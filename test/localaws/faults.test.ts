import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import t from 'tap'
import { startLocalAws } from './helpers.js'

t.test('an injected throttle fails the next N matching calls, recorded as injected', async (t) => {
  const { client, local } = await startLocalAws(t)
  const logs = client(CloudWatchLogsClient)
  local.faults.inject({ action: 'logs:CreateLogGroup', count: 2, error: 'ThrottlingException' })
  t.same(local.faults.pending(), [
    { action: 'logs:CreateLogGroup', count: 2, error: 'ThrottlingException', status: 400 },
  ])
  // other actions are not affected
  await logs.send(new DescribeLogGroupsCommand({}))
  await t.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: 'g' })), {
    name: 'ThrottlingException',
    message: 'Rate exceeded',
    $metadata: { httpStatusCode: 400 },
  })
  t.match(local.faults.pending(), [{ count: 1 }])
  t.match(local.calls().at(-1), {
    service: 'logs',
    action: 'CreateLogGroup',
    status: 400,
    errorCode: 'ThrottlingException',
    injected: true,
  })
  await t.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: 'g' })), { name: 'ThrottlingException' })
  t.same(local.faults.pending(), [])
  await logs.send(new CreateLogGroupCommand({ logGroupName: 'g' }))
  t.notOk('injected' in (local.calls().at(-1) ?? {}), 'the real call is not marked')
})

t.test('an SDK that retries succeeds after the injected failures', async (t) => {
  const { client, local } = await startLocalAws(t)
  local.faults.inject({ service: 'logs', action: 'CreateLogGroup', count: 2, error: 'ThrottlingException' })
  const out = await client(CloudWatchLogsClient, { maxAttempts: 3 }).send(
    new CreateLogGroupCommand({ logGroupName: 'g' }),
  )
  t.equal(out.$metadata.attempts, 3)
  t.same(
    local.calls().map((c) => [c.errorCode, c.injected]),
    [
      ['ThrottlingException', true],
      ['ThrottlingException', true],
      [undefined, undefined],
    ],
  )
})

t.test('faults take each protocol shape: S3 SlowDown 503, SSM InternalServerError 500', async (t) => {
  const { client, local } = await startLocalAws(t)
  local.faults.inject({ service: 's3', action: 'GetObject', count: 1, error: 'SlowDown' })
  await t.rejects(client(S3Client, { forcePathStyle: true }).send(new GetObjectCommand({ Bucket: 'bkt', Key: 'k' })), {
    name: 'SlowDown',
    $metadata: { httpStatusCode: 503 },
  })
  local.faults.inject({ action: 'GetParameter', count: 1, error: 'InternalServerError' })
  await t.rejects(client(SSMClient).send(new GetParameterCommand({ Name: 'x' })), {
    name: 'InternalServerError',
    $metadata: { httpStatusCode: 500 },
  })
  local.faults.inject({ service: 'sts', action: 'GetParameter', count: 1, error: 'ThrottlingException' })
  await t.rejects(client(SSMClient).send(new GetParameterCommand({ Name: 'x' })), { name: 'ParameterNotFound' })
  local.faults.clear()
  t.same(local.faults.pending(), [])
})

t.test('a malformed fault is refused', async (t) => {
  const { local } = await startLocalAws(t)
  t.throws(() => local.faults.inject({ action: 'GetObject', count: 0, error: 'SlowDown' }), { code: 'ECSL_ERR_CONFIG' })
  t.throws(() => local.faults.inject({ action: 'GetObject', count: 1, error: 'X', status: 200 }), {
    code: 'ECSL_ERR_CONFIG',
  })
})
