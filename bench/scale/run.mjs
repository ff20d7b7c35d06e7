// bench/scale: TASKS tasks of two containers each, started together by TASKS concurrent `ecs-local run -d`
// (the first of them starts the daemon, as users get it: default flags, --aws local), timed until the last is
// RUNNING, against TASKS concurrent shells each doing the same two `docker run -d`. Then every task's app asks its
// own credentials endpoint RATE times a second (TASKS x RATE requests/s in all) for WINDOW seconds and checks that
// each answer is its own task role: errors and cross-task answers are counted.
// Usage: npm run build && node bench/scale/run.mjs [TASKS=50] [RATE=20] [WINDOW=10]
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { benchNodeImage } from '../image.mjs'
import { report, spread } from '../result.mjs'

const TASKS = Number(process.argv[2] ?? 50)
const RATE = Number(process.argv[3] ?? 20)
const WINDOW = Number(process.argv[4] ?? 10)
const run = promisify(execFile)
const root = fileURLToPath(new URL('../..', import.meta.url))
const cliPath = join(root, 'dist/cli/main.js')
const stateDir = mkdtempSync(join(tmpdir(), 'ecs-local-bench-scale-'))
const env = { ...process.env, ECS_LOCAL_STATE_DIR: stateDir }

const image = await benchNodeImage()

// The app: RATE requests a second to its own credentials endpoint, one JSON line of running totals a second.
const APP = `
const want = process.env.WANT_ROLE
const url = 'http://169.254.170.2' + process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
let ok = 0, errors = 0, cross = 0
process.on('SIGTERM', () => process.exit(0))
setInterval(() => {
  fetch(url).then((r) => r.json().then((b) => {
    if (r.status !== 200) errors++
    else if (b.RoleArn !== want) cross++
    else ok++
  })).catch(() => errors++)
}, ${Math.round(1000 / RATE)})
setInterval(() => console.log(JSON.stringify({ ok, errors, cross })), 1000)
`
const IDLE = "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1e6)"
const roleOf = (i) => `arn:aws:iam::000000000000:role/scale-${i}-task`
const files = []
for (let i = 0; i < TASKS; i++) {
  const file = join(stateDir, `scale-${i}.json`)
  writeFileSync(
    file,
    JSON.stringify({
      family: `scale-${i}`,
      taskRoleArn: roleOf(i),
      containerDefinitions: [
        { name: 'app', image, command: ['node', '-e', APP], environment: [{ name: 'WANT_ROLE', value: roleOf(i) }] },
        { name: 'sidecar', image, command: ['node', '-e', IDLE], essential: false },
      ],
    }),
  )
  files.push(file)
}

/** The app container's latest running totals; a task whose app cannot be found is reported, not skipped. */
const totals = async (taskArn) => {
  const { stdout } = await run('docker', [
    'ps',
    '-aq',
    '--filter',
    `label=com.amazonaws.ecs.task-arn=${taskArn}`,
    '--filter',
    'label=com.amazonaws.ecs.container-name=app',
  ])
  if (!stdout.trim()) throw new Error(`no app container for task ${JSON.stringify(taskArn)}`)
  const logs = await run('docker', ['logs', '--tail', '1', stdout.trim()])
  return JSON.parse(logs.stdout.trim() || '{"ok":0,"errors":0,"cross":0}')
}

async function ours() {
  execFileSync(process.execPath, [cliPath, 'daemon', 'stop'], { env, stdio: 'ignore' })
  const t0 = performance.now()
  const arns = await Promise.all(
    files.map((f) =>
      run(process.execPath, [cliPath, 'run', '-d', f, '--aws', 'local'], { env }).then((r) => r.stdout.trim()),
    ),
  )
  const seconds = (performance.now() - t0) / 1000
  await sleep(2000)
  const before = await Promise.all(arns.map(totals))
  await sleep(WINDOW * 1000)
  const after = await Promise.all(arns.map(totals))
  const d = (k) => after.reduce((n, a, i) => n + a[k] - before[i][k], 0)
  const load = { ok: d('ok'), errors: d('errors'), cross: d('cross') }
  await Promise.all(arns.map((a) => run(process.execPath, [cliPath, 'stop', a], { env })))
  execFileSync(process.execPath, [cliPath, 'daemon', 'stop'], { env, stdio: 'ignore' })
  return { seconds, load }
}

async function docker() {
  const label = `ecs-local-bench-scale=${Date.now()}`
  const t0 = performance.now()
  await Promise.all(
    files.map(async () => {
      await run('docker', ['run', '-d', '--label', label, image, 'node', '-e', IDLE])
      await run('docker', ['run', '-d', '--label', label, image, 'node', '-e', IDLE])
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=${label}`])
  await run('docker', ['rm', '-f', ...stdout.split('\n').filter(Boolean)])
  return { seconds }
}

const mine = await ours()
const base = await docker()
console.log(
  `${TASKS} tasks x 2 containers: ecs-local run -d until the last is RUNNING ${mine.seconds.toFixed(1)} s; ` +
    `docker run -d of the same containers ${base.seconds.toFixed(1)} s`,
)
console.log(
  `credentials under load (${TASKS} x ${RATE}/s for ${WINDOW} s): ${mine.load.ok} own-role answers ` +
    `(${(mine.load.ok / WINDOW).toFixed(0)}/s), ${mine.load.errors} errors, ${mine.load.cross} cross-task answers`,
)
report({
  measure: `Scale: ${TASKS} tasks x 2 containers started together, until the last is RUNNING (s)`,
  ours: spread([mine.seconds]),
  baseline: spread([base.seconds]),
  higherIsBetter: false,
  goal: 'printed; under load 0 errors, 0 cross-task answers',
  errors: mine.load.errors,
  cross: mine.load.cross,
})
