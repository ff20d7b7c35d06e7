import t from 'tap'
import { parsePolicy, PolicyError } from '../../../src/localaws/iam/policy.js'

t.test(`${parsePolicy.name}: IAM's forms`, async (t) => {
  const one = parsePolicy(
    {
      Version: '2012-10-17',
      Statement: { Sid: 'One', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    },
    'policies[0]',
    'identity',
  )
  t.same(
    one.statements,
    [
      {
        index: 0,
        sid: 'One',
        effect: 'Allow',
        action: ['s3:GetObject'],
        resource: ['arn:aws:s3:::b/*'],
        conditions: [],
      },
    ],
    'Statement, Action and Resource as single values',
  )
  const many = parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], NotResource: ['*'] },
        {
          Effect: 'Allow',
          Action: '*',
          Resource: '*',
          Condition: { NumericLessThan: { 's3:max-keys': 10 }, Bool: { 'aws:SecureTransport': true } },
        },
      ],
    },
    'p',
    'identity',
  )
  t.same(many.statements[0]?.notAction, ['iam:*', 'sts:*'])
  t.same(
    many.statements[1]?.conditions.map((c) => [c.operator.name, c.key, c.values]),
    [
      ['NumericLessThan', 's3:max-keys', ['10']],
      ['Bool', 'aws:SecureTransport', ['true']],
    ],
    'numbers and booleans become strings, as IAM compares them',
  )
  const trust = parsePolicy(
    {
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: ['111122223333', 'arn:aws:iam::1:role/r'], Service: 'ecs-tasks.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    },
    'trust',
    'resource',
  )
  t.same(
    trust.statements[0]?.principal,
    { any: false, aws: ['111122223333', 'arn:aws:iam::1:role/r'] },
    'services never sign locally',
  )
  t.same(
    parsePolicy({ Statement: { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' } }, 't', 'resource')
      .statements[0]?.principal,
    {
      any: true,
      aws: [],
    },
  )
})

t.test(`${parsePolicy.name}: errors name the field`, async (t) => {
  const bad = (doc: unknown, message: RegExp, kind: 'identity' | 'resource' = 'identity') =>
    t.throws(() => parsePolicy(doc, 'p', kind), { name: PolicyError.name, message })
  const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }
  bad([], /a policy document must be a JSON object/)
  bad({ Version: '2012-10-17' }, /Statement must be a statement object or a non-empty list/)
  bad({ Version: '2012-10-18', Statement: allow }, /Version must be "2012-10-17"/)
  bad({ Statment: [allow] }, /unknown element Statment/)
  bad({ Statement: [allow, { ...allow, Effect: 'allow' }] }, /^Statement\[1\]\.Effect must be "Allow" or "Deny"$/)
  bad({ Statement: { ...allow, Actions: 's3:*' } }, /^Statement has unknown element Actions$/)
  bad({ Statement: { Effect: 'Allow', Resource: '*' } }, /^Statement needs Action or NotAction$/)
  bad({ Statement: { ...allow, NotAction: 's3:*' } }, /^Statement has both Action and NotAction$/)
  bad({ Statement: { Effect: 'Allow', Action: 's3:*' } }, /^Statement needs Resource or NotResource$/)
  bad({ Statement: { ...allow, Action: 'GetObject' } }, /Statement\.Action: GetObject must look like "service:Action"/)
  bad({ Statement: { ...allow, Resource: 'bucket/key' } }, /Statement\.Resource: bucket\/key must be an ARN/)
  bad({ Statement: { ...allow, Action: [] } }, /Statement\.Action must be .* or a non-empty list of them/)
  bad({ Statement: { ...allow, Principal: '*' } }, /an identity-based policy names no Principal/)
  bad(
    { Statement: { ...allow, Condition: { StringEqualz: { k: 'v' } } } },
    /Statement\.Condition: unknown condition operator StringEqualz; use one of StringEquals/,
  )
  bad(
    { Statement: { ...allow, Condition: { StringEquals: { k: { v: 1 } } } } },
    /Statement\.Condition\.StringEquals\.k must be a string, number or boolean/,
  )
  bad(
    { Statement: { Effect: 'Allow', Action: 'sts:AssumeRole' } },
    /^Statement needs Principal or NotPrincipal$/,
    'resource',
  )
  bad(
    { Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: 'alice' } } },
    /Statement\.Principal\.AWS: alice must be "\*", a 12-digit account id or an ARN/,
    'resource',
  )
  bad(
    { Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Aws: '*' } } },
    /Statement\.Principal has unknown principal type Aws/,
    'resource',
  )
})
