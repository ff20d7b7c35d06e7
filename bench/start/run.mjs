// bench/start: `ecs-local run` of a one-container task whose image is cached, against `docker run --rm` of the
// same image and command, alternated ROUNDS times, wall clock from invoking the command to its exit. The daemon is
// the one `run` starts by itself (default flags, --aws local as in the quick start); the first run's cold start
// (no daemon yet) is measured and printed apart. Also the CLI process's peak RSS (GNU time's %M: the process
// itself, not the background daemon it may start, which it does not wait for).
// Usage: npm run build && node bench/start/run.mjs [ROUNDS=10]
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchNodeImage } from '../image.mjs'
import { median, report, spread } from '../result.mjs'

const ROUNDS = Number(process.argv[2] ?? 10)
const root = fileURLToPath(new URL('../..', import.meta.url))
const cliPath = join(root, 'dist/cli/main.js')
const stateDir = mkdtempSync(join(tmpdir(), 'ecs-local-bench-start-'))
const env = { ...process.env, ECS_LOCAL_STATE_DIR: stateDir }

const image = await benchNodeImage()
const command = ['node', '-e', '0']
const taskFile = join(stateDir, 'start.json')
writeFileSync(
  taskFile,
  JSON.stringify({
    family: 'benchstart',
    taskRoleArn: 'arn:aws:iam::000000000000:role/bench-task',
    containerDefinitions: [{ name: 'app', image, command }],
  }),
)

/** Wall seconds and peak RSS (MiB) of one command, run under GNU time. */
function timed(argv) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-f', 'ECS_LOCAL_BENCH_RSS_KB %M', ...argv], { env, encoding: 'utf8' })
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`)
  const kb = Number(/ECS_LOCAL_BENCH_RSS_KB (\d+)/.exec(r.stderr)?.[1])
  return { seconds, rssMiB: kb / 1024 }
}

const ours = () => timed([process.execPath, cliPath, 'run', taskFile, '--aws', 'local'])
const docker = () => timed(['docker', 'run', '--rm', image, ...command])

execFileSync(process.execPath, [cliPath, 'daemon', 'stop'], { env, stdio: 'ignore' })
const cold = ours()
docker() // the image's first container start, not measured
const results = { 'ecs-local run': [], 'docker run --rm': [] }
for (let i = 0; i < ROUNDS; i++) {
  results['ecs-local run'].push(ours())
  results['docker run --rm'].push(docker())
}
execFileSync(process.execPath, [cliPath, 'daemon', 'stop'], { env, stdio: 'ignore' })

const summary = {}
for (const [name, rs] of Object.entries(results)) {
  summary[name] = {
    'median s': median(rs.map((r) => r.seconds)).toFixed(3),
    'min s': Math.min(...rs.map((r) => r.seconds)).toFixed(3),
    'max s': Math.max(...rs.map((r) => r.seconds)).toFixed(3),
    'peak RSS MiB': Math.max(...rs.map((r) => r.rssMiB)).toFixed(1),
  }
}
console.log(`${ROUNDS} rounds each, alternated, daemon running (cold start apart):`)
console.table(summary)
console.log(`cold start (no daemon yet): ${cold.seconds.toFixed(3)} s, CLI peak RSS ${cold.rssMiB.toFixed(1)} MiB`)
report({
  measure: 'P2 start, one container, cached image, daemon running (wall s)',
  ours: spread(results['ecs-local run'].map((r) => r.seconds)),
  baseline: spread(results['docker run --rm'].map((r) => r.seconds)),
  higherIsBetter: false,
  goal: '<= 1.3x',
})
report({
  measure: 'P2 start, CLI peak RSS (MiB)',
  ours: spread(results['ecs-local run'].map((r) => r.rssMiB)),
  baseline: spread(results['docker run --rm'].map((r) => r.rssMiB)),
  higherIsBetter: false,
  goal: '< 60 MiB',
})
report({
  measure: 'P2 cold start, no daemon yet (wall s)',
  ours: spread([cold.seconds]),
  baseline: spread(results['docker run --rm'].map((r) => r.seconds)),
  higherIsBetter: false,
  goal: 'printed',
})
