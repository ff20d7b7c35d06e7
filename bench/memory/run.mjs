// bench/memory: the daemon's resident memory as users get it. The daemon is the one `run` starts by itself
// (default flags and log level, --aws local as in the quick start), with a task that exits at once; then 10 tasks
// are started by 10 `run -d`, each a container with a task role, an execution role and awslogs, printing a line a
// second (what a typical ECS task does). RSS (VmRSS) is read 5 s after that first run ended (idle) and 60 s after
// the last task is RUNNING. The baseline is a bare node:http server, idle, read the same way. Alternated ROUNDS
// times.
// Usage: npm run build && node bench/memory/run.mjs [ROUNDS=3] [TASKS=10]
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { ControlClient } from '../../dist/control/client.js'
import { benchNodeImage } from '../image.mjs'
import { report, spread } from '../result.mjs'

const ROUNDS = Number(process.argv[2] ?? 3)
const TASKS = Number(process.argv[3] ?? 10)
const SETTLE_S = 60
const root = fileURLToPath(new URL('../..', import.meta.url))
const cliPath = join(root, 'dist/cli/main.js')

const image = await benchNodeImage()

/** VmRSS of a process in MiB, from /proc (what `ps` calls RSS). */
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024

function cli(env, ...args) {
  return execFileSync(process.execPath, [cliPath, ...args], { env, encoding: 'utf8' }).trim()
}

async function ours() {
  const stateDir = mkdtempSync(join(tmpdir(), 'ecs-local-bench-memory-'))
  const env = { ...process.env, ECS_LOCAL_STATE_DIR: stateDir }
  const taskFile = join(stateDir, 'memory.json')
  writeFileSync(
    taskFile,
    JSON.stringify({
      family: 'benchmemory',
      taskRoleArn: 'arn:aws:iam::000000000000:role/bench-task',
      executionRoleArn: 'arn:aws:iam::000000000000:role/bench-exec',
      containerDefinitions: [
        {
          name: 'app',
          image,
          // PID 1 handles SIGTERM itself, so `stop` does not wait out the 30 s stopTimeout.
          command: [
            'node',
            '-e',
            "process.on('SIGTERM', () => process.exit(0)); setInterval(() => console.log('tick', Date.now()), 1000)",
          ],
          logConfiguration: {
            logDriver: 'awslogs',
            options: {
              'awslogs-group': 'bench-memory',
              'awslogs-region': 'us-east-1',
              'awslogs-create-group': 'true',
              'awslogs-stream-prefix': 'ecs',
            },
          },
        },
      ],
    }),
  )
  // The daemon is the one the first `run` starts by itself (cli/connect.ts), as users get it: here a task that
  // exits at once, after which the daemon is idle.
  const quickFile = join(stateDir, 'quick.json')
  writeFileSync(
    quickFile,
    JSON.stringify({
      family: 'benchquick',
      containerDefinitions: [{ name: 'app', image, command: ['node', '-e', '0'] }],
    }),
  )
  cli(env, 'run', quickFile, '--aws', 'local')
  const client = new ControlClient(join(stateDir, 'control.sock'))
  const { pid } = await client.info()
  await sleep(5000)
  const idle = rssMiB(pid)
  const arns = []
  for (let i = 0; i < TASKS; i++) arns.push(cli(env, 'run', '-d', taskFile, '--aws', 'local'))
  await sleep(SETTLE_S * 1000)
  const loaded = rssMiB(pid)
  for (const arn of arns) cli(env, 'stop', arn)
  cli(env, 'daemon', 'stop')
  await client.close()
  return { idle, loaded }
}

async function bare() {
  const server = spawn(
    process.execPath,
    ['-e', "require('node:http').createServer((q, s) => s.end('{}')).listen(0, '127.0.0.1')"],
    { stdio: 'ignore' },
  )
  await sleep(5000)
  const idle = rssMiB(server.pid)
  server.kill()
  return { idle }
}

execFileSync(process.execPath, [cliPath, 'daemon', 'stop'], { stdio: 'ignore' })
const results = { ours: [], bare: [] }
for (let i = 0; i < ROUNDS; i++) {
  results.ours.push(await ours())
  results.bare.push(await bare())
  const last = results.ours.at(-1)
  console.log(
    `round ${i + 1}: daemon idle ${last.idle.toFixed(1)} MiB, with ${TASKS} tasks ${SETTLE_S} s later ` +
      `${last.loaded.toFixed(1)} MiB; bare node:http idle ${results.bare.at(-1).idle.toFixed(1)} MiB`,
  )
}

report({
  measure: `P4 daemon RSS, ${TASKS} tasks, ${SETTLE_S} s after the last start (MiB)`,
  ours: spread(results.ours.map((r) => r.loaded)),
  baseline: spread(results.bare.map((r) => r.idle)),
  higherIsBetter: false,
  goal: '<= 70 MB',
})
report({
  measure: 'P4 daemon RSS, idle, 5 s after the first run (MiB)',
  ours: spread(results.ours.map((r) => r.idle)),
  baseline: spread(results.bare.map((r) => r.idle)),
  higherIsBetter: false,
  goal: 'printed',
})
