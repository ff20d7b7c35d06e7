import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import t from 'tap'
import type { CallRecord } from '../../src/localaws/index.js'
import { asIdentity, startLocalAws } from './helpers.js'

const ACCT = '111122223333'
const READER = `arn:aws:iam::${ACCT}:role/app-task`
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/app-task/t1`

/** The task role's policy as it would be attached in IAM: read one prefix, never its secret file. */
const readPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ReadAppConfig', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::config/app/*' },
    { Sid: 'DenySecretFile', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::config/app/secret.env' },
  ],
}

const objects = [
  { bucket: 'config', key: 'app/settings.env', body: 'MODE=prod\n' },
  { bucket: 'config', key: 'app/secret.env', body: 'TOKEN=x\n' },
  { bucket: 'config', key: 'other/settings.env', body: 'MODE=other\n' },
  { bucket: 'elsewhere', key: 'app/settings.env', body: 'MODE=elsewhere\n' },
]

const lastS3 = (calls: CallRecord[]) => calls.filter((c) => c.service === 's3').at(-1)

t.test('a policy allowing s3:GetObject on one prefix and denying one key, through the SDK', async (t) => {
  const seed = { roles: [{ arn: READER, policies: [readPolicy] }], objects }
  const { client, assume, local } = await startLocalAws(t, { accountId: ACCT, seed })
  const s3 = client(S3Client, { forcePathStyle: true, credentials: await assume(READER, 't1') })
  const get = (Bucket: string, Key: string) => s3.send(new GetObjectCommand({ Bucket, Key }))

  t.equal(
    await (await get('config', 'app/settings.env')).Body?.transformToString(),
    'MODE=prod\n',
    'the allowed object reads',
  )
  t.match(lastS3(local.calls()), {
    action: 'GetObject',
    status: 200,
    checks: [{ action: 's3:GetObject', resources: ['arn:aws:s3:::config/app/settings.env'], result: 'allowed' }],
    decision: {
      result: 'allowed',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::config/app/settings.env',
      resources: ['arn:aws:s3:::config/app/settings.env'],
      statements: [{ policyType: 'identity', policy: 'policies[0]', statement: 0, sid: 'ReadAppConfig' }],
    },
  })

  await t.rejects(get('config', 'app/secret.env'), {
    name: 'AccessDenied',
    message: `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::config/app/secret.env" with an explicit deny in an identity-based policy`,
    $metadata: { httpStatusCode: 403 },
  })
  t.match(lastS3(local.calls()), {
    status: 403,
    errorCode: 'AccessDenied',
    decision: { result: 'explicitDeny', statements: [{ policy: 'policies[0]', statement: 1, sid: 'DenySecretFile' }] },
  })

  const implicit = (resource: string) =>
    `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "${resource}" because no identity-based policy allows the s3:GetObject action`
  await t.rejects(get('config', 'other/settings.env'), {
    name: 'AccessDenied',
    message: implicit('arn:aws:s3:::config/other/settings.env'),
  })
  await t.rejects(get('elsewhere', 'app/settings.env'), {
    name: 'AccessDenied',
    message: implicit('arn:aws:s3:::elsewhere/app/settings.env'),
  })
  t.match(lastS3(local.calls()), {
    decision: { result: 'implicitDeny', policyType: 'identity', statements: [] },
    target: 'arn:aws:s3:::elsewhere/app/settings.env',
  })

  // A missing key under the allowed prefix: without s3:ListBucket, S3 says AccessDenied, not NoSuchKey.
  await t.rejects(get('config', 'app/missing.env'), {
    name: 'AccessDenied',
    message: `User: ${SESSION} is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::config" because no identity-based policy allows the s3:ListBucket action`,
  })
  t.match(lastS3(local.calls()), {
    errorCode: 'AccessDenied',
    decision: { result: 'implicitDeny', action: 's3:ListBucket', resource: 'arn:aws:s3:::config' },
  })
  t.strictSame(
    lastS3(local.calls())?.checks,
    [
      { action: 's3:GetObject', resources: ['arn:aws:s3:::config/app/missing.env'], result: 'allowed' },
      { action: 's3:ListBucket', resources: ['arn:aws:s3:::config'], result: 'implicitDeny' },
    ],
    'checks: the call’s own action, then the further one S3 asked about',
  )
  const head = await s3
    .send(new HeadObjectCommand({ Bucket: 'config', Key: 'app/missing.env' }))
    .catch((e: unknown) => e)
  t.match(head, { $metadata: { httpStatusCode: 403 } }, 'HeadObject too: 403, no body')
})

t.test('ListObjectsV2 is authorised on the bucket with s3:prefix', async (t) => {
  const homes = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ListOwnPrefix',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::config',
        Condition: { StringLike: { 's3:prefix': ['app/*'] } },
      },
      { Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::config/app/*' },
    ],
  }
  const { client, assume, local } = await startLocalAws(t, {
    accountId: ACCT,
    seed: { roles: [{ arn: READER, policies: [homes] }], objects },
  })
  const s3 = client(S3Client, { forcePathStyle: true, credentials: await assume(READER, 't1') })
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'config', Prefix: 'app/' }))
  t.same(
    listed.Contents?.map((o) => [o.Key, o.Size]),
    [
      ['app/secret.env', 8],
      ['app/settings.env', 10],
    ],
  )
  t.equal(listed.KeyCount, 2)
  t.match(local.calls().at(-1), { action: 'ListObjectsV2', decision: { statements: [{ sid: 'ListOwnPrefix' }] } })
  await t.rejects(s3.send(new ListObjectsV2Command({ Bucket: 'config', Prefix: 'other/' })), {
    name: 'AccessDenied',
    message: /s3:ListBucket on resource: "arn:aws:s3:::config" because no identity-based policy allows/,
  })
  await t.rejects(
    s3.send(new ListObjectsV2Command({ Bucket: 'config' })),
    { name: 'AccessDenied' },
    'no prefix: no s3:prefix key',
  )
  // GetObject's ListBucket check for a missing key carries no s3:prefix, so this conditional Allow is no help
  await t.rejects(s3.send(new GetObjectCommand({ Bucket: 'config', Key: 'app/missing.env' })), { name: 'AccessDenied' })
})

t.test('an allowed further check is in checks too: NoSuchKey needed s3:ListBucket', async (t) => {
  const lister = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::config*' }],
  }
  const { client, assume, local } = await startLocalAws(t, {
    accountId: ACCT,
    seed: { roles: [{ arn: READER, policies: [lister] }], objects },
  })
  const s3 = client(S3Client, { forcePathStyle: true, credentials: await assume(READER, 't1') })
  await t.rejects(s3.send(new GetObjectCommand({ Bucket: 'config', Key: 'app/missing.env' })), { name: 'NoSuchKey' })
  t.match(lastS3(local.calls()), {
    errorCode: 'NoSuchKey',
    decision: { result: 'allowed', action: 's3:GetObject', resource: 'arn:aws:s3:::config/app/missing.env' },
  })
  t.strictSame(lastS3(local.calls())?.checks, [
    { action: 's3:GetObject', resources: ['arn:aws:s3:::config/app/missing.env'], result: 'allowed' },
    { action: 's3:ListBucket', resources: ['arn:aws:s3:::config'], result: 'allowed' },
  ])
})

t.test('conditions see the caller: aws:SourceIp, aws:RequestedRegion, aws:PrincipalArn', async (t) => {
  const conditional = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'FromLoopbackInTwoRegions',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: {
          IpAddress: { 'aws:SourceIp': '127.0.0.0/8' },
          StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] },
          ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/app-*` },
        },
      },
      {
        Sid: 'NeverOverHttp',
        Effect: 'Deny',
        Action: 's3:PutObject',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  }
  const { client, assume } = await startLocalAws(t, {
    accountId: ACCT,
    seed: { roles: [{ arn: READER, policies: [conditional] }], objects },
  })
  const credentials = await assume(READER, 't1')
  const read = (region: string) =>
    client(S3Client, { forcePathStyle: true, credentials, region }).send(
      new GetObjectCommand({ Bucket: 'config', Key: 'other/settings.env' }),
    )
  t.equal(await (await read('eu-west-1')).Body?.transformToString(), 'MODE=other\n')
  await t.rejects(read('ap-south-1'), { name: 'AccessDenied' }, 'signed for another region')
})

t.test('session policies on AssumeRole narrow the role, inline (Policy) and managed (PolicyArns)', async (t) => {
  const managed = `arn:aws:iam::${ACCT}:policy/only-settings`
  const seed = {
    roles: [{ arn: READER, policies: [readPolicy] }],
    managedPolicies: [
      {
        arn: managed,
        document: {
          Version: '2012-10-17',
          Statement: {
            Sid: 'OnlySettings',
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::*/app/settings.env',
          },
        },
      },
    ],
    objects: [...objects, { bucket: 'config', key: 'app/other.env', body: 'O=1\n' }],
  }
  const { client, sts, local } = await startLocalAws(t, { accountId: ACCT, seed })
  const assumeWith = async (input: { Policy?: string; PolicyArns?: { arn: string }[] }) => {
    const out = await sts().send(new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 't1', ...input }))
    return client(S3Client, { forcePathStyle: true, credentials: asIdentity(out.Credentials) })
  }
  const get = (s3: S3Client, Key: string, Bucket = 'config') => s3.send(new GetObjectCommand({ Bucket, Key }))

  const inline = await assumeWith({
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'InlineSettings', Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::config/app/settings.env' },
      ],
    }),
  })
  t.ok(await get(inline, 'app/settings.env'), 'allowed by both the role and the session policy')
  t.match(local.calls().at(-1)?.decision?.statements, [
    { policyType: 'identity', sid: 'ReadAppConfig' },
    { policyType: 'session', policy: 'Policy', sid: 'InlineSettings' },
  ])
  await t.rejects(get(inline, 'app/other.env'), {
    message: `User: ${SESSION} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::config/app/other.env" because no session policy allows the s3:GetObject action`,
  })
  await t.rejects(
    get(inline, 'app/secret.env'),
    { message: /with an explicit deny in an identity-based policy$/ },
    "the role's Deny still wins",
  )

  const byArn = await assumeWith({ PolicyArns: [{ arn: managed }] })
  t.ok(await get(byArn, 'app/settings.env'))
  await t.rejects(
    get(byArn, 'app/settings.env', 'elsewhere'),
    { message: /because no identity-based policy allows/ },
    'the session cannot grant what the role lacks',
  )
  await t.rejects(get(byArn, 'app/other.env'), { message: /because no session policy allows/ })

  await t.rejects(
    sts().send(
      new AssumeRoleCommand({ RoleArn: READER, RoleSessionName: 't1', Policy: '{"Statement": [{"Effect": "Allow"}]}' }),
    ),
    {
      name: 'MalformedPolicyDocument',
      message: /Statement\[0\] needs Action or NotAction/,
    },
  )
  await t.rejects(
    sts().send(
      new AssumeRoleCommand({
        RoleArn: READER,
        RoleSessionName: 't1',
        PolicyArns: [{ arn: `arn:aws:iam::${ACCT}:policy/nope` }],
      }),
    ),
    {
      name: 'MalformedPolicyDocument',
      message: `Policy arn:aws:iam::${ACCT}:policy/nope does not exist or is not attachable.`,
    },
  )
})
