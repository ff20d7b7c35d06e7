// bench/credentials: the credentials endpoint against a bare node:http server returning the same JSON,
// both loaded from inside a task container (the endpoint answers only its task's addresses), alternated
// ROUNDS times; prints medians, ratios and the number of STS calls made meanwhile.
// Usage: npm run build && node bench/credentials/run.mjs [ROUNDS] [SECONDS]
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startBenchDaemon } from '../daemon.mjs'
import { median, report, spread } from '../result.mjs'
import { createDockerClient } from '../../dist/docker/client.js'
import { ensureNodeImage } from '../../dist/docker/nodeImage.js'

const ROUNDS = Number(process.argv[2] ?? 5)
const SECONDS = Number(process.argv[3] ?? 5)
const root = fileURLToPath(new URL('../..', import.meta.url))
const cliPath = join(root, 'dist/cli/main.js')
const stateDir = mkdtempSync(join(tmpdir(), 'ecs-local-bench-'))
// The one setting a bench may change (issue 12): the agent's metadata rate limit (40/s steady, 60 burst per
// source address and path) would otherwise be the whole measurement.
const env = { ...process.env, ECS_LOCAL_STATE_DIR: stateDir, ECS_TASK_METADATA_RPS_LIMIT: '10000000,10000000' }
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

execFileSync(process.execPath, [cliPath, 'daemon', 'stop'], { stdio: 'ignore' })
const { daemon, client } = await startBenchDaemon(stateDir, env)

const image = await ensureNodeImage(createDockerClient(), {
  tag: 'ecs-local-bench/autocannon',
  packages: ['autocannon'],
  nodeModulesDir: join(root, 'node_modules'),
  files: { '/app/load.mjs': join(root, 'bench/credentials/load.mjs') },
})
const taskFile = join(stateDir, 'bench.json')
writeFileSync(
  taskFile,
  JSON.stringify({
    family: 'bench',
    taskRoleArn: 'arn:aws:iam::000000000000:role/bench-task',
    containerDefinitions: [
      {
        name: 'load',
        image,
        stopTimeout: 2,
        command: ['node', '-e', "process.on('SIGTERM',()=>process.exit(0));setInterval(()=>{},1e6)"],
      },
    ],
  }),
)
const run = spawn(process.execPath, [cliPath, 'run', taskFile, '--aws', 'local', '--json'], { env })
let out = ''
run.stdout.on('data', (d) => (out += d))
while (!out.includes('"status":"RUNNING"')) await sleep(200)
const taskArn = JSON.parse(out.split('\n')[0]).taskArn
const ps = (args) => execFileSync('docker', args).toString().trim()
const container = ps([
  'ps',
  '-q',
  '--filter',
  `label=com.amazonaws.ecs.task-arn=${taskArn}`,
  '--filter',
  'label=com.amazonaws.ecs.container-name=load',
])
const relative = JSON.parse(ps(['inspect', '--format', '{{json .Config.Env}}', container]))
  .find((e) => e.startsWith('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI='))
  .split('=')[1]

// The bare server answers the same body the endpoint does (fetched once from inside the task).
const body = execFileSync('docker', [
  'exec',
  container,
  'node',
  '-e',
  `fetch('http://169.254.170.2${relative}').then(r=>r.text()).then(t=>process.stdout.write(t))`,
]).toString()
// A separate process, as the endpoint is (the daemon's): this script blocks while a load runs.
const bare = spawn(
  process.execPath,
  [
    '-e',
    `require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'application/json' }); s.end(process.env.BODY) }).listen(8081, '169.254.170.2', () => console.log('listening'))`,
  ],
  { env: { ...process.env, BODY: body }, stdio: ['ignore', 'pipe', 'inherit'] },
)
await new Promise((r) => bare.stdout.once('data', r))

const stsBefore = (await client.localAwsCalls()).filter((c) => c.action === 'AssumeRole').length
const load = (url) =>
  JSON.parse(
    execFileSync('docker', ['exec', container, 'node', '/app/load.mjs', url, String(SECONDS), '64']).toString(),
  )
const results = { endpoint: [], bare: [] }
for (let i = 0; i < ROUNDS; i++) {
  results.endpoint.push(load(`http://169.254.170.2${relative}`))
  results.bare.push(load('http://169.254.170.2:8081/'))
}
const stsCalls = (await client.localAwsCalls()).filter((c) => c.action === 'AssumeRole').length - stsBefore

const summary = {}
for (const [name, rs] of Object.entries(results)) {
  summary[name] = {
    rps: Math.round(median(rs.map((r) => r.rps))),
    p50: median(rs.map((r) => r.p50)),
    p99: median(rs.map((r) => r.p99)),
    requests: rs.reduce((a, r) => a + r.total, 0),
    errors: rs.reduce((a, r) => a + r.errors + r.non2xx, 0),
  }
}
console.log(`rounds ${ROUNDS} x ${SECONDS}s, 64 connections, alternated; medians:`)
console.table(summary)
console.log(`requests/s ratio endpoint/bare: ${(summary.endpoint.rps / summary.bare.rps).toFixed(2)} (goal >= 0.9)`)
console.log(
  `p99 ratio endpoint/bare: ${(summary.endpoint.p99 / Math.max(summary.bare.p99, 1)).toFixed(2)} (goal <= 1.5)`,
)
console.log(`STS AssumeRole calls during the run: ${stsCalls} for ${summary.endpoint.requests} credential requests`)
report({
  measure: 'P1 credentials endpoint, 64 connections from inside the task (requests/s)',
  ours: spread(results.endpoint.map((r) => r.rps)),
  baseline: spread(results.bare.map((r) => r.rps)),
  higherIsBetter: true,
  goal: '>= 0.9x',
  errors: summary.endpoint.errors,
  stsCalls,
  requests: summary.endpoint.requests,
})
report({
  measure: 'P1 credentials endpoint p99 latency (ms)',
  ours: spread(results.endpoint.map((r) => r.p99)),
  baseline: spread(results.bare.map((r) => r.p99)),
  higherIsBetter: false,
  goal: '<= 1.5x',
})

bare.kill()
run.kill('SIGINT')
await new Promise((r) => run.on('close', r))
daemon.kill('SIGTERM')
await new Promise((r) => daemon.on('close', r))
await client.close()
