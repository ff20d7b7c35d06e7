import fc from 'fast-check'
import t from 'tap'
import type { Template } from '../../src/taskdef/intrinsicContext.js'
import { createResolver } from '../../src/taskdef/intrinsics.js'

const empty: Template = { Parameters: {}, Mappings: {}, Conditions: {}, Resources: {} }
const resolve = (
  value: unknown,
  template: Partial<Template> = {},
  values: Record<string, string> = {},
  region?: string,
) => {
  const r = createResolver({ ...empty, ...template }, values, region)
  return { value: r.resolve(value, 'P'), problems: r.problems.list }
}
// Strings that cannot be mistaken for intrinsics or dynamic references.
const text = fc.string().filter((s) => !s.includes('{{resolve:'))
const plain = fc
  .jsonValue()
  .filter(
    (v) =>
      !JSON.stringify(v).includes('"Ref"') &&
      !JSON.stringify(v).includes('Fn::') &&
      !JSON.stringify(v).includes('{{resolve:'),
  )

t.test('Fn::Join of Fn::Split gives the string back', async (t) => {
  fc.assert(
    fc.property(
      text,
      fc.string({ minLength: 1, maxLength: 3 }).filter((d) => !d.includes('{{resolve:')),
      (s, d) => {
        t.equal(resolve({ 'Fn::Join': [d, { 'Fn::Split': [d, s] }] }).value, s)
      },
    ),
  )
})

t.test('Fn::Select picks the element Fn::Split put there', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.stringMatching(/^[a-z0-9]*$/), { minLength: 1 }), fc.nat(), (parts, n) => {
      const i = n % parts.length
      t.equal(resolve({ 'Fn::Select': [String(i), { 'Fn::Split': [',', parts.join(',')] }] }).value, parts[i])
    }),
  )
})

t.test('a value without intrinsics resolves to itself', async (t) => {
  fc.assert(fc.property(plain, (v) => t.strictSame(resolve(v).value, v)))
})

t.test('Fn::Sub without variables leaves text as is; ${!x} is the literal ${x}', async (t) => {
  fc.assert(
    fc.property(
      text.filter((s) => !s.includes('${')),
      (s) => t.equal(resolve({ 'Fn::Sub': s }).value, s),
    ),
  )
  t.equal(resolve({ 'Fn::Sub': '${!Literal}-${AWS::Region}' }, {}, {}, 'eu-west-1').value, '${Literal}-eu-west-1')
})

t.test('pseudo parameters: region from the flag, partition and URL suffix follow it', async (t) => {
  const sub = { 'Fn::Sub': '${AWS::Partition} ${AWS::URLSuffix}' }
  t.equal(resolve(sub, {}, {}, 'us-east-1').value, 'aws amazonaws.com')
  t.equal(resolve(sub, {}, {}, 'cn-north-1').value, 'aws-cn amazonaws.com.cn')
  t.equal(resolve(sub, {}, { 'AWS::Region': 'us-gov-west-1' }, 'us-east-1').value, 'aws-us-gov amazonaws.com')
  const missing = resolve({ Ref: 'AWS::StackName' })
  t.equal(missing.value, undefined)
  t.match(missing.problems[0]?.message, /Ref AWS::StackName: not known locally; pass --parameter AWS::StackName=VALUE/)
  t.match(resolve({ Ref: 'AWS::Nope' }).problems[0]?.message, /not a pseudo parameter/)
})

t.test('AWS::NoValue removes the member or the list item', async (t) => {
  t.strictSame(resolve({ a: { Ref: 'AWS::NoValue' }, b: [1, { Ref: 'AWS::NoValue' }, 2] }).value, { b: [1, 2] })
})

t.test('Fn::FindInMap, with and without a DefaultValue', async (t) => {
  const Mappings = { Sizes: { prod: { Cpu: '1024' } } }
  t.equal(resolve({ 'Fn::FindInMap': ['Sizes', 'prod', 'Cpu'] }, { Mappings }).value, '1024')
  t.equal(resolve({ 'Fn::FindInMap': ['Sizes', 'dev', 'Cpu', { DefaultValue: '256' }] }, { Mappings }).value, '256')
  t.match(resolve({ 'Fn::FindInMap': ['Sizes', 'dev', 'Cpu'] }, { Mappings }).problems[0], {
    path: 'P',
    message: /Mappings has no Sizes\.dev\.Cpu/,
  })
})

t.test('Fn::If evaluates only the branch its condition picks', async (t) => {
  const Conditions = { Yes: { 'Fn::Not': [{ 'Fn::Equals': ['a', 'b'] }] } }
  const v = resolve({ 'Fn::If': ['Yes', 'chosen', { Ref: 'Missing' }] }, { Conditions })
  t.strictSame(v, { value: 'chosen', problems: [] })
})

t.test('conditions: And, Or, Condition, and a cycle reported', async (t) => {
  const Conditions = {
    A: { 'Fn::And': [{ Condition: 'B' }, { 'Fn::Or': [{ 'Fn::Equals': ['x', 'y'] }, { 'Fn::Equals': ['1', 1] }] }] },
    B: { 'Fn::Equals': [{ Ref: 'P1' }, 'on'] },
    Loop: { Condition: 'Loop' },
  }
  const Parameters = { P1: { Type: 'String', Default: 'on' } }
  t.equal(resolve({ 'Fn::If': ['A', 1, 2] }, { Conditions, Parameters }).value, 1)
  t.match(resolve({ 'Fn::If': ['Loop', 1, 2] }, { Conditions }).problems[0]?.message, /Condition Loop refers to itself/)
})

t.test('Ref and Fn::GetAtt of resources the template names', async (t) => {
  const Resources = {
    Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: { 'Fn::Sub': '${AWS::Region}-web' } } },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/ecs/web' } },
    Anon: { Type: 'AWS::Logs::LogGroup' },
  }
  const values = { 'AWS::AccountId': '111122223333' }
  t.equal(
    resolve({ 'Fn::GetAtt': ['Repo', 'RepositoryUri'] }, { Resources }, values, 'eu-west-1').value,
    '111122223333.dkr.ecr.eu-west-1.amazonaws.com/eu-west-1-web',
  )
  t.equal(resolve({ Ref: 'Logs' }, { Resources }).value, '/ecs/web')
  t.equal(
    resolve({ 'Fn::GetAtt': 'Logs.Arn' }, { Resources }, values, 'eu-west-1').value,
    'arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/web:*',
  )
  t.match(
    resolve({ Ref: 'Anon' }, { Resources }).problems[0]?.message,
    /Ref Anon \(AWS::Logs::LogGroup\): known only once the stack exists; pass --parameter Anon=VALUE/,
  )
  t.equal(resolve({ Ref: 'Anon' }, { Resources }, { Anon: '/given' }).value, '/given')
  t.match(resolve({ Ref: 'Nothing' }, { Resources }).problems[0]?.message, /no parameter or resource Nothing/)
})

t.test('list parameters, and SSM-typed ones need a value', async (t) => {
  const Parameters = {
    Subnets: { Type: 'List<AWS::EC2::Subnet::Id>', Default: 'subnet-1, subnet-2' },
    Version: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/version' },
  }
  t.strictSame(resolve({ Ref: 'Subnets' }, { Parameters }).value, ['subnet-1', 'subnet-2'])
  t.match(
    resolve({ Ref: 'Version' }, { Parameters }).problems[0]?.message,
    /read from SSM \(\/app\/version\); pass --parameter Version=VALUE/,
  )
  t.equal(resolve({ Ref: 'Version' }, { Parameters }, { Version: '7' }).value, '7')
})

t.test('functions that need a deployed account are named, not guessed', async (t) => {
  for (const fn of ['Fn::GetAZs', 'Fn::Cidr', 'Fn::Transform']) {
    t.equal(resolve({ [fn]: '' }).problems.length, 1, fn)
  }
  t.match(resolve({ 'Fn::Select': [5, ['a']] }).problems[0]?.message, /index 5 is outside the list's 1 values/)
  t.match(resolve({ 'Fn::Frobnicate': [] }).problems[0]?.message, /not an intrinsic function ecs-local knows/)
})
