import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { cli, newStateDir, startDaemon } from '../helpers/cli.js'
import { managedContainers } from '../helpers/docker.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { startRegistry } from '../helpers/registry.js'
import { jsonOutputOf, outputOf, role, writeTask } from '../helpers/tasks.js'

interface Call {
  service: string
  action: string
  callerArn: string
  errorCode?: string
}

const PASSWORD = 'local-ecr-password-for-tests'
const SECRET_VALUES = ['plain-secret-value', 's3cr3t-json', 'ssm-secret-value', 'ssm-plain', 'file-value']
const EXEC_ALLOW = [
  'ecr:GetAuthorizationToken',
  'logs:*',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameters',
  's3:GetObject',
]

/** Prints the named variables as one JSON line. */
const printEnv = (names: string[]) => [
  'node',
  '-e',
  `console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n] ?? null]))))`,
]

t.test('the execution role pulls, fetches and ships; the task role cannot', async (t) => {
  const image = await ensureNodeSdkImage()
  const registry = await startRegistry(PASSWORD)
  t.teardown(registry.stop)
  const dir = newStateDir()
  const seed = join(dir, 'seed.json')
  writeFileSync(
    seed,
    JSON.stringify({
      ecr: { password: PASSWORD, registry: registry.host },
      roles: [
        { arn: role('noperm-task'), allow: ['sts:GetCallerIdentity'] },
        // An execution role without the Secrets Manager permission.
        { arn: role('noperm-exec'), allow: ['ecr:GetAuthorizationToken', 'logs:*'] },
        ...['pull', 'env', 'logs', 'deny'].flatMap((f) => [
          { arn: role(`${f}-task`), allow: ['sts:GetCallerIdentity'] },
          { arn: role(`${f}-exec`), allow: EXEC_ALLOW },
        ]),
      ],
      secrets: [
        { name: 'plain', value: 'plain-secret-value' },
        { name: 'db', value: JSON.stringify({ user: 'admin', pass: 's3cr3t-json' }) },
        { name: 'registry-creds', value: JSON.stringify({ username: 'AWS', password: PASSWORD }) },
      ],
      parameters: [
        { name: '/app/token', value: 'ssm-secret-value', type: 'SecureString' },
        { name: 'simple', value: 'ssm-plain' },
      ],
      objects: [
        {
          bucket: 'envs',
          key: 'app.env',
          body: '# comment\nFROM_FILE=file-value\nSHARED=from-file\nnoequals\nEMPTY=\n',
        },
        { bucket: 'envs', key: 'two.env', body: 'FROM_FILE=second-loses\nSECOND=2\n' },
      ],
    }),
  )
  const d = await startDaemon(['--aws', 'local', '--local-aws-seed', seed, '--ecr-registry', registry.host])
  t.teardown(d.stop)
  const run = (file: string) => cli(['run', file, '--aws', 'local', '--json'], d.env)
  const calls = () => d.client.localAwsCalls<Call>()
  /** One container running `script`, its output shipped by awslogs to `group` (stream prefix ecs). */
  const logsTask = (script: string, group: string, options: Record<string, string> = {}) =>
    writeTask(dir, 'logs', [
      {
        name: 'app',
        image,
        command: ['node', '-e', script],
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': group,
            'awslogs-region': 'us-east-1',
            'awslogs-stream-prefix': 'ecs',
            'awslogs-create-group': 'true',
            ...options,
          },
        },
      },
    ])

  t.test('an image only in a registry with basic auth, through the ECR path and repositoryCredentials', async (t) => {
    const ref = await registry.push(image, 'app:1')
    // The same registry under a name not declared as ECR: an anonymous pull, refused.
    const anonymous = ref.replace('127.0.0.1', 'localhost')
    // Earlier runs may have left them cached, and the default pull policy would fall back to a cached image.
    await registry.forget(ref, anonymous)
    const denied = await run(writeTask(dir, 'pull', [{ name: 'app', image: anonymous }]))
    t.equal(denied.code, 125, 'no token, no pull')
    t.match(denied.stdout, /CannotPullContainerError.*(no basic auth credentials|unauthorized)/)

    const ok = await run(writeTask(dir, 'pull', [{ name: 'app', image: ref }]))
    t.equal(ok.code, 0, ok.stdout)
    t.match(jsonOutputOf<{ Arn: string }>(ok, 'app')[0]?.Arn, /assumed-role\/pull-task\//)
    const tokenCalls = (await calls()).filter((c) => c.action === 'GetAuthorizationToken')
    t.ok(tokenCalls.length >= 1, 'ECR GetAuthorizationToken was called')
    t.ok(
      tokenCalls.every((c) => c.callerArn.includes('assumed-role/pull-exec/')),
      'by the execution role, never the task role',
    )

    const viaSecret = await run(
      writeTask(dir, 'pull', [
        { name: 'app', image: anonymous, repositoryCredentials: { credentialsParameter: 'registry-creds' } },
      ]),
    )
    t.equal(viaSecret.code, 0, viaSecret.stdout)
    const secretCalls = (await calls()).filter((c) => c.action === 'GetSecretValue')
    t.ok(secretCalls.length >= 1 && secretCalls.every((c) => c.callerArn.includes('assumed-role/pull-exec/')))
  })

  t.test('secrets and environment files reach the environment, with ECS precedence, and no log', async (t) => {
    const names = ['PLAIN', 'DB_PASS', 'TOKEN', 'SIMPLE', 'SHARED', 'FROM_FILE', 'SECOND', 'EMPTY', 'noequals']
    const file = writeTask(dir, 'env', [
      {
        name: 'app',
        image,
        command: printEnv(names),
        environment: [{ name: 'SHARED', value: 'from-env' }],
        secrets: [
          { name: 'PLAIN', valueFrom: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:plain' },
          { name: 'DB_PASS', valueFrom: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:db:pass::' },
          { name: 'TOKEN', valueFrom: '/app/token' },
          { name: 'SIMPLE', valueFrom: 'arn:aws:ssm:us-east-1:000000000000:parameter/simple' },
        ],
        environmentFiles: [
          { type: 's3', value: 'arn:aws:s3:::envs/app.env' },
          { type: 's3', value: 'arn:aws:s3:::envs/two.env' },
        ],
      },
    ])
    const r = await run(file)
    t.equal(r.code, 0, r.stdout)
    t.same(jsonOutputOf(r, 'app')[0], {
      PLAIN: 'plain-secret-value',
      DB_PASS: 's3cr3t-json',
      TOKEN: 'ssm-secret-value',
      SIMPLE: 'ssm-plain',
      SHARED: 'from-env',
      FROM_FILE: 'file-value',
      SECOND: '2',
      EMPTY: '',
      noequals: null,
    })
    for (const v of SECRET_VALUES) t.notOk(d.daemon.stderr().includes(v), `the daemon's log never shows ${v}`)
    const fetches = (await calls()).filter((c) => ['GetSecretValue', 'GetParameters', 'GetObject'].includes(c.action))
    t.ok(
      fetches.filter((c) => c.callerArn.includes('assumed-role/env-exec/')).length >= 3,
      'fetched by the execution role',
    )
    t.notOk(
      fetches.some((c) => c.callerArn.includes('-task/')),
      'never by a task role',
    )
  })

  t.test('awslogs: exactly the lines, in order, despite throttling and 500s', async (t) => {
    const big = 'x'.repeat(300_000)
    const script = `
      const out = []
      out.push('START 1 single', 'START 2 multi', '  continued a', '  continued b', 'START big ${big.slice(0, 10)}' + 'x'.repeat(${big.length - 10}))
      for (let i = 0; i < 100000; i++) out.push('START burst ' + i)
      process.stdout.write(out.join('\\n') + '\\n')`
    const expected = [
      'START 1 single',
      'START 2 multi',
      '  continued a',
      '  continued b',
      `START big ${big}`,
      ...Array.from({ length: 100000 }, (_, i) => `START burst ${i}`),
    ].join('\n')
    await d.client.injectFault({ service: 'logs', action: 'PutLogEvents', count: 2, error: 'ThrottlingException' })
    await d.client.injectFault({
      service: 'logs',
      action: 'PutLogEvents',
      count: 2,
      error: 'InternalFailure',
      status: 500,
    })
    const file = logsTask(script, 'app-logs', { 'awslogs-multiline-pattern': '^START' })
    const r = await run(file)
    t.equal(r.code, 0)
    t.equal(outputOf(r, 'app').length, 100005, 'the console echo still has every line')
    const taskId = (JSON.parse(r.stdout.split('\n')[0] as string) as { taskId: string }).taskId
    const events = await d.client.localAwsLogs<{ message: string; logStreamName: string }>('app-logs')
    t.ok(
      events.every((e) => e.logStreamName === `ecs/app/${taskId}`),
      'stream <prefix>/<container>/<task-id>',
    )
    const text = events.map((e) => e.message).join('')
    t.equal(text.length, expected.length + 1, 'nothing lost, nothing twice')
    t.ok(text === expected + '\n', 'exactly the lines, in order')
    t.ok(
      events.some((e) => e.message === 'START 2 multi\n  continued a\n  continued b\n'),
      'a multi-line record is one event',
    )
    t.ok(
      events.every((e) => Buffer.byteLength(e.message) <= 262144 - 26),
      'the long line was split',
    )
    const puts = (await calls()).filter((c) => c.action === 'PutLogEvents')
    t.ok(puts.filter((c) => c.errorCode).length >= 4, 'the injected faults were met')
    t.ok(
      puts.every((c) => c.callerArn.includes('assumed-role/logs-exec/')),
      'shipped with the execution role',
    )
  })

  t.test('awslogs mode: blocking holds the container while CloudWatch throttles; non-blocking drops', async (t) => {
    // 5,000 lines of 4 KB: 20 MB, twice the 10 MB buffer, so that the container has to wait (or lose lines)
    // while the first PutLogEvents is throttled 4 times (at least 1.875 s of backoff), whatever the pipes and
    // dockerd buffer on the way (a megabyte or two). Each line carries its write time.
    const N = 5_000
    const script = `const fs = require('fs'); const pad = 'p'.repeat(4000)
      for (let i = 0; i < ${N}; i++) fs.writeSync(1, i + ' ' + Date.now() + ' ' + pad + '\\n')`
    const stamp = (line: string) => Number(line.split(' ')[1])
    for (const mode of ['blocking', 'non-blocking']) {
      await d.client.injectFault({ service: 'logs', action: 'PutLogEvents', count: 4, error: 'ThrottlingException' })
      const group = `mode-${mode}`
      const file = logsTask(script, group, { mode })
      const r = await run(file)
      t.equal(r.code, 0, mode)
      const echoed = outputOf(r, 'app')
      t.equal(echoed.length, N, `${mode}: the console echo has every line`)
      const stored = (await d.client.localAwsLogs<{ message: string }>(group)).map((e) => e.message)
      if (mode === 'blocking') {
        t.ok(
          stored.length === N && stored.every((m, i) => m.startsWith(`${i} `)),
          'blocking: every line stored, once, in order',
        )
        const waited = stamp(echoed[N - 1]!) - stamp(echoed[0]!)
        t.ok(waited >= 1000, `blocking: the container's writes waited for CloudWatch (${waited} ms)`)
      } else {
        t.ok(stored.length > 0 && stored.length < N, `non-blocking: lines dropped (${N - stored.length})`)
        t.ok(
          stored.every((m, i) => i === 0 || stamp(m) >= stamp(stored[i - 1]!)),
          'non-blocking: what was kept is in order',
        )
      }
    }
  })

  t.test(
    'the task role is denied what the execution role does; a task without execution role is refused',
    async (t) => {
      const probe = `
      import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
      import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
      const out = {}
      for (const [name, call] of [['ecr', () => new ECRClient({}).send(new GetAuthorizationTokenCommand({}))],
        ['logs', () => new CloudWatchLogsClient({}).send(new DescribeLogGroupsCommand({}))]]) {
        try { await call(); out[name] = 'allowed' } catch (e) { out[name] = e.name }
      }
      console.log(JSON.stringify(out))`
      const file = writeTask(dir, 'deny', [
        { name: 'app', image, command: ['node', '--input-type=module', '-e', probe] },
      ])
      const r = await run(file)
      t.equal(r.code, 0, r.stdout)
      t.same(jsonOutputOf(r, 'app')[0], { ecr: 'AccessDeniedException', logs: 'AccessDeniedException' })

      const noExec = writeTask(
        dir,
        'noexec',
        [{ name: 'app', image, secrets: [{ name: 'X', valueFrom: '/app/token' }] }],
        { executionRoleArn: undefined },
      )
      const refused = await cli(['run', noExec, '--aws', 'local'], d.env)
      t.equal(refused.code, 2)
      t.match(refused.stderr, /executionRoleArn is required.*container app: secrets/)

      const before = await managedContainers()
      const noPerm = writeTask(dir, 'noperm', [
        {
          name: 'app',
          image,
          secrets: [{ name: 'X', valueFrom: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:plain' }],
        },
      ])
      const failed = await cli(['run', noPerm, '--aws', 'local'], d.env)
      t.equal(failed.code, 125, 'the task fails to start')
      t.match(failed.stderr, /ResourceInitializationError: unable to pull secrets or registry auth: .*AccessDenied/)
      t.notOk(failed.stderr.includes('plain-secret-value'))
      t.same(await managedContainers(), before, 'nothing left behind')
    },
  )
})
