import fc from 'fast-check'
import t from 'tap'
import { evaluate } from '../../../src/localaws/iam/evaluate.js'
import { exactResource, leastPrivilege } from '../../../src/localaws/iam/leastPrivilege.js'
import { parsePolicy } from '../../../src/localaws/iam/policy.js'
import { statementSid, statementSids } from '../../../src/localaws/iam/statementSid.js'
import type { CallDecision, CallRecord, IdentityPolicy } from '../../../src/localaws/types.js'

const ACCT = '111122223333'
const ROLE = `arn:aws:iam::${ACCT}:role/app-task`
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/app-task/ecs-local-3f9c`
const OBJECT = 'arn:aws:s3:::config/app/settings.env'
const STREAM = `arn:aws:logs:us-east-1:${ACCT}:log-group:/app:log-stream:app/events`
const PARAM = `arn:aws:ssm:us-east-1:${ACCT}:parameter`

let clock = Date.parse('2025-01-01T00:00:00Z')

/** A call record as the local AWS writes one: one check per permission, the decision the deciding one. */
function call(
  action: string,
  resources: string[],
  more: { caller?: string; result?: CallDecision['result']; further?: [string, string, CallDecision['result']] } = {},
): CallRecord {
  const result = more.result ?? 'allowed'
  const checks = [{ action, resources, result }]
  if (more.further) checks.push({ action: more.further[0], resources: [more.further[1]], result: more.further[2] })
  const deciding = checks.find((c) => c.result !== 'allowed') ?? checks[0]!
  clock += 1000
  return {
    time: new Date(clock).toISOString(),
    service: action.split(':')[0] as string,
    action: action.split(':')[1] as string,
    callerArn: more.caller ?? SESSION,
    accessKeyId: 'ASIAEXAMPLE',
    status: deciding.result === 'allowed' ? 200 : 403,
    decision: { ...deciding, resource: deciding.resources[0] ?? '*', statements: [] },
    checks,
  }
}

const statements = (calls: CallRecord[], role = ROLE) => leastPrivilege(calls, role).policy?.Statement

t.test(`${leastPrivilege.name}: one statement per set of resources, actions and resources sorted`, async (t) => {
  const calls = [
    call('logs:PutLogEvents', [STREAM]),
    call('s3:GetObject', [OBJECT]),
    call('logs:CreateLogStream', [STREAM]),
    call('logs:PutLogEvents', [STREAM]),
    call('s3:GetObject', ['arn:aws:s3:::config/app/b.env']),
    call('ssm:GetParameters', [`${PARAM}/app/b`, `${PARAM}/app/a`]),
    call('ecr:GetAuthorizationToken', ['*']),
    call('sts:GetSessionToken', ['*']),
  ]
  t.strictSame(leastPrivilege(calls, ROLE).policy, {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EcrGetAuthorizationTokenStsGetSessionToken',
        Effect: 'Allow',
        Action: ['ecr:GetAuthorizationToken', 'sts:GetSessionToken'],
        Resource: '*',
      },
      {
        Sid: 'LogsCreateLogStreamPutLogEvents',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: STREAM,
      },
      {
        Sid: 'S3GetObject',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: ['arn:aws:s3:::config/app/b.env', OBJECT],
      },
      {
        Sid: 'SsmGetParameters',
        Effect: 'Allow',
        Action: 'ssm:GetParameters',
        Resource: [`${PARAM}/app/a`, `${PARAM}/app/b`],
      },
    ],
  } satisfies IdentityPolicy)
})

t.test(`${leastPrivilege.name}: actions on different resource sets get statements of their own`, async (t) => {
  const calls = [call('s3:GetObject', [OBJECT]), call('s3:PutObject', [OBJECT, 'arn:aws:s3:::config/out'])]
  t.strictSame(statements(calls), [
    { Sid: 'S3GetObject', Effect: 'Allow', Action: 's3:GetObject', Resource: OBJECT },
    { Sid: 'S3PutObject', Effect: 'Allow', Action: 's3:PutObject', Resource: [OBJECT, 'arn:aws:s3:::config/out'] },
  ])
})

t.test(`${leastPrivilege.name}: only the role's own sessions count`, async (t) => {
  const calls = [
    call('s3:GetObject', [OBJECT]),
    call('s3:PutObject', [OBJECT], { caller: `arn:aws:sts::${ACCT}:assumed-role/app-task-2/s` }),
    call('s3:DeleteObject', [OBJECT], { caller: `arn:aws:sts::444455556666:assumed-role/app-task/s` }),
    call('s3:CreateBucket', ['arn:aws:s3:::x'], { caller: `arn:aws-cn:sts::${ACCT}:assumed-role/app-task/s` }),
    call('s3:ListBucket', ['arn:aws:s3:::config'], { caller: `arn:aws:iam::${ACCT}:user/ecs-local` }),
    call('logs:PutLogEvents', [STREAM], { caller: `arn:aws:sts::${ACCT}:assumed-role/app-task/other-session` }),
  ]
  t.strictSame(
    statements(calls)?.map((s) => s.Action),
    ['logs:PutLogEvents', 's3:GetObject'],
    'every session of the role, no other role, account, partition or user',
  )
  t.strictSame(
    statements([call('s3:GetObject', [OBJECT])], `arn:aws:iam::${ACCT}:role/teams/payments/app-task`)?.length,
    1,
    'a role with a path: its sessions name it without the path, as STS does',
  )
})

t.test(`${leastPrivilege.name}: denied calls are covered, explicit denies are left out`, async (t) => {
  const calls = [
    call('s3:GetObject', [OBJECT]),
    call('s3:PutObject', [OBJECT], { result: 'implicitDeny' }),
    call('s3:DeleteObject', [OBJECT], { result: 'explicitDeny' }),
    // GetObject of a missing key: allowed, then S3 asked for s3:ListBucket, which a Deny refused.
    call('s3:GetObject', ['arn:aws:s3:::config/missing'], {
      further: ['s3:ListBucket', 'arn:aws:s3:::config', 'explicitDeny'],
    }),
    call('s3:GetObject', ['arn:aws:s3:::config/gone'], {
      further: ['s3:ListBucket', 'arn:aws:s3:::data', 'implicitDeny'],
    }),
  ]
  const got = leastPrivilege(calls, ROLE)
  t.match(got, { roleArn: ROLE, calls: 4, denied: 2, explicitlyDenied: 2 })
  t.strictSame(got.policy?.Statement, [
    {
      Sid: 'S3GetObject',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: [OBJECT, 'arn:aws:s3:::config/gone', 'arn:aws:s3:::config/missing'],
    },
    { Sid: 'S3ListBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::data' },
    { Sid: 'S3PutObject', Effect: 'Allow', Action: 's3:PutObject', Resource: OBJECT },
  ])
  t.equal(got.from, calls[0]?.time)
  t.equal(got.to, calls[4]?.time)
})

t.test(`${leastPrivilege.name}: calls without a decision need no permission`, async (t) => {
  const { decision: _d, checks: _c, ...noDecision } = call('sts:GetCallerIdentity', ['*'])
  const got = leastPrivilege([noDecision, { ...noDecision, errorCode: 'InvalidClientTokenId', status: 403 }], ROLE)
  t.strictSame(got, { roleArn: ROLE, calls: 0, denied: 0, explicitlyDenied: 0 }, 'no policy at all')
  const { checks: _checks, ...decisionOnly } = call('s3:GetObject', [OBJECT])
  t.strictSame(statements([decisionOnly])?.[0]?.Resource, OBJECT, 'a record without checks: its decision')
  const injected = { ...call('logs:PutLogEvents', [STREAM]), injected: true as const, errorCode: 'ThrottlingException' }
  t.strictSame(statements([injected])?.[0]?.Action, 'logs:PutLogEvents', 'an injected fault was authorised first')
})

t.test(`${leastPrivilege.name}: refuses what is not a role ARN`, async (t) => {
  for (const arn of [
    '',
    SESSION,
    `arn:aws:iam::${ACCT}:user/x`,
    'arn:aws:iam::123:role/x',
    'arn:moon:iam::111122223333:role/x',
  ]) {
    t.throws(() => leastPrivilege([], arn), { code: 'ECSL_ERR_CONFIG', message: /is not a role ARN/ }, arn)
  }
})

t.test(`${exactResource.name}: wildcards and variables in a name stay literal`, async (t) => {
  const cases: [string, string][] = [
    ['*', '*'],
    [OBJECT, OBJECT],
    ['arn:aws:s3:::b/a*b?c', 'arn:aws:s3:::b/a${*}b${?}c'],
    ['arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::b/${$}{aws:username}'],
    ['arn:aws:s3:::b/$5', 'arn:aws:s3:::b/$5'],
  ]
  for (const [name, want] of cases) t.equal(exactResource(name), want, name)
})

t.test(`${statementSid.name} and ${statementSids.name}: letters and digits, unique`, async (t) => {
  const cases: [string[], string][] = [
    [['s3:GetObject'], 'S3GetObject'],
    [['logs:CreateLogStream', 'logs:PutLogEvents'], 'LogsCreateLogStreamPutLogEvents'],
    [['secretsmanager:GetSecretValue'], 'SecretsManagerGetSecretValue'],
    [['elastic-inference:Connect'], 'ElasticInferenceConnect'],
    [['s3:GetObject', 's3:PutObject', 'ssm:GetParameter', 'ssm:GetParameters'], 'S3Ssm4Actions'],
  ]
  for (const [actions, want] of cases) t.equal(statementSid(actions), want, actions.join(' '))
  const many = ['s3:A', 's3:B', 's3:C', 's3:D']
  t.strictSame(statementSids([many, ['s3:E', 's3:F', 's3:G', 's3:H'], many]), [
    'S34Actions',
    'S34Actions2',
    'S34Actions3',
  ])
})

/** The generated document as the local AWS would attach it, and a check of one request against it. */
function allows(policy: IdentityPolicy | undefined) {
  const parsed = parsePolicy(policy, 'generated', 'identity')
  return (action: string, resource: string) =>
    evaluate({ identity: [parsed] }, { action, resource, keys: new Map() }).result === 'allowed'
}

t.test(
  'the generated policy, evaluated by the local IAM evaluator, allows every call and nothing near it',
  async (t) => {
    const calls = [
      call('s3:GetObject', [OBJECT]),
      call('s3:GetObject', ['arn:aws:s3:::config/app/odd*key?.env']),
      call('logs:CreateLogStream', [STREAM]),
      call('logs:PutLogEvents', [STREAM], { result: 'implicitDeny' }),
      call('secretsmanager:GetSecretValue', [`arn:aws:secretsmanager:us-east-1:${ACCT}:secret:db-AbCdEf`]),
      call('ssm:GetParameters', [`${PARAM}/app/a`, `${PARAM}/app/b`]),
      call('ecr:GetAuthorizationToken', ['*']),
      call('sts:AssumeRole', [`arn:aws:iam::${ACCT}:role/next`]),
    ]
    const allowed = allows(leastPrivilege(calls, ROLE).policy)
    for (const c of calls)
      for (const r of c.checks![0]!.resources) t.ok(allowed(c.checks![0]!.action, r), `${c.action} ${r}`)
    t.notOk(allowed('s3:PutObject', OBJECT), 'another action on the same object')
    t.notOk(allowed('s3:GetObject', 'arn:aws:s3:::config/app/other.env'), 'the same action on another key')
    t.notOk(allowed('s3:GetObject', 'arn:aws:s3:::elsewhere/app/settings.env'), 'the same key in another bucket')
    t.notOk(allowed('s3:GetObject', 'arn:aws:s3:::config/app/oddXkeyY.env'), 'a key the name would match as a wildcard')
    t.notOk(allowed('logs:PutLogEvents', `${STREAM}-2`), 'another stream')
    t.notOk(allowed('ssm:GetParameters', `${PARAM}/app/c`), 'another parameter')
    t.notOk(allowed('sts:AssumeRole', `arn:aws:iam::${ACCT}:role/other`), 'another role')
    t.notOk(allowed('ecr:BatchGetImage', '*'), 'another action on *')
  },
)

t.test('property: allowed exactly for the (action, resource) pairs called, through the evaluator', async (t) => {
  const scoped = ['s3:GetObject', 's3:PutObject', 'logs:PutLogEvents', 'ssm:GetParameters']
  const unscoped = ['ecr:GetAuthorizationToken', 'logs:DescribeLogGroups']
  const resource = fc.string({ maxLength: 12 }).map((key) => `arn:aws:s3:::bucket/${key}`)
  const callArb = fc.oneof(
    fc.record({ action: fc.constantFrom(...scoped), resources: fc.array(resource, { minLength: 1, maxLength: 3 }) }),
    fc.record({ action: fc.constantFrom(...unscoped), resources: fc.constant<string[]>(['*']) }),
  )
  const record = (c: { action: string; resources: string[] }, result: CallDecision['result']) =>
    call(c.action, c.resources, { result })
  // fc.check reports the first counterexample instead of throwing, so the assertion below is the test.
  const checked = fc.check(
    fc.property(fc.array(fc.tuple(callArb, fc.boolean()), { minLength: 1, maxLength: 8 }), (picked) => {
      const calls = picked.map(([c, denied]) => record(c, denied ? 'implicitDeny' : 'allowed'))
      const policy = leastPrivilege(calls, ROLE).policy
      const sids = policy?.Statement.map((s) => s.Sid) ?? []
      if (new Set(sids).size !== sids.length || !sids.every((s) => /^[A-Za-z0-9]+$/.test(s))) return false
      const allowed = allows(policy)
      const called = new Set(picked.flatMap(([c]) => c.resources.map((r) => `${c.action} ${r}`)))
      const universe = [...new Set(picked.flatMap(([c]) => c.resources)), 'arn:aws:s3:::bucket/never-called']
      for (const action of scoped) {
        for (const r of universe) if (allowed(action, r) !== called.has(`${action} ${r}`)) return false
      }
      for (const action of unscoped) {
        if (allowed(action, '*') !== called.has(`${action} *`)) return false
      }
      return true
    }),
    { numRuns: 300 },
  )
  t.equal(
    checked.failed,
    false,
    `held for 300 random call logs; counterexample: ${JSON.stringify(checked.counterexample)}`,
  )
  t.equal(checked.numRuns, 300)
})
