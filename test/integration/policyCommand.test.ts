import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import type { CallRecord } from '../../src/localaws/index.js'
import { cli, newStateDir, startDaemon } from '../helpers/cli.js'
import { ensureNodeAppImage } from '../helpers/images.js'
import { ACCOUNT, events, jsonOutputOf, role, writeTask } from '../helpers/tasks.js'

// `local-aws policy` as users run it: a passing task under --aws local gives its task role's least-privilege
// policy; seeded back as the role's only policy in a fresh daemon, the same task passes and a call outside it
// (another key) is denied.

interface Step {
  step: string
  ok: boolean
  body?: string
  error?: string
  message?: string
}

const BUCKET = 'policy-test'
const KEY = 'app/config.txt'
const OTHER = 'app/other.txt'
const GROUP = '/policy-test'
const STREAM = 'app/run'
const TASK_ROLE = role('policy-task')
const data = {
  objects: [
    { bucket: BUCKET, key: KEY, body: 'mode=test' },
    { bucket: BUCKET, key: OTHER, body: 'not for this app' },
  ],
  logGroups: [GROUP],
}

t.test('local-aws policy: the task role’s policy from a passing run, and the same task under it', async (t) => {
  const image = await ensureNodeAppImage()
  const dir = newStateDir()
  const environment = [
    { name: 'BUCKET', value: BUCKET },
    { name: 'KEY', value: KEY },
    { name: 'LOG_GROUP', value: GROUP },
    { name: 'LOG_STREAM', value: STREAM },
  ]
  const file = writeTask(dir, 'policy', [{ name: 'app', image, environment }])
  const seedFile = (name: string, seed: object) => {
    const path = join(dir, name)
    writeFileSync(path, JSON.stringify(seed))
    return path
  }

  // 1. A daemon whose roles may do everything (none is seeded): the app passes; its calls are the policy.
  const first = await startDaemon([
    '--aws',
    'local',
    '--region',
    'us-east-1',
    '--local-aws-seed',
    seedFile('open.json', data),
  ])
  t.teardown(first.stop)
  const ran = await cli(['run', file, '--aws', 'local', '--json'], first.env)
  t.equal(ran.code, 0, ran.stdout + ran.stderr)
  t.match(jsonOutputOf<Step>(ran, 'app'), [
    { step: 'read', ok: true, body: 'mode=test' },
    { step: 'stream', ok: true },
    { step: 'log', ok: true },
  ])
  const started = events(ran).find((e) => e.type === 'task')
  const taskId = started?.type === 'task' ? started.taskId : ''
  t.ok(taskId, 'run --json names the task')

  // The task has stopped: the daemon still knows its roles.
  const byTask = await cli(['local-aws', 'policy', taskId], first.env)
  t.equal(byTask.code, 0, byTask.stderr)
  const policy = JSON.parse(byTask.stdout) as object
  t.strictSame(policy, {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'LogsCreateLogStreamPutLogEvents',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${GROUP}:log-stream:${STREAM}`,
      },
      { Sid: 'S3GetObject', Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/${KEY}` },
    ],
  })
  t.match(byTask.stderr, `least-privilege policy for ${TASK_ROLE} (the task role of task `)
  t.match(byTask.stderr, /built from 3 calls of its sessions, \S+Z to \S+Z; none had been denied/)
  t.match(byTask.stderr, /covers only what ran/)
  const byRole = await cli(['local-aws', 'policy', '--role', TASK_ROLE], first.env)
  t.equal(byRole.stdout, byTask.stdout, '--role gives the same document')
  const execution = await cli(['local-aws', 'policy', taskId, '--execution'], first.env)
  t.equal(execution.code, 1, 'the execution role made no call: nothing to build')
  t.match(execution.stderr, /no policy for role arn:aws:iam::000000000000:role\/policy-exec: .*no call/)
  t.equal(execution.stdout, '')
  await first.stop()

  // 2. A fresh daemon where that document is the task role's only policy.
  const seed = { ...data, roles: [{ arn: TASK_ROLE, policies: [policy] }] }
  const second = await startDaemon([
    '--aws',
    'local',
    '--region',
    'us-east-1',
    '--local-aws-seed',
    seedFile('least.json', seed),
  ])
  t.teardown(second.stop)
  const again = await cli(['run', file, '--aws', 'local', '--json'], second.env)
  t.equal(again.code, 0, again.stdout + again.stderr)
  t.match(jsonOutputOf<Step>(again, 'app'), [
    { step: 'read', ok: true, body: 'mode=test' },
    { step: 'stream', ok: true },
    { step: 'log', ok: true },
  ])

  const outside = await cli(['run', file, '--aws', 'local', '--json', '--env', `EXTRA_KEY=${OTHER}`], second.env)
  t.equal(outside.code, 1, 'the app fails on the call its policy does not allow')
  const extra = jsonOutputOf<Step>(outside, 'app').find((s) => s.step === 'extra')
  t.match(extra, {
    ok: false,
    error: 'AccessDenied',
    message: new RegExp(
      `is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::${BUCKET}/${OTHER}" because no identity-based policy allows`,
    ),
  })
  const calls = await second.client.localAwsCalls<CallRecord>()
  const ofTask = calls.filter((c) => c.callerArn.includes(':assumed-role/policy-task/') && c.decision)
  t.ok(ofTask.length >= 7, 'both runs called as the task role')
  const denied = ofTask.filter((c) => c.decision?.result !== 'allowed')
  t.strictSame(
    denied.map((c) => [c.action, c.decision?.resource, c.decision?.result]),
    [['GetObject', `arn:aws:s3:::${BUCKET}/${OTHER}`, 'implicitDeny']],
    'the other key, and nothing else, was denied',
  )
  t.ok(
    ofTask
      .filter((c) => c.decision?.result === 'allowed')
      .every((c) => c.decision?.statements[0]?.policy === 'policies[0]'),
    'every allowed call was allowed by the generated document',
  )
})
