// bench/logs: a container prints LINES lines; lines/s from invoking the user's command (`ecs-local run`, or
// `docker run --log-driver awslogs`) to the ingestion time of the last event stored in the local CloudWatch Logs,
// as a user has it: the task's start, pulls and stream creation included, `run` echoing the output (to /dev/null).
// Alternated ROUNDS times; prints medians, the ratio and lost/duplicated counts. Both clocks are this host's.
// Each round first runs the same container once on each side, not measured: the daemon is a long-lived process
// and the figure is its steady-state throughput, not the JIT warm-up of a freshly started one (the Docker side's
// local AWS lives in this process and would otherwise be warm from round 2 on while ecs-local's never is).
// Usage: npm run build && node bench/logs/run.mjs [ROUNDS=5] [LINES=200000]
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
import { startBenchDaemon } from '../daemon.mjs'
import { benchNodeImage } from '../image.mjs'
import { createLocalAws } from '../../dist/localaws/index.js'
import { createLogger } from '../../dist/log.js'
import { median, report, spread } from '../result.mjs'

const ROUNDS = Number(process.argv[2] ?? 5)
const LINES = Number(process.argv[3] ?? 200_000)
const root = fileURLToPath(new URL('../..', import.meta.url))
const cliPath = join(root, 'dist/cli/main.js')
const exec = promisify(execFile)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const WARMUP = LINES
const printer = (lines) =>
  `let s='start '+Date.now()+'\\n';for(let i=0;i<${lines};i++)s+='line '+i+'\\n';process.stdout.write(s)`

const image = await benchNodeImage()

/** Seconds from `t0` (the command's invocation) to the last ingestion, and lost and duplicated lines. */
function check(events, t0) {
  const seen = new Uint8Array(LINES)
  let duplicated = 0
  let last = 0
  for (const { message: m, ingestionTime } of events) {
    last = Math.max(last, ingestionTime)
    if (m.startsWith('start ')) continue
    const i = Number(m.replace(/\n$/, '').slice(5))
    if (seen[i]) duplicated++
    seen[i] = 1
  }
  return { seconds: (last - t0) / 1000, lost: seen.reduce((a, v) => a + (v ? 0 : 1), 0), duplicated }
}

/** Polls a count of stored events until it reaches `lines` (or a time limit). */
async function until(lines, count, limitMs = 180_000) {
  const end = Date.now() + limitMs
  for (;;) {
    const n = await count()
    if (process.env.BENCH_DEBUG) console.error('count', n)
    if (n >= lines || Date.now() > end) return
    await sleep(100)
  }
}

async function ecsLocalRound(n) {
  const stateDir = mkdtempSync(join(tmpdir(), 'ecs-local-bench-'))
  const env = { ...process.env, ECS_LOCAL_STATE_DIR: stateDir }
  const { daemon, client } = await startBenchDaemon(stateDir, env)
  const runTask = async (group, lines) => {
    const file = join(stateDir, `${group}.json`)
    writeFileSync(file, JSON.stringify(taskDefinition(group, lines)))
    // The console echo stays on (as for a user), sent to /dev/null rather than read by this process.
    const t0 = Date.now()
    const run = spawn(process.execPath, [cliPath, 'run', file, '--aws', 'local'], { env, stdio: 'ignore' })
    const closed = new Promise((r) => run.on('close', r))
    await until(lines + 1, async () => await client.localAwsLogCount(group).catch(() => 0))
    await closed
    return t0
  }
  await runTask(`bench-ecs-local-warmup-${n}`, WARMUP)
  const group = `bench-ecs-local-${n}`
  const t0 = await runTask(group, LINES)
  await sleep(3000) // anything sent twice after the count was reached
  const result = check(await client.localAwsLogs(group), t0)
  daemon.kill('SIGTERM')
  await new Promise((r) => daemon.on('close', r))
  await client.close()
  return result
}

function taskDefinition(group, lines) {
  return {
    family: 'benchlogs',
    executionRoleArn: 'arn:aws:iam::000000000000:role/bench-exec',
    containerDefinitions: [
      {
        name: 'app',
        image,
        command: ['node', '-e', printer(lines)],
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
  }
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
  const runContainer = async (group, lines) => {
    const name = `ecs-local-bench-docker-${process.pid}-${group}`
    const t0 = Date.now()
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
      printer(lines),
    ])
    await until(lines + 1, async () => local.logs.count(group))
    await exec('docker', ['wait', name])
    return { name, t0 }
  }
  await exec('docker', ['rm', '-f', (await runContainer(`bench-docker-warmup-${n}`, WARMUP)).name])
  const group = `bench-docker-${n}`
  const { name, t0 } = await runContainer(group, LINES)
  await sleep(3000)
  const result = check(local.logs.events(group), t0)
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
report({
  measure: `P3 awslogs, ${LINES} lines, command to last line stored (lines/s)`,
  ours: spread(results['ecs-local'].map((r) => LINES / r.seconds)),
  baseline: spread(results['docker awslogs'].map((r) => LINES / r.seconds)),
  higherIsBetter: true,
  goal: '>= 1.0x, 0 lost, 0 duplicated',
  lost: summary['ecs-local'].lost,
  duplicated: summary['ecs-local'].duplicated,
})
