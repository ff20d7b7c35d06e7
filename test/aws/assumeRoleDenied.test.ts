import t from 'tap'
import { assumeRoleDeniedDetail, trustPrincipal, trustStatement } from '../../src/aws/assumeRoleDenied.js'

const ROLE = 'arn:aws:iam::111122223333:role/app-task'

t.test(trustPrincipal.name, async (t) => {
  t.same(trustPrincipal('arn:aws:sts::111122223333:assumed-role/Developer/alice@example.com'), {
    principal: 'arn:aws:iam::111122223333:role/Developer',
    roleName: 'Developer',
  })
  t.same(trustPrincipal('arn:aws-cn:sts::111122223333:assumed-role/Ops/i-0abc'), {
    principal: 'arn:aws-cn:iam::111122223333:role/Ops',
    roleName: 'Ops',
  })
  for (const arn of [
    'arn:aws:iam::111122223333:user/alice',
    'arn:aws:iam::111122223333:user/team/alice',
    'arn:aws:iam::111122223333:root',
    'arn:aws:sts::111122223333:federated-user/bob',
  ]) {
    t.same(trustPrincipal(arn), { principal: arn }, `${arn} used as it is`)
  }
})

t.test(trustStatement.name, async (t) => {
  t.equal(
    trustStatement('arn:aws:iam::111122223333:user/alice'),
    '{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"sts:AssumeRole"}',
  )
})

t.test(`${assumeRoleDeniedDetail.name}: caller is a user`, async (t) => {
  const detail = assumeRoleDeniedDetail({
    roleArn: ROLE,
    serviceMessage: 'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole',
    callerArn: 'arn:aws:iam::111122223333:user/alice',
  })
  t.match(detail, /^AccessDenied: User: arn:aws:iam::111122223333:user\/alice is not authorized/)
  t.match(detail, 'The caller is arn:aws:iam::111122223333:user/alice')
  t.match(detail, `Add this statement to the trust policy of ${ROLE}:`)
  t.match(detail, trustStatement('arn:aws:iam::111122223333:user/alice'))
  t.notMatch(detail, 'has a path', 'no path hint for users')
  t.notMatch(detail, 'another account', 'same account: the trust policy alone grants it')
})

t.test(`${assumeRoleDeniedDetail.name}: caller is a role session`, async (t) => {
  const callerArn = 'arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_Dev_0123/alice'
  const detail = assumeRoleDeniedDetail({ roleArn: ROLE, callerArn })
  t.match(detail, `The caller is ${callerArn}`)
  t.match(detail, trustStatement('arn:aws:iam::444455556666:role/AWSReservedSSO_Dev_0123'), 'role ARN, not session')
  t.match(detail, 'aws iam get-role --role-name AWSReservedSSO_Dev_0123 --query Role.Arn', 'path hint')
  t.match(detail, "caller's own policies must also allow sts:AssumeRole", 'cross-account note')
})

t.test(`${assumeRoleDeniedDetail.name}: caller unknown`, async (t) => {
  const detail = assumeRoleDeniedDetail({ roleArn: ROLE, callerError: 'ExpiredToken: token expired' })
  t.match(detail, 'GetCallerIdentity: ExpiredToken: token expired')
  t.match(detail, 'aws sts get-caller-identity')
  t.match(detail, trustStatement('<caller ARN>'))
})
