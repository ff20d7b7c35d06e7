import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm'
import t from 'tap'
import { startLocalAws } from './helpers.js'

t.test('JSON services word authentication failures their own way, all 400', async (t) => {
  const { client, local, assume } = await startLocalAws(t, { maxSessionSeconds: 1 })
  const root = local.rootCredentials
  const unknown = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) }
  await t.rejects(client(ECRClient, { credentials: unknown }).send(new GetAuthorizationTokenCommand({})), {
    name: 'UnrecognizedClientException',
    message: 'The security token included in the request is invalid.',
    $metadata: { httpStatusCode: 400 },
  })
  const wrong = { ...root, secretAccessKey: 'not-the-secret' }
  await t.rejects(client(SSMClient, { credentials: wrong }).send(new GetParametersCommand({ Names: ['x'] })), {
    name: 'InvalidSignatureException',
    $metadata: { httpStatusCode: 400 },
  })
  const session = await assume('arn:aws:iam::000000000000:role/short')
  await new Promise((resolve) => setTimeout(resolve, 1100))
  await t.rejects(
    client(CloudWatchLogsClient, { credentials: session }).send(new CreateLogGroupCommand({ logGroupName: 'g' })),
    {
      name: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
      $metadata: { httpStatusCode: 400 },
    },
  )
})

t.test('an operation the local AWS does not serve is UnknownOperationException', async (t) => {
  const { client } = await startLocalAws(t)
  await t.rejects(
    client(CloudWatchLogsClient).send(new PutRetentionPolicyCommand({ logGroupName: 'g', retentionInDays: 1 })),
    { name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } },
  )
})

t.test("the call log names each service's caller and resource", async (t) => {
  const exec = 'arn:aws:iam::000000000000:role/exec'
  const seed = {
    roles: [{ arn: exec, allow: ['ecr:GetAuthorizationToken', 'logs:CreateLogStream', 'logs:PutLogEvents'] }],
  }
  const { client, local, assume } = await startLocalAws(t, { seed })
  await client(CloudWatchLogsClient).send(new CreateLogGroupCommand({ logGroupName: '/ecs/app' }))
  const credentials = await assume(exec, 'task-1')
  await client(ECRClient, { credentials }).send(new GetAuthorizationTokenCommand({}))
  const logs = client(CloudWatchLogsClient, { credentials })
  await logs.send(new CreateLogStreamCommand({ logGroupName: '/ecs/app', logStreamName: 'web/1' }))
  const logEvents = [{ timestamp: Date.now(), message: 'hello' }]
  await logs.send(new PutLogEventsCommand({ logGroupName: '/ecs/app', logStreamName: 'web/1', logEvents }))
  await t.rejects(logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/other' })), {
    name: 'AccessDeniedException',
  })

  const user = 'arn:aws:iam::000000000000:user/ecs-local'
  const session = 'arn:aws:sts::000000000000:assumed-role/exec/task-1'
  const group = 'arn:aws:logs:us-east-1:000000000000:log-group:'
  t.match(
    local
      .calls()
      .map(({ service, action, callerArn, target, errorCode }) => ({ service, action, callerArn, target, errorCode })),
    [
      // a group call is authorised on log-group:<name>:log-stream:, as CloudWatch Logs does
      { service: 'logs', action: 'CreateLogGroup', callerArn: user, target: `${group}/ecs/app:log-stream:` },
      { service: 'sts', action: 'AssumeRole', callerArn: user, target: exec },
      { service: 'ecr', action: 'GetAuthorizationToken', callerArn: session },
      { service: 'logs', action: 'CreateLogStream', callerArn: session, target: `${group}/ecs/app:log-stream:web/1` },
      { service: 'logs', action: 'PutLogEvents', callerArn: session, target: `${group}/ecs/app:log-stream:web/1` },
      { service: 'logs', action: 'CreateLogGroup', callerArn: session, errorCode: 'AccessDeniedException' },
    ],
  )
  t.equal(local.calls()[0]?.target, `${group}/ecs/app:log-stream:`, 'exactly')
})
