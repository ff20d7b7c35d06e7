// `npm run bench`: every benchmark in the configuration a user gets (the daemon as `run` starts it, default flags
// and log level), each side alternated several times, and one table of medians and ratios with the goal beside
// each. Each bench prints its own detail and `BENCH_RESULT {json}` lines, which this collects.
// Usage: npm run bench [-- start credentials logs memory scale]   (default: all, in that order)
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BENCHES = {
  start: ['bench/start/run.mjs', '10'],
  credentials: ['bench/credentials/run.mjs', '5', '5'],
  logs: ['bench/logs/run.mjs', '5', '200000'],
  memory: ['bench/memory/run.mjs', '3', '10'],
  scale: ['bench/scale/run.mjs', '50', '20', '10'],
}
const root = fileURLToPath(new URL('..', import.meta.url))
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(BENCHES)
const rows = []
for (const name of chosen) {
  const args = BENCHES[name]
  if (!args) throw new Error(`unknown bench ${name} (known: ${Object.keys(BENCHES).join(', ')})`)
  console.log(`\n=== bench ${name} ===`)
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.on('data', (d) => {
    out += d
    process.stdout.write(d)
  })
  const code = await new Promise((r) => child.on('close', r))
  if (code !== 0) throw new Error(`bench ${name} exited ${code}`)
  for (const line of out.split('\n')) if (line.startsWith('BENCH_RESULT ')) rows.push(JSON.parse(line.slice(13)))
}

const f = (n) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(3))
console.log('\n=== summary: medians over alternated rounds (min-max) ===')
console.table(
  rows.map((r) => ({
    measure: r.measure,
    'ecs-local': `${f(r.ours.median)} (${f(r.ours.min)}-${f(r.ours.max)})`,
    baseline: `${f(r.baseline.median)} (${f(r.baseline.min)}-${f(r.baseline.max)})`,
    ratio: `${(r.ours.median / r.baseline.median).toFixed(2)}x`,
    goal: r.goal,
  })),
)
