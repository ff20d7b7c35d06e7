import t from 'tap'
import { conditionHolds, parseOperator, type ContextKeys } from '../../../src/localaws/iam/conditions.js'

function holds(
  operator: string,
  key: string,
  values: string | string[],
  context: Record<string, string | string[]>,
): boolean {
  const op = parseOperator(operator)
  if (!op) throw new Error(`no operator ${operator}`)
  const keys: ContextKeys = new Map(
    Object.entries(context).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? [v] : v]),
  )
  return conditionHolds({ operator: op, key, values: typeof values === 'string' ? [values] : values }, keys)
}

t.test(parseOperator.name, async (t) => {
  t.same(parseOperator('StringLike'), { name: 'StringLike', ifExists: false })
  t.same(parseOperator('ForAllValues:StringLikeIfExists'), { name: 'StringLike', ifExists: true, set: 'ForAllValues' })
  t.same(parseOperator('Null'), { name: 'Null', ifExists: false })
  t.equal(parseOperator('NullIfExists'), undefined, 'Null takes no IfExists')
  t.equal(parseOperator('StringMatches'), undefined)
  t.equal(parseOperator('ForSomeValues:StringEquals'), undefined)
})

t.test(`${conditionHolds.name}: one row per operator`, async (t) => {
  const now = '2026-03-01T12:00:00Z'
  // [operator, key, policy values, context, expected]
  const rows: [string, string, string | string[], Record<string, string | string[]>, boolean][] = [
    ['StringEquals', 'k', 'Abc', { k: 'Abc' }, true],
    ['StringEquals', 'k', 'Abc', { k: 'abc' }, false],
    ['StringEquals', 'k', 'a*', { k: 'abc' }, false],
    ['StringNotEquals', 'k', 'Abc', { k: 'abc' }, true],
    ['StringEqualsIgnoreCase', 'k', 'Abc', { k: 'aBC' }, true],
    ['StringNotEqualsIgnoreCase', 'k', 'Abc', { k: 'aBC' }, false],
    ['StringLike', 's3:prefix', 'home/*', { 's3:prefix': 'home/alice/' }, true],
    ['StringLike', 's3:prefix', 'home/?', { 's3:prefix': 'home/ab' }, false],
    ['StringNotLike', 's3:prefix', ['home/*', 'shared/*'], { 's3:prefix': 'tmp/x' }, true],
    ['StringNotLike', 's3:prefix', ['home/*', 'shared/*'], { 's3:prefix': 'shared/x' }, false],
    [
      'ArnEquals',
      'aws:PrincipalArn',
      'arn:aws:iam::111122223333:role/*',
      { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/app' },
      true,
    ],
    [
      'ArnLike',
      'aws:PrincipalArn',
      'arn:aws:iam::*:role/app',
      { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/app' },
      true,
    ],
    [
      'ArnLike',
      'aws:PrincipalArn',
      'arn:aws:iam::*:role/app',
      { 'aws:PrincipalArn': 'arn:aws-cn:iam::111122223333:role/app' },
      false,
    ],
    ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/app', { 'aws:PrincipalArn': 'not-an-arn' }, false],
    [
      'ArnNotLike',
      'aws:PrincipalArn',
      'arn:aws:iam::*:role/admin-*',
      { 'aws:PrincipalArn': 'arn:aws:iam::1:role/app' },
      true,
    ],
    [
      'ArnNotEquals',
      'aws:PrincipalArn',
      'arn:aws:iam::1:role/app',
      { 'aws:PrincipalArn': 'arn:aws:iam::1:role/app' },
      false,
    ],
    ['Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'false' }, true],
    ['Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': 'false' }, false],
    ['Bool', 'aws:SecureTransport', 'TRUE', { 'aws:SecureTransport': 'true' }, true],
    ['Null', 'aws:TokenIssueTime', 'true', {}, true],
    ['Null', 'aws:TokenIssueTime', 'true', { 'aws:TokenIssueTime': now }, false],
    ['Null', 'aws:TokenIssueTime', 'false', { 'aws:TokenIssueTime': now }, true],
    ['NumericEquals', 's3:max-keys', '10', { 's3:max-keys': '10' }, true],
    ['NumericNotEquals', 's3:max-keys', '10', { 's3:max-keys': '10.0' }, false],
    ['NumericLessThan', 's3:max-keys', '10', { 's3:max-keys': '9' }, true],
    ['NumericLessThanEquals', 's3:max-keys', '10', { 's3:max-keys': '10' }, true],
    ['NumericGreaterThan', 's3:max-keys', '10', { 's3:max-keys': '10' }, false],
    ['NumericGreaterThanEquals', 's3:max-keys', '10', { 's3:max-keys': '11' }, true],
    ['NumericLessThan', 's3:max-keys', '10', { 's3:max-keys': 'ten' }, false],
    ['DateLessThan', 'aws:CurrentTime', '2026-12-31T23:59:59Z', { 'aws:CurrentTime': now }, true],
    ['DateGreaterThan', 'aws:CurrentTime', '2026-12-31', { 'aws:CurrentTime': now }, false],
    ['DateEquals', 'aws:CurrentTime', '2026-03-01T12:00:00Z', { 'aws:CurrentTime': now }, true],
    ['DateNotEquals', 'aws:CurrentTime', '2026-03-01T12:00:00Z', { 'aws:CurrentTime': now }, false],
    ['DateLessThanEquals', 'aws:EpochTime', '1772366400', { 'aws:EpochTime': '1772366400' }, true],
    ['DateGreaterThanEquals', 'aws:CurrentTime', '1772366400', { 'aws:CurrentTime': now }, true],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.7' }, true],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '198.51.100.7' }, false],
    ['IpAddress', 'aws:SourceIp', '127.0.0.1', { 'aws:SourceIp': '::ffff:127.0.0.1' }, true],
    ['IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '2001:db8:1::5' }, true],
    ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8', '192.168.0.0/16'], { 'aws:SourceIp': '172.16.0.1' }, true],
    ['NotIpAddress', 'aws:SourceIp', ['10.0.0.0/8', '192.168.0.0/16'], { 'aws:SourceIp': '10.1.2.3' }, false],
    // missing keys: positive operators false, negated true, IfExists true
    ['StringEquals', 'aws:SourceVpc', 'vpc-1', {}, false],
    ['StringNotEquals', 'aws:SourceVpc', 'vpc-1', {}, true],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', {}, false],
    ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', {}, true],
    ['NumericLessThanIfExists', 's3:max-keys', '10', {}, true],
    ['NumericLessThanIfExists', 's3:max-keys', '10', { 's3:max-keys': '50' }, false],
    // set operators over a multi-valued key
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], {}, true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], { 'aws:TagKeys': [] }, true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], { 'aws:TagKeys': ['a'] }, true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['a', 'b'], { 'aws:TagKeys': ['a', 'c'] }, false],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a', 'b'], {}, false],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a', 'b'], { 'aws:TagKeys': [] }, false],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['a', 'b'], { 'aws:TagKeys': ['c', 'b'] }, true],
    ['ForAnyValue:StringEqualsIfExists', 'aws:TagKeys', 'a', {}, true],
    ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['a', 'b'] }, true],
    ['ForAllValues:StringNotEquals', 'aws:TagKeys', ['secret'], { 'aws:TagKeys': ['a', 'secret'] }, false],
    ['ForAnyValue:StringNotLike', 'aws:TagKeys', ['team*'], { 'aws:TagKeys': ['team', 'cost'] }, true],
  ]
  for (const [op, key, values, context, want] of rows) {
    t.equal(
      holds(op, key, values, context),
      want,
      `${op} ${key} ${JSON.stringify(values)} with ${JSON.stringify(context)}`,
    )
  }
})
