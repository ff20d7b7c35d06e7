import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GetParameterCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm'
import t from 'tap'
import { startLocalAws } from './helpers.js'

const ACCT = '111122223333'
const NOTHING = `arn:aws:iam::${ACCT}:role/nothing`
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/nothing/ss`
const GROUP = `arn:aws:logs:us-east-1:${ACCT}:log-group`
const PARAM = `arn:aws:ssm:us-east-1:${ACCT}:parameter`

/** The resource an implicit deny names: exactly what the service authorised the call against. */
function deniedOn(action: string, resource: string): RegExp {
  const escaped = resource.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(
    `^User: ${SESSION} is not authorized to perform: ${action} on resource: ${escaped} because no identity-based policy allows the ${action} action$`,
  )
}

t.test('each action is authorised against the ARN AWS computes for it', async (t) => {
  // A role with an empty policy list may do nothing: every call shows the resource it was checked against.
  const seed = {
    roles: [{ arn: NOTHING, policies: [] }],
    secrets: [{ arn: `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:db-AbCdEf`, value: 'v' }],
    accounts: [{ id: ACCT, secrets: [{ name: 'named', value: 'v' }] }],
  }
  const { client, assume } = await startLocalAws(t, { seed })
  const credentials = await assume(NOTHING, 'ss')
  const logs = client(CloudWatchLogsClient, { credentials })
  const denied = (action: string, resource: string) => ({
    name: 'AccessDeniedException',
    message: deniedOn(action, resource),
  })
  const g = { logGroupName: '/ecs/app' }
  const s = { ...g, logStreamName: 'ecs/web/1' }
  await t.rejects(
    logs.send(new CreateLogGroupCommand(g)),
    denied('logs:CreateLogGroup', `${GROUP}:/ecs/app:log-stream:`),
  )
  await t.rejects(
    logs.send(new CreateLogStreamCommand(s)),
    denied('logs:CreateLogStream', `${GROUP}:/ecs/app:log-stream:ecs/web/1`),
  )
  await t.rejects(
    logs.send(new PutLogEventsCommand({ ...s, logEvents: [{ timestamp: Date.now(), message: 'm' }] })),
    denied('logs:PutLogEvents', `${GROUP}:/ecs/app:log-stream:ecs/web/1`),
  )
  await t.rejects(
    logs.send(new GetLogEventsCommand(s)),
    denied('logs:GetLogEvents', `${GROUP}:/ecs/app:log-stream:ecs/web/1`),
  )
  await t.rejects(
    logs.send(new FilterLogEventsCommand(g)),
    denied('logs:FilterLogEvents', `${GROUP}:/ecs/app:log-stream:`),
  )
  await t.rejects(
    logs.send(new DescribeLogStreamsCommand(g)),
    denied('logs:DescribeLogStreams', `${GROUP}:/ecs/app:log-stream:`),
  )
  await t.rejects(
    logs.send(new DescribeLogGroupsCommand({})),
    denied('logs:DescribeLogGroups', `${GROUP}::log-stream:`),
  )

  const ssm = client(SSMClient, { credentials })
  await t.rejects(
    ssm.send(new GetParameterCommand({ Name: '/app/db/url' })),
    denied('ssm:GetParameter', `${PARAM}/app/db/url`),
  )
  await t.rejects(ssm.send(new GetParameterCommand({ Name: 'plain' })), denied('ssm:GetParameter', `${PARAM}/plain`))
  await t.rejects(
    ssm.send(new GetParameterCommand({ Name: '/plain:3' })),
    denied('ssm:GetParameter', `${PARAM}/plain`),
    'one slash, no selector',
  )

  const sm = client(SecretsManagerClient, { credentials })
  const dbArn = `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:db-AbCdEf`
  await t.rejects(
    sm.send(new GetSecretValueCommand({ SecretId: 'db' })),
    denied('secretsmanager:GetSecretValue', dbArn),
  )
  await t.rejects(
    sm.send(new GetSecretValueCommand({ SecretId: 'missing' })),
    denied('secretsmanager:GetSecretValue', 'missing'),
    'a secret that does not exist is named as asked',
  )
  await t.rejects(sm.send(new CreateSecretCommand({ Name: 'new', SecretString: 'x' })), {
    message: new RegExp(`on resource: arn:aws:secretsmanager:us-east-1:${ACCT}:secret:new-[A-Za-z0-9]{6} because`),
  })

  await t.rejects(
    client(ECRClient, { credentials }).send(new GetAuthorizationTokenCommand({})),
    denied('ecr:GetAuthorizationToken', '*'),
  )

  const s3 = client(S3Client, { credentials, forcePathStyle: true })
  await t.rejects(s3.send(new CreateBucketCommand({ Bucket: 'bkt' })), {
    name: 'AccessDenied',
    message: /s3:CreateBucket on resource: "arn:aws:s3:::bkt"/,
  })
  await t.rejects(s3.send(new PutObjectCommand({ Bucket: 'bkt', Key: 'a/b.env', Body: 'x' })), {
    message: /s3:PutObject on resource: "arn:aws:s3:::bkt\/a\/b.env"/,
  })
})

t.test('GetParameters is authorised per parameter; the refusal names the one denied', async (t) => {
  const role = `arn:aws:iam::${ACCT}:role/reader`
  const policy = {
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', Action: 'ssm:GetParameters', Resource: `${PARAM}/app/*` },
  }
  const seed = {
    roles: [{ arn: role, policies: [policy] }],
    accounts: [{ id: ACCT, parameters: [{ name: '/app/a', value: '1' }] }],
  }
  const { client, assume, local } = await startLocalAws(t, { seed })
  const ssm = client(SSMClient, { credentials: await assume(role, 'ss') })
  t.same((await ssm.send(new GetParametersCommand({ Names: ['/app/a', '/app/b'] }))).InvalidParameters, ['/app/b'])
  await t.rejects(ssm.send(new GetParametersCommand({ Names: ['/app/a', '/db/password'] })), {
    name: 'AccessDeniedException',
    message: new RegExp(`ssm:GetParameters on resource: ${PARAM}/db/password because`),
  })
  t.match(local.calls().at(-1), {
    target: `${PARAM}/app/a,${PARAM}/db/password`,
    decision: { resource: `${PARAM}/db/password`, resources: [`${PARAM}/app/a`, `${PARAM}/db/password`] },
    checks: [{ action: 'ssm:GetParameters', resources: [`${PARAM}/app/a`, `${PARAM}/db/password`] }],
  })
})
