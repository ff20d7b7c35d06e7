import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import t from 'tap'
import { start, startDaemon, type Running } from '../helpers/cli.js'
import { containerEnv, containerOf, managedContainers, nodeExec, waitFor } from '../helpers/docker.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { events, idleCommand, writeTask } from '../helpers/tasks.js'

// Fault injection for real, from inside awsvpc tasks: the daemon (root, on the host) runs iptables and tc in the
// task's namespace through nsenter. One task serves TCP; the faulty one (enableFaultInjection) breaks its own
// way to it and mends it again. Only addresses of containers this test starts are ever aimed at.

const PORT = 7000
const serverCommand = [
  'node',
  '-e',
  // The probe drops each connection at once (a reset): an unhandled socket error would end the server.
  `require('net').createServer((s) => { s.on('error', () => {}); s.end('hi') }).listen(${PORT}); process.on('SIGTERM', () => process.exit(0))`,
]
/** The agent's own limit on the fault routes: one request per route every 5 s. */
const ROUTE_INTERVAL_MS = 5200
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** From inside a container: POST to its ECS_AGENT_URI (or another's), then status and body. */
const faultCall = (path: string, body: unknown, agentUri?: string) => `
const base = ${agentUri ? JSON.stringify(agentUri) : 'process.env.ECS_AGENT_URI'}
const init = { method: 'POST', ${body === undefined ? '' : `body: ${JSON.stringify(JSON.stringify(body))}`} }
const r = await fetch(base + '/fault/v1/${path}', init)
console.log(JSON.stringify({ status: r.status, body: await r.text() }))`

/** From inside a container: does a TCP connection to host:port open within 2 s? */
const connectProbe = (host: string, port: number) => `
import net from 'node:net'
const result = await new Promise((resolve) => {
  const s = net.connect({ host: '${host}', port: ${port} })
  const timer = setTimeout(() => { s.destroy(); resolve('timeout') }, 2000)
  s.once('connect', () => { clearTimeout(timer); s.destroy(); resolve('connected') })
  s.once('error', (e) => { clearTimeout(timer); resolve(e.code) })
})
console.log(result)`

/** Whether this kernel has sch_netem, from its config; undefined when the config cannot be read. */
function kernelHasNetem(): boolean | undefined {
  try {
    const config = gunzipSync(readFileSync('/proc/config.gz')).toString('utf8')
    return /^CONFIG_NET_SCH_NETEM=[ym]$/m.test(config)
  } catch {
    return undefined
  }
}

const arnOf = (run: Running) =>
  waitFor('task RUNNING', () => {
    const ev = events(run.stdout())
    if (ev.some((e) => e.type === 'stopped')) throw new Error(`task stopped early: ${run.stdout()}`)
    const task = ev.find((e) => e.type === 'task')
    return ev.some((e) => e.type === 'status' && e.status === 'RUNNING') && task?.type === 'task'
      ? task.taskArn
      : undefined
  })

const RUNNING = { status: 200, body: '{"Status":"running"}' }
const STOPPED = { status: 200, body: '{"Status":"stopped"}' }
const NOT_RUNNING = { status: 200, body: '{"Status":"not-running"}' }

t.test('an awsvpc task blackholes a port, loses packets, and is refused latency without netem', async (t) => {
  const image = await ensureNodeSdkImage()
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)
  const files = [
    writeTask(d.stateDir, 'faulttarget', [{ name: 'server', image, command: serverCommand, stopTimeout: 2 }]),
    writeTask(d.stateDir, 'faulty', [{ name: 'app', image, command: idleCommand, stopTimeout: 2 }], {
      enableFaultInjection: true,
    }),
    writeTask(d.stateDir, 'faultoff', [{ name: 'app', image, command: idleCommand, stopTimeout: 2 }]),
  ]
  const runs = files.map((f) => start(['run', f, '--aws', 'local', '--json'], d.env))
  t.teardown(() => runs.forEach((r) => r.child.kill('SIGINT')))
  const [targetArn, faultyArn, offArn] = await Promise.all(runs.map(arnOf))
  const server = await containerOf(targetArn as string, 'server')
  const app = await containerOf(faultyArn as string, 'app')
  const off = await containerOf(offArn as string, 'app')
  const target = (
    await nodeExec(
      server,
      "import os from 'node:os'; console.log(os.networkInterfaces().eth0.find((a) => a.family === 'IPv4').address)",
    )
  ).trim()
  t.match(target, /^169\.254\.170\.\d+$/, "the target task's address on the ecs-local network")

  const call = async (id: string, path: string, body?: unknown, agentUri?: string) =>
    JSON.parse(await nodeExec(id, faultCall(path, body, agentUri))) as { status: number; body: string }
  const reach = async () => (await nodeExec(app, connectProbe(target, PORT))).trim()

  t.equal(await reach(), 'connected', 'the server answers before any fault')
  const enabled = await nodeExec(
    app,
    "const r = await fetch(process.env.ECS_CONTAINER_METADATA_URI_V4 + '/task'); console.log((await r.json()).FaultInjectionEnabled)",
  )
  t.equal(enabled.trim(), 'true', 'TMDE v4 reports FaultInjectionEnabled')

  const blackhole = { Port: PORT, Protocol: 'tcp', TrafficType: 'egress' }
  t.strictSame(await call(off, 'network-blackhole-port/start', blackhole), {
    status: 400,
    body: `{"Error":"enableFaultInjection is not enabled for task: ${offArn}"}`,
  })
  const appAgentUri = (await containerEnv(app)).ECS_AGENT_URI as string
  const stranger = await call(server, 'network-blackhole-port/start', blackhole, appAgentUri)
  t.equal(stranger.status, 404, "another task's container cannot use this task's ECS_AGENT_URI")

  // Blackhole port: the connection fails while it runs, and works again once it is stopped.
  t.strictSame(await call(app, 'network-blackhole-port/status', blackhole), NOT_RUNNING)
  t.strictSame(await call(app, 'network-blackhole-port/start', blackhole), RUNNING)
  t.not(await reach(), 'connected', 'egress to the port is dropped')
  await sleep(ROUTE_INTERVAL_MS)
  t.strictSame(await call(app, 'network-blackhole-port/status', blackhole), RUNNING)
  t.strictSame(await call(app, 'network-blackhole-port/stop', blackhole), STOPPED)
  t.equal(await reach(), 'connected', 'reachable again')

  // Packet loss, 100% to the target (iptables statistic): nothing gets through, the endpoint still answers.
  const loss = { LossPercent: 100, Sources: [`${target}/32`] }
  t.strictSame(await call(app, 'network-packet-loss/start', loss), RUNNING)
  t.not(await reach(), 'connected', 'every packet to the target lost')
  t.strictSame(await call(app, 'network-packet-loss/status'), RUNNING)
  await sleep(ROUTE_INTERVAL_MS)
  t.strictSame(await call(app, 'network-packet-loss/start', loss), {
    status: 409,
    body: '{"Error":"There is already one network packet loss fault running"}',
  })
  t.strictSame(await call(app, 'network-packet-loss/stop'), STOPPED)
  t.equal(await reach(), 'connected', 'reachable again')
  await sleep(ROUTE_INTERVAL_MS)
  t.strictSame(await call(app, 'network-packet-loss/status'), NOT_RUNNING)

  // Latency needs tc netem: refused where the kernel lacks it, as the agent fails (500), naming the module.
  const netem = kernelHasNetem()
  const latency = await call(app, 'network-latency/start', {
    DelayMilliseconds: 50,
    JitterMilliseconds: 0,
    Sources: [`${target}/32`],
  })
  if (netem === true) {
    t.strictSame(latency, RUNNING, 'this kernel has netem')
    t.strictSame(await call(app, 'network-latency/stop'), STOPPED)
  } else {
    t.equal(latency.status, 500, latency.body)
    t.match(JSON.parse(latency.body), { Error: /^internal error: .*sch_netem/ })
    t.strictSame(await call(app, 'network-latency/status'), NOT_RUNNING, 'nothing left of the attempt')
    t.equal(await reach(), 'connected')
  }

  // A fault still running when its task stops goes with it.
  const log = () => d.daemon.stdout() + d.daemon.stderr()
  const mark = log().length
  await sleep(ROUTE_INTERVAL_MS)
  t.strictSame(await call(app, 'network-blackhole-port/start', blackhole), RUNNING)
  runs[1]?.child.kill('SIGINT')
  await runs[1]?.exited
  await waitFor('the teardown logged', () => (log().slice(mark).includes('"op":"release"') ? true : undefined), 10_000)
  t.notMatch(
    log().slice(mark),
    /could not stop a fault at teardown|"msg":"fault [a-z]+ failed"/,
    'no fault operation failed',
  )

  for (const r of runs) r.child.kill('SIGINT')
  await Promise.all(runs.map((r) => r.exited))
  const gone = await waitFor('containers removed', async () =>
    (await managedContainers()).length === 0 ? true : undefined,
  )
  t.ok(gone, 'nothing left behind')
})
