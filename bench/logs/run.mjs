// bench/logs: a container prints LINES lines; lines/s from the container's start to the last line stored in
// the local CloudWatch Logs, for ecs-local's forwarder and for Docker's own awslogs driver pointed at the same
// kind of local AWS, alternated ROUNDS times; prints medians, the ratio and lost/duplicated counts.
// Usage: npm run build && node bench/logs/run.mjs [ROUNDS] [LINES]
//
// Docker's driver runs inside dockerd on the host, so its credentials come from `awslogs-credentials-endpoint`
// at 169.254.170.2:80. While ecs-local's daemon owns that port, the Docker rounds run with the daemon stopped:
// this script then runs its own embedded local AWS and serves the execution role's session to dockerd itself.
import { execFile, execFileSync, spawn } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { ControlClient } from '../../dist/control/client.js'
import { createDockerClient } from '../../dist/docker/client.js'
import { ensureNodeImage } from '../../dist/docker/nodeImage.js'
import { createLocalAws } from '../../dist/localaws/index.js'
import { createLogger } from '../../dist/log.js'

const ROUNDS = Number(process.argv[2] ?? 2)
const LINES = Number(process.argv[3] ?? 200_000)
const root = fileURLToPath(new URL('../..', import.meta.url))
const cliPath = join(root, 'dist/cli/main.js')
const exec = promisify(execFile)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const printer = `let s='';for(let i=0;i<${LINES};i++)s+='line '+i+'\\n';process.stdout.write(s)`

const image = await ensureNodeImage(createDockerClient(), {
  tag: 'ecs-local-bench/node',
  packages: [],
  nodeModulesDir: join(root, 'node_modules'),
  labels: { 'ecs-local-bench': 'true' },
})

/** Lost and duplicated lines among the stored messages. */
function check(messages) {
  const seen = new Uint8Array(LINES)
  let duplicated = 0
  for (const m of messages) {
    const i = Number(m.replace(/\n$/, '').slice(5))
    if (seen[i]) duplicated++
    seen[i] = 1
  }
  return { lost: seen.reduce((a, v) => a + (v ? 0 : 1), 0), duplicated }
}

/** Polls a count of stored events until it reaches `lines`; the moment it did. */
async function until(lines, count, limitMs = 180_000) {
  const end = Date.now() + limitMs
  for (;;) {
    const n = await count()
    if (process.env.BENCH_DEBUG) console.error('count', n)
    if (n >= lines || Date.now() > end) return { at: Date.now() }
    await sleep(100)
  }
}

async function ecsLocalRound(n) {
  const stateDir = mkdtempSync(join(tmpdir(), 'ecs-local-bench-'))
  const env = { ...process.env, ECS_LOCAL_STATE_DIR: stateDir }
  // BENCH_DAEMON_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", to profile the daemon under load.
  const nodeArgs = (process.env.BENCH_DAEMON_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const daemon = spawn(process.execPath, [...nodeArgs, cliPath, 'daemon', '--aws', 'local', '--log-level', 'warn'], {
    env,
    stdio: 'inherit',
  })
  const client = new ControlClient(join(stateDir, 'control.sock'))
  while (!(await client.info().catch(() => undefined))) await sleep(100)
  const group = `bench-ecs-local-${n}`
  const file = join(stateDir, 'task.json')
  writeFileSync(
    file,
    JSON.stringify({
      family: 'benchlogs',
      executionRoleArn: 'arn:aws:iam::000000000000:role/bench-exec',
      containerDefinitions: [
        {
          name: 'app',
          image,
          command: ['node', '-e', printer],
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': group,
              'awslogs-stream-prefix': 'b',
              'awslogs-create-group': 'true',
              'awslogs-region': 'us-east-1',
            },
          },
        },
      ],
    }),
  )
  const run = spawn(process.execPath, [cliPath, 'run', file, '--aws', 'local', '--json'], { env })
  const closed = new Promise((r) => run.on('close', r))
  let out = ''
  run.stdout.on('data', (d) => (out += d))
  while (!out.includes('"status":"RUNNING"')) await sleep(20)
  const start = Date.now()
  const read = async () => (await client.localAwsLogs(group).catch(() => [])).map((e) => e.message)
  const count = async () => await client.localAwsLogCount(group).catch(() => 0)
  const { at } = await until(LINES, count)
  await closed
  await sleep(3000) // anything sent twice after the count was reached
  const result = { seconds: (at - start) / 1000, ...check(await read()) }
  daemon.kill('SIGTERM')
  await new Promise((r) => daemon.on('close', r))
  await client.close()
  return result
}

async function dockerRound(n) {
  // This process serves dockerd the local AWS and the credentials: nothing here may block its event loop.
  const local = createLocalAws({ logger: createLogger({ level: 'warn' }) })
  await local.app.listen({ host: '169.254.170.2', port: 4567 })
  const sts = new STSClient({
    region: 'us-east-1',
    endpoint: 'http://169.254.170.2:4567',
    credentials: local.rootCredentials,
  })
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::000000000000:role/bench-exec', RoleSessionName: 'bench' }),
  )
  const body = JSON.stringify({
    RoleArn: 'arn:aws:iam::000000000000:role/bench-exec',
    AccessKeyId: c.AccessKeyId,
    SecretAccessKey: c.SecretAccessKey,
    Token: c.SessionToken,
    Expiration: c.Expiration.toISOString().replace(/\.\d+Z$/, 'Z'),
  })
  const creds = createServer((_q, s) => s.writeHead(200, { 'content-type': 'application/json' }).end(body))
  await new Promise((r) => creds.listen(80, '169.254.170.2', r))
  const group = `bench-docker-${n}`
  const name = `ecs-local-bench-docker-${process.pid}-${n}`
  const start = Date.now()
  await exec('docker', [
    'run',
    '-d',
    '--name',
    name,
    '--label',
    'ecs-local-bench=true',
    '--log-driver',
    'awslogs',
    '--log-opt',
    `awslogs-group=${group}`,
    '--log-opt',
    'awslogs-stream=b',
    '--log-opt',
    'awslogs-create-group=true',
    '--log-opt',
    'awslogs-region=us-east-1',
    '--log-opt',
    'awslogs-endpoint=http://169.254.170.2:4567',
    '--log-opt',
    'awslogs-credentials-endpoint=/creds',
    image,
    'node',
    '-e',
    printer,
  ])
  const read = async () => local.logs.events(group).map((e) => e.message)
  const { at } = await until(LINES, async () => local.logs.count(group))
  await exec('docker', ['wait', name])
  await sleep(3000)
  const result = { seconds: (at - start) / 1000, ...check(await read()) }
  await exec('docker', ['rm', '-f', name])
  creds.close()
  await local.app.close()
  return result
}

execFileSync(process.execPath, [cliPath, 'daemon', 'stop'], { stdio: 'ignore' })
const log = (...a) => console.error(new Date().toISOString(), ...a)
const results = { 'ecs-local': [], 'docker awslogs': [] }
for (let i = 0; i < ROUNDS; i++) {
  results['ecs-local'].push(await ecsLocalRound(i))
  log('ecs-local round', i, results['ecs-local'][i])
  results['docker awslogs'].push(await dockerRound(i))
}
const summary = {}
for (const [name, rs] of Object.entries(results)) {
  const seconds = median(rs.map((r) => r.seconds))
  summary[name] = {
    'lines/s': Math.round(LINES / seconds),
    seconds,
    lost: rs.reduce((a, r) => a + r.lost, 0),
    duplicated: rs.reduce((a, r) => a + r.duplicated, 0),
  }
}
console.log(`${LINES} lines, ${ROUNDS} rounds each, alternated; medians:`)
console.table(summary)
console.log(
  `ratio ecs-local/docker: ${(summary['ecs-local']['lines/s'] / summary['docker awslogs']['lines/s']).toFixed(2)} (goal >= 1.0)`,
)
