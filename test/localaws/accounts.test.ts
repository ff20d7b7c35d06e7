import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  CreateLogStreamCommand,
} from '@aws-sdk/client-cloudwatch-logs'
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm'
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import t from 'tap'
import { asIdentity, startLocalAws } from './helpers.js'

const MINE = '111122223333'
const OTHER = '444455556666'
const USER = 'arn:aws:iam::000000000000:user/ecs-local'

t.test('roles of any account and partition are assumable with no seed, and sessions carry their account', async (t) => {
  const { sts } = await startLocalAws(t)
  for (const [partition, region] of [
    ['aws', 'us-east-1'],
    ['aws-cn', 'cn-north-1'],
    ['aws-us-gov', 'us-gov-west-1'],
  ] as const) {
    const role = `arn:${partition}:iam::${MINE}:role/team/app-task`
    const out = await sts().send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'ecs-local-1' }))
    const session = `arn:${partition}:sts::${MINE}:assumed-role/app-task/ecs-local-1`
    t.equal(out.AssumedRoleUser?.Arn, session, `${partition}: the session ARN drops the path`)
    const me = await sts(asIdentity(out.Credentials), { region }).send(new GetCallerIdentityCommand({}))
    t.same([me.Account, me.Arn], [MINE, session], `${partition}: GetCallerIdentity names the role's own account`)
  }
  await t.rejects(
    sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws-eu:iam::${MINE}:role/x`, RoleSessionName: 'ss' })),
    {
      name: 'ValidationError',
      message: `arn:aws-eu:iam::${MINE}:role/x is not a valid role ARN`,
    },
  )
})

t.test(
  "a seed's trust can refuse the daemon's user; a trust policy document can name it with conditions",
  async (t) => {
    const closed = `arn:aws:iam::${MINE}:role/closed`
    const thirdParty = `arn:aws:iam::${MINE}:role/third-party`
    const seed = {
      roles: [
        { arn: closed, trust: [`arn:aws:iam::${MINE}:root`] },
        {
          arn: thirdParty,
          trust: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DaemonWithExternalId',
                Effect: 'Allow',
                Principal: { AWS: USER },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'sts:ExternalId': 'x-42' } },
              },
            ],
          },
        },
      ],
    }
    const { sts, local } = await startLocalAws(t, { seed })
    await t.rejects(sts().send(new AssumeRoleCommand({ RoleArn: closed, RoleSessionName: 'ss' })), {
      name: 'AccessDenied',
      message: `User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${closed}`,
    })
    t.match(local.calls().at(-1)?.decision, { result: 'implicitDeny', policyType: 'resource' })
    await t.rejects(sts().send(new AssumeRoleCommand({ RoleArn: thirdParty, RoleSessionName: 'ss' })), {
      name: 'AccessDenied',
    })
    const ok = await sts().send(
      new AssumeRoleCommand({ RoleArn: thirdParty, RoleSessionName: 'ss', ExternalId: 'x-42' }),
    )
    t.equal(ok.AssumedRoleUser?.Arn, `arn:aws:sts::${MINE}:assumed-role/third-party/ss`)
    t.match(local.calls().at(-1)?.decision?.statements, [
      { policyType: 'identity', policy: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      { policyType: 'resource', policy: 'trust', sid: 'DaemonWithExternalId' },
    ])
  },
)

t.test('secrets and parameters: names resolve in the caller account, ARNs in their own', async (t) => {
  const seeded = `arn:aws:secretsmanager:us-east-1:${MINE}:secret:prod/db-AbCdEf`
  const seed = {
    secrets: [{ arn: seeded, value: 'mine' }],
    parameters: [{ arn: `arn:aws:ssm:us-east-1:${MINE}:parameter/app/url`, value: 'https://mine' }],
    accounts: [
      {
        id: OTHER,
        secrets: [{ name: 'shared', value: 'theirs' }],
        parameters: [{ name: '/shared/flag', value: 'on' }],
        logGroups: ['/shared/logs'],
      },
      { id: MINE, partition: 'aws-cn' as const, secrets: [{ name: 'cn-only', value: 'cn' }] },
    ],
  }
  const { client, assume } = await startLocalAws(t, { seed })
  const credentials = await assume(`arn:aws:iam::${MINE}:role/exec`, 'exec')
  const sm = client(SecretsManagerClient, { credentials })
  const mine = await sm.send(new GetSecretValueCommand({ SecretId: seeded }))
  t.same(
    [mine.ARN, mine.SecretString],
    [seeded, 'mine'],
    'a seeded ARN keeps its suffix, so the task definition runs unchanged',
  )
  t.equal(
    (await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).SecretString,
    'mine',
    'by name, in the caller account',
  )
  await t.rejects(
    sm.send(new GetSecretValueCommand({ SecretId: 'shared' })),
    { name: 'ResourceNotFoundException' },
    "another account's name is not the caller's",
  )
  const theirs = await sm.send(
    new GetSecretValueCommand({ SecretId: `arn:aws:secretsmanager:us-east-1:${OTHER}:secret:shared` }),
  )
  t.equal(theirs.SecretString, 'theirs', 'by (partial) ARN of another account')
  t.match(theirs.ARN, new RegExp(`^arn:aws:secretsmanager:us-east-1:${OTHER}:secret:shared-[A-Za-z0-9]{6}$`))
  const created = await sm.send(new CreateSecretCommand({ Name: 'made', SecretString: 'x' }))
  t.match(
    created.ARN,
    new RegExp(`^arn:aws:secretsmanager:us-east-1:${MINE}:secret:made-`),
    'created in the caller account',
  )

  const ssm = client(SSMClient, { credentials })
  const got = await ssm.send(
    new GetParametersCommand({
      Names: ['/app/url', `arn:aws:ssm:us-east-1:${OTHER}:parameter/shared/flag`, '/shared/flag'],
    }),
  )
  t.same(
    got.Parameters?.map((p) => [p.Name, p.Value, p.ARN]),
    [
      ['/app/url', 'https://mine', `arn:aws:ssm:us-east-1:${MINE}:parameter/app/url`],
      ['/shared/flag', 'on', `arn:aws:ssm:us-east-1:${OTHER}:parameter/shared/flag`],
    ],
  )
  t.same(got.InvalidParameters, ['/shared/flag'], 'the bare name looked in the caller account')

  const logs = client(CloudWatchLogsClient, { credentials })
  const group = `arn:aws:logs:us-east-1:${OTHER}:log-group:/shared/logs`
  await t.rejects(logs.send(new CreateLogStreamCommand({ logGroupName: '/shared/logs', logStreamName: 's' })), {
    name: 'ResourceNotFoundException',
  })
  t.same(
    (await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: group }))).logStreams,
    [],
    'by ARN of another account',
  )

  const cn = await assume(`arn:aws-cn:iam::${MINE}:role/exec`, 'cn')
  const cnSecret = await client(SecretsManagerClient, { credentials: cn, region: 'cn-north-1' }).send(
    new GetSecretValueCommand({ SecretId: 'cn-only' }),
  )
  t.match(
    cnSecret.ARN,
    new RegExp(`^arn:aws-cn:secretsmanager:cn-north-1:${MINE}:secret:cn-only-`),
    'aws-cn is its own partition',
  )
})

t.test("S3 buckets are one namespace: an aws-cn session reads the seed's objects", async (t) => {
  const { client, assume, local } = await startLocalAws(t, {
    seed: { objects: [{ bucket: 'envs', key: 'app.env', body: 'A=1' }] },
  })
  const credentials = await assume(`arn:aws-cn:iam::${MINE}:role/exec`, 'cn')
  const s3 = client(S3Client, { credentials, region: 'cn-north-1', forcePathStyle: true })
  const got = await s3.send(new GetObjectCommand({ Bucket: 'envs', Key: 'app.env' }))
  t.equal(await got.Body?.transformToString(), 'A=1')
  t.equal(local.calls().at(-1)?.target, 'arn:aws-cn:s3:::envs/app.env', "the ARN is in the caller's partition")
})

t.test("ECR hands out the caller account's registry, named for its partition", async (t) => {
  const { client, assume } = await startLocalAws(t, { ecrPassword: 'pw' })
  const token = async (role: string, region: string, registryIds?: string[]) => {
    const ecr = client(ECRClient, { credentials: await assume(role), region })
    const out = await ecr.send(new GetAuthorizationTokenCommand({ ...(registryIds && { registryIds }) }))
    return out.authorizationData?.map((d) => d.proxyEndpoint)
  }
  t.same(await token(`arn:aws:iam::${MINE}:role/exec`, 'us-east-1'), [
    `https://${MINE}.dkr.ecr.us-east-1.amazonaws.com`,
  ])
  t.same(await token(`arn:aws-cn:iam::${MINE}:role/exec`, 'cn-north-1'), [
    `https://${MINE}.dkr.ecr.cn-north-1.amazonaws.com.cn`,
  ])
  t.same(await token(`arn:aws:iam::${MINE}:role/exec`, 'us-east-1', [OTHER]), [
    `https://${OTHER}.dkr.ecr.us-east-1.amazonaws.com`,
  ])
  await t.rejects(token(`arn:aws:iam::${MINE}:role/exec`, 'us-east-1', ['42']), {
    name: 'InvalidParameterException',
    message: /registryIds' failed to satisfy constraint: Member must satisfy regular expression pattern: \[0-9\]\{12\}/,
  })
})
