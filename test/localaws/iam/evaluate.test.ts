import t from 'tap'
import { evaluate, type PolicySets, type Request } from '../../../src/localaws/iam/evaluate.js'
import { parsePolicy, type Policy } from '../../../src/localaws/iam/policy.js'

const ACCT = '111122223333'
const ROLE = `arn:aws:iam::${ACCT}:role/app`
const SESSION = `arn:aws:sts::${ACCT}:assumed-role/app/task-1`
const USER = `arn:aws:iam::${ACCT}:user/alice`

const identity = (...statements: object[]): Policy =>
  parsePolicy({ Version: '2012-10-17', Statement: statements }, 'policies[0]', 'identity')
const trust = (...statements: object[]): Policy =>
  parsePolicy({ Version: '2012-10-17', Statement: statements }, 'trust', 'resource')

function request(action: string, resource: string, keys: Record<string, string | string[]> = {}): Request {
  const map = new Map(Object.entries(keys).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? [v] : v]))
  return { action, resource, keys: map, caller: { arn: SESSION, partition: 'aws', accountId: ACCT, roleArn: ROLE } }
}

interface Case {
  name: string
  sets: PolicySets
  req: Request
  /** 'allowed', or 'explicitDeny:<type>' / 'implicitDeny:<type>'; and the deciding Sid when there is one. */
  want: string
  sid?: string
}

function outcome(sets: PolicySets, req: Request): { got: string; sid?: string } {
  const d = evaluate(sets, req)
  if (d.result === 'allowed') return { got: 'allowed', sid: d.by[0]?.match.statement.sid }
  if (d.result === 'explicitDeny') return { got: `explicitDeny:${d.type}`, sid: d.by.statement.sid }
  return { got: `implicitDeny:${d.type}` }
}

/** Create a secret only with tags among team and env: IAM's example of ForAllValues. */
const onlyTags = {
  Effect: 'Allow',
  Action: 'secretsmanager:CreateSecret',
  Resource: '*',
  Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'env'] } },
}
const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' }
const s3Read = { Sid: 'ReadConfig', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::config/app/*' }
const denyKey = { Sid: 'DenySecretKey', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::config/app/secret.env' }

// Cases from IAM's documented evaluation logic and examples:
// reference_policies_evaluation-logic*.html, reference_policies_elements_notaction.html,
// reference_policies_elements_notresource.html, reference_policies_condition-single-vs-multi-valued-context-keys.html
const cases: Case[] = [
  {
    name: 'an Allow is needed: nothing allows it, so an implicit deny',
    sets: { identity: [identity(s3Read)] },
    req: request('s3:PutObject', 'arn:aws:s3:::config/app/a.env'),
    want: 'implicitDeny:identity',
  },
  {
    name: 'allowed by the statement whose action and resource match',
    sets: { identity: [identity(s3Read)] },
    req: request('s3:GetObject', 'arn:aws:s3:::config/app/a.env'),
    want: 'allowed',
    sid: 'ReadConfig',
  },
  {
    name: 'explicit Deny overrides Allow, in another policy too',
    sets: { identity: [identity(s3Read), identity(denyKey)] },
    req: request('s3:GetObject', 'arn:aws:s3:::config/app/secret.env'),
    want: 'explicitDeny:identity',
    sid: 'DenySecretKey',
  },
  {
    name: 'resources are case-sensitive',
    sets: { identity: [identity(s3Read)] },
    req: request('s3:GetObject', 'arn:aws:s3:::config/App/a.env'),
    want: 'implicitDeny:identity',
  },
  {
    name: 'actions are not: S3:getobject matches',
    sets: { identity: [identity({ ...s3Read, Action: 'S3:getobject' })] },
    req: request('s3:GetObject', 'arn:aws:s3:::config/app/a.env'),
    want: 'allowed',
  },
  {
    name: 'wildcards in actions: s3:Get* covers GetObject, not PutObject',
    sets: { identity: [identity({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' })] },
    req: request('s3:PutObject', 'arn:aws:s3:::b/k'),
    want: 'implicitDeny:identity',
  },
  {
    name: 'NotAction with Allow: everything but IAM is allowed',
    sets: { identity: [identity({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] },
    req: request('sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:q'),
    want: 'allowed',
  },
  {
    name: 'NotAction with Allow: the listed service itself is not allowed',
    sets: { identity: [identity({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] },
    req: request('iam:CreateUser', `arn:aws:iam::${ACCT}:user/bob`),
    want: 'implicitDeny:identity',
  },
  {
    name: 'NotAction with Deny: anything but the listed actions is denied, even with Allow *',
    sets: {
      identity: [identity(allowAll, { Sid: 'OnlyS3', Effect: 'Deny', NotAction: 's3:*', Resource: '*' })],
    },
    req: request('logs:PutLogEvents', 'arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s'),
    want: 'explicitDeny:identity',
    sid: 'OnlyS3',
  },
  {
    name: 'NotResource: every resource except the payroll ones',
    sets: {
      identity: [
        identity({
          Effect: 'Allow',
          Action: 's3:*',
          NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'],
        }),
      ],
    },
    req: request('s3:GetObject', 'arn:aws:s3:::HRBucket/Payroll/2026.csv'),
    want: 'implicitDeny:identity',
  },
  {
    name: 'NotResource: another object is allowed',
    sets: { identity: [identity({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::HRBucket/Payroll/*' })] },
    req: request('s3:GetObject', 'arn:aws:s3:::HRBucket/Public/x'),
    want: 'allowed',
  },
  {
    name: 'a condition on a missing key is false: the Allow does not apply',
    sets: {
      identity: [identity({ ...s3Read, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'web' } } })],
    },
    req: request('s3:GetObject', 'arn:aws:s3:::config/app/a.env'),
    want: 'implicitDeny:identity',
  },
  {
    name: '...IfExists: a missing key makes the condition true',
    sets: {
      identity: [identity({ ...s3Read, Condition: { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'web' } } })],
    },
    req: request('s3:GetObject', 'arn:aws:s3:::config/app/a.env'),
    want: 'allowed',
  },
  {
    name: '...IfExists: a present key is still tested',
    sets: {
      identity: [identity({ ...s3Read, Condition: { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'web' } } })],
    },
    req: request('s3:GetObject', 'arn:aws:s3:::config/app/a.env', { 'aws:PrincipalTag/team': 'db' }),
    want: 'implicitDeny:identity',
  },
  {
    name: 'a negated operator on a missing key is true: the Deny applies',
    sets: {
      identity: [
        identity(allowAll, {
          Sid: 'OnlyFromVpc',
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } },
        }),
      ],
    },
    req: request('s3:GetObject', 'arn:aws:s3:::b/k'),
    want: 'explicitDeny:identity',
    sid: 'OnlyFromVpc',
  },
  {
    name: 'several values of one key are ORed',
    sets: {
      identity: [
        identity({ ...s3Read, Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } } }),
      ],
    },
    req: request('s3:GetObject', 'arn:aws:s3:::config/app/a.env', { 'aws:RequestedRegion': 'us-east-1' }),
    want: 'allowed',
  },
  {
    name: 'several values of a negated operator are NORed',
    sets: {
      identity: [
        identity(allowAll, {
          Sid: 'OnlyTwoRegions',
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } },
        }),
      ],
    },
    req: request('s3:GetObject', 'arn:aws:s3:::b/k', { 'aws:RequestedRegion': 'us-east-1' }),
    want: 'allowed',
  },
  {
    name: 'several operators and keys are ANDed',
    sets: {
      identity: [
        identity({
          ...s3Read,
          Condition: {
            StringEquals: { 'aws:RequestedRegion': 'us-east-1', 'aws:PrincipalAccount': ACCT },
            Bool: { 'aws:SecureTransport': 'true' },
          },
        }),
      ],
    },
    req: request('s3:GetObject', 'arn:aws:s3:::config/app/a.env', {
      'aws:RequestedRegion': 'us-east-1',
      'aws:PrincipalAccount': ACCT,
      'aws:SecureTransport': 'false',
    }),
    want: 'implicitDeny:identity',
  },
  {
    name: 'condition key names are case-insensitive',
    sets: { identity: [identity({ ...s3Read, Condition: { StringEquals: { 'AWS:REQUESTEDREGION': 'us-east-1' } } })] },
    req: request('s3:GetObject', 'arn:aws:s3:::config/app/a.env', { 'aws:RequestedRegion': 'us-east-1' }),
    want: 'allowed',
  },
  {
    name: 'ForAllValues with an empty set (no tags at all) is true: the Allow applies',
    sets: {
      identity: [identity(onlyTags)],
    },
    req: request('secretsmanager:CreateSecret', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:x-AbCdEf'),
    want: 'allowed',
  },
  {
    name: 'ForAllValues: one tag key outside the list and it no longer applies',
    sets: {
      identity: [identity(onlyTags)],
    },
    req: request('secretsmanager:CreateSecret', 'arn:aws:secretsmanager:us-east-1:1:secret:x', {
      'aws:TagKeys': ['team', 'cost'],
    }),
    want: 'implicitDeny:identity',
  },
  {
    name: 'ForAnyValue with no values is false',
    sets: {
      identity: [
        identity({
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' } },
        }),
      ],
    },
    req: request('secretsmanager:CreateSecret', 'arn:aws:secretsmanager:us-east-1:1:secret:x'),
    want: 'implicitDeny:identity',
  },
  {
    name: 'ForAnyValue: one matching value is enough',
    sets: {
      identity: [
        identity({
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'te*' } },
        }),
      ],
    },
    req: request('secretsmanager:CreateSecret', 'arn:aws:secretsmanager:us-east-1:1:secret:x', {
      'aws:TagKeys': ['cost', 'team'],
    }),
    want: 'allowed',
  },
  {
    name: 'session policies intersect: the role allows s3:*, the session only GetObject',
    sets: {
      identity: [identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
      session: [identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })],
    },
    req: request('s3:PutObject', 'arn:aws:s3:::b/k'),
    want: 'implicitDeny:session',
  },
  {
    name: 'session policies cannot grant more than the role has',
    sets: {
      identity: [identity({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })],
      session: [identity(allowAll)],
    },
    req: request('s3:PutObject', 'arn:aws:s3:::b/k'),
    want: 'implicitDeny:identity',
  },
  {
    name: 'a Deny in a session policy wins',
    sets: {
      identity: [identity(allowAll)],
      session: [identity(allowAll, { Sid: 'NoWrites', Effect: 'Deny', Action: 's3:Put*', Resource: '*' })],
    },
    req: request('s3:PutObject', 'arn:aws:s3:::b/k'),
    want: 'explicitDeny:session',
    sid: 'NoWrites',
  },
]

t.test(`${evaluate.name}: IAM's evaluation logic`, async (t) => {
  for (const c of cases) {
    const { got, sid } = outcome(c.sets, c.req)
    t.equal(got, c.want, c.name)
    if (c.sid !== undefined) t.equal(sid, c.sid, `${c.name}: decided by ${c.sid}`)
  }
})

t.test(`${evaluate.name}: a role's trust policy`, async (t) => {
  const assume = (caller: Request['caller']) => ({
    ...request('sts:AssumeRole', `arn:aws:iam::${ACCT}:role/target`),
    caller,
  })
  const user = { arn: USER, partition: 'aws', accountId: ACCT }
  const session = { arn: SESSION, partition: 'aws', accountId: ACCT, roleArn: ROLE }
  const none: Policy[] = []
  const allowAssume = [identity({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })]
  const naming = (principal: string | string[]) => [
    trust({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }),
  ]

  t.equal(
    outcome({ identity: none, resource: naming(USER) }, assume(user)).got,
    'allowed',
    'same account, trust names the user: enough alone',
  )
  t.equal(
    outcome({ identity: none, resource: naming(`arn:aws:iam::${ACCT}:root`) }, assume(user)).got,
    'implicitDeny:identity',
    'trust names the account: the identity policy must allow too',
  )
  t.equal(
    outcome({ identity: allowAssume, resource: naming(ACCT) }, assume(user)).got,
    'allowed',
    'a bare account id is the account',
  )
  t.equal(
    outcome({ identity: allowAssume, resource: naming('arn:aws:iam::444455556666:root') }, assume(user)).got,
    'implicitDeny:resource',
    'trust must allow, even for an administrator',
  )
  t.equal(
    outcome({ identity: none, resource: naming(ROLE) }, assume(session)).got,
    'allowed',
    'trust names the role: its sessions need no identity policy',
  )
  t.equal(
    outcome(
      {
        identity: none,
        session: [identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
        resource: naming(ROLE),
      },
      assume(session),
    ).got,
    'implicitDeny:session',
    '... but their session policies still must allow',
  )
  t.equal(
    outcome({ identity: none, resource: naming(USER), crossAccount: true }, assume(user)).got,
    'implicitDeny:identity',
    'cross-account: the caller side must allow too',
  )
  t.equal(
    outcome({ identity: allowAssume, resource: naming(USER), crossAccount: true }, assume(user)).got,
    'allowed',
    'cross-account: both sides allow',
  )
  const conditional = [
    trust({
      Sid: 'ThirdParty',
      Effect: 'Allow',
      Principal: { AWS: USER },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'x-123' } },
    }),
  ]
  t.equal(
    outcome({ identity: none, resource: conditional }, assume(user)).got,
    'implicitDeny:resource',
    'no ExternalId, no trust',
  )
  const withId = { ...assume(user), keys: new Map([['sts:externalid', ['x-123']]]) }
  t.same(outcome({ identity: none, resource: conditional }, withId), { got: 'allowed', sid: 'ThirdParty' })
  const denied = [
    ...naming('*'),
    trust({ Sid: 'NotAlice', Effect: 'Deny', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }),
  ]
  t.same(outcome({ identity: allowAssume, resource: denied }, assume(user)), {
    got: 'explicitDeny:resource',
    sid: 'NotAlice',
  })
  const notPrincipal = [trust({ Effect: 'Allow', NotPrincipal: { AWS: USER }, Action: 'sts:AssumeRole' })]
  t.equal(
    outcome({ identity: allowAssume, resource: notPrincipal }, assume(user)).got,
    'implicitDeny:resource',
    'NotPrincipal leaves the listed one out',
  )
  t.equal(
    outcome({ identity: allowAssume, resource: notPrincipal }, assume(session)).got,
    'allowed',
    '... and lets the others in',
  )
})

t.test(`${evaluate.name}: policy variables (Version 2012-10-17)`, async (t) => {
  const home = (version: string, resource: string) =>
    parsePolicy(
      { Version: version, Statement: { Effect: 'Allow', Action: 's3:*', Resource: resource } },
      'p',
      'identity',
    )
  const alice = { 'aws:username': 'alice', 'aws:userid': 'AIDAEXAMPLE' }
  const get = (key: string) => request('s3:GetObject', `arn:aws:s3:::home/${key}`, alice)
  const own = home('2012-10-17', 'arn:aws:s3:::home/${aws:username}/*')
  t.equal(outcome({ identity: [own] }, get('alice/notes.txt')).got, 'allowed', 'the user name fills the ARN')
  t.equal(outcome({ identity: [own] }, get('bob/notes.txt')).got, 'implicitDeny:identity')
  t.equal(
    outcome({ identity: [home('2008-10-17', 'arn:aws:s3:::home/${aws:username}/*')] }, get('alice/x')).got,
    'implicitDeny:identity',
    'the 2008 version takes ${...} literally',
  )
  const missing = home('2012-10-17', 'arn:aws:s3:::home/${aws:PrincipalTag/team}/*')
  t.equal(
    outcome({ identity: [missing] }, get('/x')).got,
    'implicitDeny:identity',
    'a variable without a value matches nothing',
  )
  const fallback = home('2012-10-17', "arn:aws:s3:::home/${aws:PrincipalTag/team, 'shared'}/*")
  t.equal(outcome({ identity: [fallback] }, get('shared/x')).got, 'allowed', 'the default fills in')
  const star = home('2012-10-17', 'arn:aws:s3:::home/${*}')
  t.equal(outcome({ identity: [star] }, get('*')).got, 'allowed', '${*} is a literal star')
  t.equal(outcome({ identity: [star] }, get('anything')).got, 'implicitDeny:identity', '... not a wildcard')
  const literal = request('s3:GetObject', 'arn:aws:s3:::home/a*b/x', { 'aws:username': 'a*b' })
  t.equal(outcome({ identity: [own] }, literal).got, 'allowed')
  const wildValue = request('s3:GetObject', 'arn:aws:s3:::home/aXb/x', { 'aws:username': 'a*b' })
  t.equal(outcome({ identity: [own] }, wildValue).got, 'implicitDeny:identity', "a value's star matches only a star")
  const listOwn = parsePolicy(
    {
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::home',
        Condition: {
          StringLike: { 's3:prefix': 'home/${aws:username}/*' },
          StringEquals: { 'aws:userid': '${aws:userid}' },
        },
      },
    },
    'p',
    'identity',
  )
  const list = (prefix: string) => request('s3:ListBucket', 'arn:aws:s3:::home', { ...alice, 's3:prefix': prefix })
  t.equal(outcome({ identity: [listOwn] }, list('home/alice/docs')).got, 'allowed', 'variables in condition values')
  t.equal(outcome({ identity: [listOwn] }, list('home/bob/docs')).got, 'implicitDeny:identity')
})
