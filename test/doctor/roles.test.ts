import t from 'tap'
import { checkRole, DOCTOR_SESSION_NAME, DOCTOR_SESSION_SECONDS } from '../../src/doctor/checks/roles.js'
import type { AwsOutcome } from '../../src/doctor/probes.js'
import type { GetCallerIdentityResponse } from '@aws-sdk/client-sts'
import { awsError, CALLER, config, ECR_IMAGE, EXEC_ROLE, fakeProbes, sysError, TASK_ROLE } from './fakeProbes.js'

const caller: AwsOutcome<GetCallerIdentityResponse> = { ok: true, value: { Arn: CALLER, Account: '111122223333' } }
const refusing = (error: unknown, endpoint?: string) =>
  fakeProbes({ assumeRole: async () => ({ ok: false, error, ...(endpoint && { endpoint }) }) })
const denied = (message: string) => awsError('AccessDenied', message, 403)
const notAuthorized = (who: string, role = TASK_ROLE) =>
  `User: ${who} is not authorized to perform: sts:AssumeRole on resource: ${role}`

t.test('the role can be assumed: asked as the daemon asks, 900 s, a session named like its own', async (t) => {
  const probes = fakeProbes()
  const r = await checkRole(probes, config(), { kind: 'task-role', roleArn: TASK_ROLE, caller })
  t.match(r, { name: 'task-role', status: 'ok' })
  t.match(
    r.detail,
    `${TASK_ROLE} can be assumed (session arn:aws:sts::111122223333:assumed-role/app-task/ecs-local-doctor)`,
  )
  t.equal(DOCTOR_SESSION_NAME, 'ecs-local-doctor')
  t.same(probes.recorded.assumed, [{ roleArn: TASK_ROLE, sessionName: 'ecs-local-doctor', durationSeconds: 900 }])
  t.equal(DOCTOR_SESSION_SECONDS, 900)
})

t.test('AccessDenied by the trust policy: the statement to add, for this caller', async (t) => {
  const probes = refusing(denied(notAuthorized(CALLER)))
  const r = await checkRole(probes, config(), { kind: 'task-role', roleArn: TASK_ROLE, caller })
  t.match(r, { status: 'FAIL', code: 'ECSL_ERR_ASSUME_ROLE' })
  t.equal(r.detail, `${TASK_ROLE}: AccessDenied: ${notAuthorized(CALLER)}`)
  t.match(r.fix, `Add this statement to the trust policy of ${TASK_ROLE}:`)
  t.match(r.fix, `{"Effect":"Allow","Principal":{"AWS":"${CALLER}"},"Action":"sts:AssumeRole"}`)
})

t.test('AccessDenied for a role-session caller: the trust names the role, not the session', async (t) => {
  const sso = 'arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_Dev_0123/alice'
  const ssoCaller: typeof caller = { ok: true, value: { Arn: sso } }
  const r = await checkRole(refusing(denied(notAuthorized(sso, EXEC_ROLE))), config(), {
    kind: 'execution-role',
    roleArn: EXEC_ROLE,
    caller: ssoCaller,
  })
  t.match(r, { name: 'execution-role', status: 'FAIL' })
  t.match(r.fix, '"Principal":{"AWS":"arn:aws:iam::444455556666:role/AWSReservedSSO_Dev_0123"}')
  t.match(r.fix, 'aws iam get-role --role-name AWSReservedSSO_Dev_0123')
})

t.test("AccessDenied by the caller's own policy: the permission to add instead", async (t) => {
  const message = `${notAuthorized(CALLER)} because no identity-based policy allows the sts:AssumeRole action`
  const r = await checkRole(refusing(denied(message)), config(), { kind: 'task-role', roleArn: TASK_ROLE, caller })
  t.match(r.fix, `{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"${TASK_ROLE}"}`)
  t.notMatch(r.fix, 'trust policy of')
})

t.test('STS unreachable while assuming', async (t) => {
  const probes = refusing(sysError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'), 'http://127.0.0.1:9')
  const r = await checkRole(probes, config(), { kind: 'task-role', roleArn: TASK_ROLE, caller })
  t.match(r, { status: 'FAIL', code: 'ECSL_ERR_ASSUME_ROLE', detail: /STS does not answer at 127.0.0.1:9/ })
  t.match(r.fix, 'check proxy/VPN/DNS for 127.0.0.1:9')
})

t.test('other STS refusals: the message, and what to check', async (t) => {
  const invalid = awsError('ValidationError', '1 validation error detected: roleArn', 400)
  const r = await checkRole(refusing(invalid), config(), { kind: 'task-role', roleArn: TASK_ROLE, caller })
  t.match(r, { status: 'FAIL', detail: `${TASK_ROLE}: ValidationError: 1 validation error detected: roleArn` })
  t.match(r.fix, 'aws iam get-role --role-name app-task')
  const region = awsError('RegionDisabledException', 'STS is not activated in this region', 403)
  const off = await checkRole(refusing(region), config({ region: 'ap-east-1' }), {
    kind: 'task-role',
    roleArn: TASK_ROLE,
    caller,
  })
  t.match(off.fix, 'activate STS in region ap-east-1')
})

t.test('no role of that kind: skipped, nothing asked', async (t) => {
  const probes = fakeProbes()
  const r = await checkRole(probes, config(), { kind: 'task-role', roleArn: undefined, caller })
  t.match(r, { status: 'skip', detail: 'no taskRoleArn in the task definition' })
  t.same(probes.recorded.assumed, [])
})

t.test('no execution role although the task needs one: what Agent.check will refuse', async (t) => {
  const r = await checkRole(fakeProbes(), config(), {
    kind: 'execution-role',
    roleArn: undefined,
    caller,
    executionNeeds: [`container app: ECR image ${ECR_IMAGE}`],
  })
  t.match(r, { status: 'FAIL', code: 'ECSL_ERR_TASKDEF_INVALID' })
  t.match(
    r.detail,
    `executionRoleArn is required: the execution role is what pulls, fetches and ships for container app: ECR image ${ECR_IMAGE}`,
  )
  t.match(r.fix, 'docs/execution-role.md')
})

t.test('skipped under --aws local, and without base credentials', async (t) => {
  const probes = fakeProbes()
  const local = await checkRole(probes, config({ aws: 'local' }), {
    kind: 'task-role',
    roleArn: TASK_ROLE,
    caller: undefined,
  })
  t.match(local, {
    status: 'skip',
    detail: /--aws local; the embedded local AWS lets its base identity assume any role/,
  })
  const none = await checkRole(probes, config(), {
    kind: 'task-role',
    roleArn: TASK_ROLE,
    caller: { ok: false, error: new Error('no credentials') },
  })
  t.match(none, { status: 'skip', detail: `${TASK_ROLE}: needs base credentials (see base-credentials)` })
  t.same(probes.recorded.assumed, [])
})
