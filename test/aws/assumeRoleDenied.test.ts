import t from 'tap'
import {
  assumeRoleDeniedDetail,
  denialCause,
  permissionStatement,
  trustPrincipal,
  trustStatement,
} from '../../src/aws/assumeRoleDenied.js'

const ROLE = 'arn:aws:iam::111122223333:role/app-task'
const ALICE = 'arn:aws:iam::111122223333:user/alice'
const SSO = 'arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_Dev_0123/alice'
const denied = (caller: string, tail = '') =>
  `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${ROLE}${tail}`
/** The detail for a known caller refused with AWS's message ending in `tail`. */
const detailFor = (callerArn: string, tail = '') =>
  assumeRoleDeniedDetail({ roleArn: ROLE, serviceMessage: denied(callerArn, tail), callerArn })

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
  t.equal(permissionStatement(ROLE), `{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"${ROLE}"}`)
})

t.test(denialCause.name, async (t) => {
  t.same(denialCause(denied(ALICE)), { kind: 'trust' }, "STS's bare sentence: the trust policy")
  t.same(denialCause(undefined), { kind: 'trust' })
  t.same(denialCause(denied(ALICE, ' because no resource-based policy allows the sts:AssumeRole action')), {
    kind: 'trust',
  })
  t.same(denialCause(denied(ALICE, ' because no identity-based policy allows the sts:AssumeRole action')), {
    kind: 'implicitDeny',
    by: 'identity-based policy',
  })
  t.same(denialCause(denied(ALICE, ' because no permissions boundary allows the sts:AssumeRole action')), {
    kind: 'implicitDeny',
    by: 'permissions boundary',
  })
  t.same(
    denialCause(
      denied(ALICE, ' with an explicit deny in an identity-based policy: arn:aws:iam::111122223333:policy/NoRoles'),
    ),
    {
      kind: 'explicitDeny',
      by: 'identity-based policy',
      policyArn: 'arn:aws:iam::111122223333:policy/NoRoles',
    },
  )
  t.same(denialCause(denied(ALICE, ' with an explicit deny in a service control policy')), {
    kind: 'explicitDeny',
    by: 'service control policy',
  })
})

t.test(`${assumeRoleDeniedDetail.name}: the trust policy refused a user`, async (t) => {
  const detail = detailFor(ALICE)
  t.match(detail, /^AccessDenied: User: arn:aws:iam::111122223333:user\/alice is not authorized/)
  t.match(detail, `The caller is ${ALICE}`)
  t.match(detail, `Add this statement to the trust policy of ${ROLE}:`)
  t.match(detail, trustStatement(ALICE))
  t.notMatch(detail, 'has a path', 'no path hint for users')
  t.notMatch(detail, 'own permissions', 'no identity-policy advice: the trust policy is what refused')
})

t.test(`${assumeRoleDeniedDetail.name}: the trust policy refused a role session of another account`, async (t) => {
  const detail = detailFor(SSO)
  t.match(detail, `The caller is ${SSO}`)
  t.match(detail, trustStatement('arn:aws:iam::444455556666:role/AWSReservedSSO_Dev_0123'), 'role ARN, not session')
  t.match(detail, 'aws iam get-role --role-name AWSReservedSSO_Dev_0123 --query Role.Arn', 'path hint')
  t.notMatch(detail, "caller's own policies", 'had those refused, AWS would have said so: no advice that cannot help')
})

t.test(`${assumeRoleDeniedDetail.name}: the caller's own policies lack sts:AssumeRole`, async (t) => {
  const detail = detailFor(SSO, ' because no identity-based policy allows the sts:AssumeRole action')
  t.match(detail, "The caller's own permissions do not allow sts:AssumeRole")
  t.match(detail, 'Add this statement to the policies of arn:aws:iam::444455556666:role/AWSReservedSSO_Dev_0123:')
  t.match(detail, permissionStatement(ROLE))
  t.notMatch(detail, 'trust policy of', 'no trust-policy edit: it would not help')
  t.notMatch(detail, trustStatement('arn:aws:iam::444455556666:role/AWSReservedSSO_Dev_0123'))
})

t.test(`${assumeRoleDeniedDetail.name}: an explicit deny`, async (t) => {
  const arn = 'arn:aws:iam::111122223333:policy/NoRoles'
  const detail = detailFor(ALICE, ` with an explicit deny in an identity-based policy: ${arn}`)
  t.match(detail, `A Deny statement in the policies of ${ALICE} (${arn}) refuses sts:AssumeRole`)
  t.match(detail, 'adding a statement anywhere else cannot help')
  t.notMatch(detail, '"Effect":"Allow"', 'no Allow statement to add')
  const inTrust = detailFor(ALICE, ' with an explicit deny in a resource-based policy')
  t.match(inTrust, `A Deny statement in the trust policy of ${ROLE}`)
  t.notMatch(inTrust, '"Effect":"Allow"')
})

t.test(`${assumeRoleDeniedDetail.name}: policies neither side controls`, async (t) => {
  const scp = detailFor(ALICE, ' with an explicit deny in a service control policy')
  t.match(scp, "AWS Organizations service control policy over the caller's account")
  t.match(scp, "Only the organization's administrator can change it")
  const session = detailFor(SSO, ' because no session policy allows the sts:AssumeRole action')
  t.match(session, 'Nothing in the session policies the base credentials were issued with')
  t.match(session, 'Use credentials issued without session policies')
  t.notMatch(session, '"Effect":"Allow"')
  const boundary = detailFor(ALICE, ' because no permissions boundary allows the sts:AssumeRole action')
  t.match(boundary, `Nothing in the permissions boundary of ${ALICE} allows`)
  t.match(boundary, permissionStatement(ROLE))
})

t.test(`${assumeRoleDeniedDetail.name}: caller unknown`, async (t) => {
  const detail = assumeRoleDeniedDetail({ roleArn: ROLE, callerError: 'ExpiredToken: token expired' })
  t.match(detail, 'GetCallerIdentity: ExpiredToken: token expired')
  t.match(detail, 'aws sts get-caller-identity')
  t.match(detail, trustStatement('<caller ARN>'))
  const identity = assumeRoleDeniedDetail({
    roleArn: ROLE,
    serviceMessage: denied(ALICE, ' because no identity-based policy allows the sts:AssumeRole action'),
    callerError: 'x',
  })
  t.match(identity, 'Add this statement to the policies of the caller (see `aws sts get-caller-identity`):')
})
