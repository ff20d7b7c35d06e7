import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import t, { type Test } from 'tap'
import type { Agent } from '../../src/agent/agent.js'
import { policyNote } from '../../src/cli/policy.js'
import type { RolePolicy } from '../../src/control/protocol.js'
import { rolePolicy, type RolePolicyDeps } from '../../src/control/rolePolicy.js'
import { buildControlApp, type ControlDeps } from '../../src/control/server.js'
import { ERRORS } from '../../src/errors.js'
import { createLogger } from '../../src/log.js'
import { CLI } from '../helpers/cli.js'
import { startLocalAws } from '../localaws/helpers.js'

// `ecs-local local-aws policy` end to end without Docker: the built CLI, the control API on a unix socket, and a
// real local AWS that official SDK clients called as a role session. The daemon's agent is a stand-in that
// knows one task.

const ACCT = '111122223333'
const ROLE = `arn:aws:iam::${ACCT}:role/app-task`
const TASK_ID = '5f3c0a1b2c3d4e5f60718293a4b5c6d7'
const TASK_ARN = `arn:aws:ecs:us-east-1:${ACCT}:task/default/${TASK_ID}`
const STREAM = `arn:aws:logs:us-east-1:${ACCT}:log-group:/app:log-stream:app/events`

const seed = {
  roles: [
    {
      arn: ROLE,
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::config/app/*' },
            { Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: '*' },
          ],
        },
      ],
    },
  ],
  objects: [
    { bucket: 'config', key: 'app/settings.env', body: 'MODE=prod\n' },
    { bucket: 'config', key: 'other.env', body: 'X=1\n' },
  ],
  logGroups: ['/app'],
}

const agent = {
  get: () => undefined,
  roles: (id: string) => (id === TASK_ID || id === TASK_ARN ? { taskArn: TASK_ARN, taskRoleArn: ROLE } : undefined),
} as unknown as Agent

/** A local AWS the role's session called: one read, one read it may not do, one stream, one refused write. */
async function calledLocalAws(t: Test) {
  const { local, client, assume } = await startLocalAws(t, { accountId: ACCT, seed })
  const credentials = await assume(ROLE, `ecs-local-${TASK_ID}`)
  const s3 = client(S3Client, { credentials, forcePathStyle: true })
  await s3.send(new GetObjectCommand({ Bucket: 'config', Key: 'app/settings.env' }))
  await t.rejects(s3.send(new GetObjectCommand({ Bucket: 'config', Key: 'other.env' })), { name: 'AccessDenied' })
  const logs = client(CloudWatchLogsClient, { credentials })
  await logs.send(new CreateLogStreamCommand({ logGroupName: '/app', logStreamName: 'app/events' }))
  const put = new PutLogEventsCommand({
    logGroupName: '/app',
    logStreamName: 'app/events',
    logEvents: [{ timestamp: Date.now(), message: 'hello' }],
  })
  await t.rejects(logs.send(put), { name: 'AccessDeniedException' })
  return local
}

function control(t: Test, deps: Partial<ControlDeps>) {
  const app = buildControlApp({
    agent,
    info: { version: '0', pid: 1, aws: 'local', region: 'us-east-1', endpoint: { host: '127.0.0.1', port: 80 } },
    logger: createLogger({ level: 'silent' }),
    touch: () => {},
    shutdown: () => {},
    ...deps,
  })
  t.teardown(() => app.close())
  return app
}

function cli(stateDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, ECS_LOCAL_STATE_DIR: stateDir }
    execFile(process.execPath, [CLI, 'local-aws', 'policy', ...args], { env }, (e, stdout, stderr) =>
      resolve({ code: e ? Number((e as { code?: number }).code) : 0, stdout, stderr }),
    )
  })
}

t.test('local-aws policy prints the role’s policy on stdout and what it covers on stderr', async (t) => {
  const local = await calledLocalAws(t)
  const stateDir = mkdtempSync(join(tmpdir(), 'ecs-local-policy-'))
  await control(t, { localAws: local }).listen({ path: join(stateDir, 'control.sock') })

  const byRole = await cli(stateDir, ['--role', ROLE])
  t.equal(byRole.code, 0, byRole.stderr)
  t.strictSame(JSON.parse(byRole.stdout), {
    Version: '2012-10-17',
    Statement: [
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
        Resource: ['arn:aws:s3:::config/app/settings.env', 'arn:aws:s3:::config/other.env'],
      },
    ],
  })
  t.equal(byRole.stdout, `${JSON.stringify(JSON.parse(byRole.stdout), null, 2)}\n`, 'indented by 2')
  t.match(byRole.stderr, `least-privilege policy for ${ROLE}\n`)
  t.match(byRole.stderr, /built from 4 calls of its sessions, \S+Z to \S+Z; 2 of them had been denied/)
  t.match(byRole.stderr, /it covers only what ran: code paths those calls did not exercise are not in it/)

  const byTask = await cli(stateDir, [TASK_ID])
  t.equal(byTask.code, 0, byTask.stderr)
  t.equal(byTask.stdout, byRole.stdout, 'the task names its task role')
  t.match(byTask.stderr, `(the task role of task ${TASK_ARN})`)
  t.equal((await cli(stateDir, [TASK_ARN])).stdout, byRole.stdout, 'by ARN too')

  const failures: [string[], number, RegExp][] = [
    [[TASK_ID, '--execution'], 1, /no policy for task \S+: it has no execution role \(executionRoleArn\)/],
    [['0000'], 1, /ecs-local: no task 0000/],
    [
      ['--role', `arn:aws:iam::${ACCT}:role/never-assumed`],
      1,
      /no policy for role \S+never-assumed: the local AWS's call log holds no call/,
    ],
    [['--role', 'app-task'], 2, /--role app-task is not a role ARN/],
    [[], 2, /usage: ecs-local local-aws policy TASK/],
    [[TASK_ID, '--role', ROLE], 2, /usage: ecs-local local-aws policy TASK/],
    [['--role', ROLE, '--execution'], 2, /--execution picks a task's execution role/],
    [[TASK_ID, '--bogus'], 2, /Unknown option '--bogus'/],
  ]
  for (const [args, code, message] of failures) {
    const r = await cli(stateDir, args)
    t.equal(r.code, code, `${args.join(' ')}: exit ${code}`)
    t.match(r.stderr, message, args.join(' '))
    t.equal(r.stdout, '', `${args.join(' ')}: nothing on stdout`)
  }
})

t.test('GET /v1/local-aws/policy refuses with table errors', async (t) => {
  const local = await calledLocalAws(t)
  const cases = [
    { deps: {}, url: `/v1/local-aws/policy?role=${ROLE}`, error: new ERRORS.ECSL_ERR_NOT_LOCAL_AWS() },
    {
      deps: { localAws: local },
      url: `/v1/local-aws/policy?task=nope`,
      error: new ERRORS.ECSL_ERR_TASK_NOT_FOUND('nope'),
    },
  ]
  for (const { deps, url, error } of cases) {
    const res = await control(t, deps).inject({ method: 'GET', url })
    t.equal(res.statusCode, error.statusCode, url)
    t.strictSame(res.json(), { code: error.code, message: error.message }, url)
  }
  for (const query of [
    '',
    `role=${ROLE}&task=${TASK_ID}`,
    `role=${ROLE}&execution=true`,
    `task=${TASK_ID}&execution=yes`,
    `role=${ROLE}&role=${ROLE}`,
    'role=x',
  ]) {
    const res = await control(t, { localAws: local }).inject({ method: 'GET', url: `/v1/local-aws/policy?${query}` })
    t.equal(res.statusCode, 400, query)
    t.equal(res.json().code, 'ECSL_ERR_CONFIG', query)
  }
})

t.test(`${rolePolicy.name} picks the task's role, or its execution role`, async (t) => {
  const built = {
    calls: 1,
    denied: 0,
    explicitlyDenied: 0,
    from: 'a',
    to: 'b',
    policy: { Version: '2012-10-17' as const, Statement: [] },
  }
  const deps: RolePolicyDeps = {
    taskRoles: () => ({ taskArn: TASK_ARN, taskRoleArn: ROLE, executionRoleArn: `${ROLE}-exec` }),
    leastPrivilege: (roleArn) => ({ roleArn, ...built }),
  }
  t.match(rolePolicy({ task: TASK_ID }, deps), { roleArn: ROLE, task: { taskArn: TASK_ARN, role: 'task' } })
  t.match(rolePolicy({ task: TASK_ID, execution: 'true' }, deps), {
    roleArn: `${ROLE}-exec`,
    task: { role: 'execution' },
  })
  t.notOk('task' in rolePolicy({ role: ROLE }, deps), 'a role given by ARN names no task')
  const none: RolePolicyDeps = {
    ...deps,
    leastPrivilege: (roleArn) => ({ roleArn, calls: 0, denied: 0, explicitlyDenied: 3 }),
  }
  t.throws(() => rolePolicy({ role: ROLE }, none), {
    code: 'ECSL_ERR_NO_POLICY',
    message: /assumed-role\/app-task\/\.\.\.\) that needed a permission; 3 were refused by an explicit Deny/,
  })
})

t.test(`${policyNote.name}`, async (t) => {
  const r: RolePolicy = {
    roleArn: ROLE,
    policy: { Version: '2012-10-17', Statement: [] },
    calls: 1,
    denied: 0,
    explicitlyDenied: 2,
    from: '2025-01-01T00:00:00.000Z',
    to: '2025-01-01T00:00:00.000Z',
  }
  t.equal(
    policyNote(r),
    [
      `ecs-local: least-privilege policy for ${ROLE}`,
      'ecs-local: built from 1 call of its sessions, 2025-01-01T00:00:00.000Z to 2025-01-01T00:00:00.000Z; none had been denied',
      'ecs-local: it covers only what ran: code paths those calls did not exercise are not in it',
      'ecs-local: 2 call(s) refused by an explicit Deny: what the Deny refused is left out',
      '',
    ].join('\n'),
  )
})
