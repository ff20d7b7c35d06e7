import t from 'tap'
import { pino } from 'pino'
import type { ContainerState } from '../../src/agent/engine.js'
import { FaultInjector } from '../../src/agent/faults/faultInjector.js'
import type { TaskRecord } from '../../src/model/task.js'
import { FakeKernel } from '../helpers/fakeKernel.js'
import { appFor, container, memoryLog, OTHER_IP, registryWith, task, TASK_ARN, TASK_IP } from './fixtures.js'

// <ECS_AGENT_URI>/fault/v1/...: the agent's routes, order of checks, statuses and bodies
// (ecs-agent/tmds/handlers/fault/v1/handlers/handlers.go), over the real injector and an in-memory kernel.

const PAUSE_PID = 4242
const BRIDGE_IP = '169.254.170.30'
const OFF_IP = '169.254.170.40'

const awsvpc = (over: Partial<TaskRecord> = {}): TaskRecord =>
  task({
    networkMode: 'awsvpc',
    definition: { family: 'web', containerDefinitions: [], enableFaultInjection: true },
    pause: container({ name: '~internal~ecs~pause', endpointId: 'eid-pause', type: 'CNI_PAUSE', dockerId: 'pause1' }),
    ...over,
  })

function setup(opts: { timeoutMs?: number; pauseRunning?: boolean } = {}) {
  let ms = Date.parse('2026-11-28T04:00:00Z')
  const registry = registryWith(awsvpc())
  const other = awsvpc({
    arn: TASK_ARN.replace(/[0-9a-f]{32}$/, 'f'.repeat(32)),
    containers: [container({ endpointId: 'eid-other', dockerId: 'other' })],
    pause: container({ name: '~internal~ecs~pause', endpointId: 'eid-opause', type: 'CNI_PAUSE', dockerId: 'pause2' }),
  })
  const bridge = task({
    arn: TASK_ARN.replace(/[0-9a-f]{32}$/, 'b'.repeat(32)),
    definition: { family: 'web', containerDefinitions: [], enableFaultInjection: true },
    containers: [container({ endpointId: 'eid-bridge', dockerId: 'bridge' })],
  })
  const off = awsvpc({
    arn: TASK_ARN.replace(/[0-9a-f]{32}$/, 'e'.repeat(32)),
    definition: { family: 'web', containerDefinitions: [] },
    containers: [container({ endpointId: 'eid-off', dockerId: 'off' })],
    pause: container({
      name: '~internal~ecs~pause',
      endpointId: 'eid-offpause',
      type: 'CNI_PAUSE',
      dockerId: 'pause3',
    }),
  })
  for (const [x, ip] of [
    [other, OTHER_IP],
    [bridge, BRIDGE_IP],
    [off, OFF_IP],
  ] as const) {
    registry.add(x)
    registry.bindAddress(x.arn, ip)
  }
  const kernel = new FakeKernel()
  const pids: Record<string, number> = { pause1: PAUSE_PID, pause2: 5252, pause3: 6262 }
  const engine = {
    inspect: async (id: string) =>
      ({ id, running: opts.pauseRunning ?? true, pid: pids[id] }) as unknown as ContainerState,
  }
  const faults = new FaultInjector({ engine, run: kernel.run, logger: pino({ level: 'silent' }), ...opts })
  const app = appFor(registry, memoryLog('info').logger, { now: () => new Date(ms), faults })
  /** A POST, 5 s after the previous request (the fault routes allow one per route every 5 s). */
  const call = async (path: string, body?: unknown, o: { ip?: string; eid?: string; method?: string } = {}) => {
    ms += 5000
    return app.inject({
      method: (o.method ?? 'POST') as 'POST',
      url: `/api/${o.eid ?? 'eid-app'}/fault/v1/${path}`,
      remoteAddress: o.ip ?? TASK_IP,
      payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
  }
  return { app, call, kernel, faults, registry, other, tick: (s: number) => void (ms += s * 1000) }
}

const BLACKHOLE = { Port: 8080, Protocol: 'tcp', TrafficType: 'egress' }
const LOSS = { LossPercent: 100, Sources: ['169.254.170.1'] }
const LATENCY = { DelayMilliseconds: 100, JitterMilliseconds: 0, Sources: ['169.254.170.1'] }

t.test(
  'blackhole port: status, start, start again, stop, stop again; the namespace holds the chain meanwhile',
  async (t) => {
    const { call, kernel } = setup()
    const first = await call('network-blackhole-port/status', BLACKHOLE)
    t.equal(first.statusCode, 200)
    t.equal(first.headers['content-type'], 'application/json')
    t.equal(first.body, '{"Status":"not-running"}')

    const start = await call('network-blackhole-port/start', BLACKHOLE)
    t.equal(start.statusCode, 200)
    t.equal(start.body, '{"Status":"running"}')
    t.strictSame(kernel.held(PAUSE_PID), [
      'iptables OUTPUT: -j egress-tcp-8080',
      'iptables chain egress-tcp-8080',
      'iptables egress-tcp-8080: -p tcp --dport 8080 -j DROP',
      'ip6tables OUTPUT: -j egress-tcp-8080',
      'ip6tables chain egress-tcp-8080',
      'ip6tables egress-tcp-8080: -p tcp --dport 8080 -j DROP',
    ])
    t.equal((await call('network-blackhole-port/status', BLACKHOLE)).body, '{"Status":"running"}')

    const before = kernel.calls.length
    const again = await call('network-blackhole-port/start', BLACKHOLE)
    t.equal(again.body, '{"Status":"running"}', 'a start of a running one answers running, as the agent does')
    t.equal(kernel.calls.length, before + 1, 'only checked')

    t.equal((await call('network-blackhole-port/stop', BLACKHOLE)).body, '{"Status":"stopped"}')
    t.strictSame(kernel.held(PAUSE_PID), [], 'nothing left')
    t.equal((await call('network-blackhole-port/stop', BLACKHOLE)).body, '{"Status":"stopped"}', 'stop is idempotent')
    t.equal((await call('network-blackhole-port/status', BLACKHOLE)).body, '{"Status":"not-running"}')
    t.ok(
      kernel.calls.every((c) => c[1] === `--net=/proc/${PAUSE_PID}/ns/net`),
      "every command in the calling task's namespace",
    )
  },
)

t.test('an egress blackhole of port 80 spares the endpoint (169.254.170.2), as the agent adds it', async (t) => {
  const { call, kernel } = setup()
  const res = await call('network-blackhole-port/start', { ...BLACKHOLE, Port: 80, SourcesToFilter: ['10.0.0.1'] })
  t.equal(res.statusCode, 200)
  t.match(kernel.held(PAUSE_PID), [
    'iptables OUTPUT: -j egress-tcp-80',
    'iptables chain egress-tcp-80',
    'iptables egress-tcp-80: -p tcp -d 10.0.0.1 --dport 80 -j ACCEPT',
    'iptables egress-tcp-80: -p tcp -d 169.254.170.2 --dport 80 -j ACCEPT',
    'iptables egress-tcp-80: -p tcp --dport 80 -j DROP',
  ])
})

t.test('packet loss (iptables statistic): one at a time, and it blocks latency as the agent does', async (t) => {
  const { call, kernel } = setup()
  t.equal((await call('network-packet-loss/status')).body, '{"Status":"not-running"}', 'status reads no body')
  const start = await call('network-packet-loss/start', { ...LOSS, SourcesToFilter: ['169.254.170.3'] })
  t.equal(start.body, '{"Status":"running"}')
  t.strictSame(
    kernel.held(PAUSE_PID).filter((l) => l.startsWith('iptables')),
    [
      'iptables OUTPUT: -o eth0 -j network-packet-loss',
      'iptables chain network-packet-loss-flows',
      'iptables network-packet-loss-flows: -m statistic --mode random --probability 1 -j DROP',
      'iptables chain network-packet-loss',
      'iptables network-packet-loss: -d 169.254.170.3 -j RETURN',
      'iptables network-packet-loss: -d 169.254.170.1 -j network-packet-loss-flows',
    ],
  )
  const twice = await call('network-packet-loss/start', LOSS)
  t.equal(twice.statusCode, 409)
  t.equal(twice.body, '{"Error":"There is already one network packet loss fault running"}')
  const latency = await call('network-latency/start', LATENCY)
  t.equal(latency.statusCode, 409)
  t.equal(latency.body, '{"Error":"There is already one network packet loss fault running"}')
  t.equal((await call('network-packet-loss/status')).body, '{"Status":"running"}')
  t.equal((await call('network-latency/status')).body, '{"Status":"not-running"}')
  t.equal((await call('network-latency/stop')).body, '{"Status":"stopped"}', 'stopping what does not run')
  t.equal((await call('network-packet-loss/stop', 'ignored')).body, '{"Status":"stopped"}')
  t.strictSame(kernel.held(PAUSE_PID), [])
})

t.test('latency where the kernel has netem: the agent’s tc hierarchy; a second start is a conflict', async (t) => {
  const { call, kernel } = setup()
  t.equal((await call('network-latency/start', LATENCY)).body, '{"Status":"running"}')
  t.equal(kernel.held(PAUSE_PID).filter((l) => l.startsWith('qdisc netem')).length, 100)
  const again = await call('network-latency/start', LATENCY)
  t.equal(again.statusCode, 409)
  t.equal(again.body, '{"Error":"There is already one network latency fault running"}')
  const loss = await call('network-packet-loss/start', LOSS)
  t.equal(loss.statusCode, 409)
  t.equal(loss.body, '{"Error":"There is already one network latency fault running"}')
  t.equal((await call('network-latency/status')).body, '{"Status":"running"}')
  t.equal((await call('network-latency/stop')).body, '{"Status":"stopped"}')
  t.strictSame(kernel.held(PAUSE_PID), [])
})

t.test(
  'latency on a kernel without sch_netem: 500 in the agent’s shape, naming the module; nothing left',
  async (t) => {
    for (const missing of [['netem'], ['prio', 'netem', 'flow']]) {
      const { call, kernel } = setup()
      kernel.missing = new Set(missing)
      const res = await call('network-latency/start', LATENCY)
      t.equal(res.statusCode, 500, missing.join())
      const error = res.json().Error as string
      t.match(
        error,
        /^internal error: this kernel has no sch_(netem|prio) \(tc: "Error: Specified qdisc kind is unknown\."\)/,
      )
      t.match(error, /network-latency needs sch_prio, sch_netem, cls_u32, cls_flow$/)
      t.strictSame(kernel.held(PAUSE_PID), [], 'a root qdisc made before the failure is taken back')
      t.equal((await call('network-latency/status')).body, '{"Status":"not-running"}')
    }
  },
)

t.test("refusals, in the agent's order, statuses and texts", async (t) => {
  const { call, kernel } = setup()
  const bad = await call(
    'network-blackhole-port/start',
    { Port: 1, Protocol: 'icmp', TrafficType: 'egress' },
    { eid: 'nope' },
  )
  t.equal(bad.statusCode, 400, 'the body is checked before the task is looked up')
  t.equal(bad.body, '{"Error":"invalid value icmp for parameter Protocol"}')
  t.equal((await call('network-latency/start')).body, '{"Error":"required request body is missing"}')
  t.equal(
    (await call('network-packet-loss/start', { LossPercent: 0 })).body,
    '{"Error":"invalid value 0 for parameter LossPercent"}',
  )

  const unknown = await call('network-packet-loss/status', undefined, { eid: 'nope' })
  t.equal(unknown.statusCode, 404)
  t.equal(
    unknown.body,
    '{"Error":"unable to get task arn from request: unable to get task Arn from v3 endpoint ID: nope"}',
  )
  const off = await call('network-blackhole-port/start', BLACKHOLE, { eid: 'eid-off', ip: OFF_IP })
  t.equal(off.statusCode, 400)
  t.equal(
    off.body,
    `{"Error":"enableFaultInjection is not enabled for task: ${TASK_ARN.replace(/[0-9a-f]{32}$/, 'e'.repeat(32))}"}`,
  )
  const bridge = await call('network-blackhole-port/start', BLACKHOLE, { eid: 'eid-bridge', ip: BRIDGE_IP })
  t.equal(bridge.statusCode, 500, 'bridge: the agent has no namespace path for it and fails the lookup')
  t.equal(bridge.body, '{"Error":"failed to get task metadata due to internal server error for container: eid-bridge"}')

  const echoed = await call('network-blackhole-port/start', { ...BLACKHOLE, SourcesToFilter: ['<b>&'] })
  t.equal(
    echoed.body,
    '{"Error":"invalid value \\u003cb\\u003e\\u0026 for parameter SourcesToFilter"}',
    'Go escapes <>&',
  )

  for (const method of ['GET', 'PUT', 'DELETE']) {
    const res = await call('network-blackhole-port/status', BLACKHOLE, { method })
    t.equal(res.statusCode, 405, method)
    t.equal(res.body, '')
  }
  t.equal((await call('network-blackhole-port/restart', BLACKHOLE)).statusCode, 404, 'no such route')
  t.equal(kernel.calls.length, 0, 'no refusal touched a namespace')
})

t.test("caller binding: another task's container can neither start nor see a fault on this task", async (t) => {
  const { call, kernel, other } = setup()
  const theirs = await call('network-blackhole-port/start', BLACKHOLE, { ip: OTHER_IP })
  t.equal(theirs.statusCode, 404, "our endpoint id from the other task's address is unknown")
  const borrowed = await call('network-packet-loss/start', LOSS, { eid: 'eid-other' })
  t.equal(borrowed.statusCode, 404, "the other task's endpoint id from our address is unknown too")
  t.equal(kernel.calls.length, 0)
  const own = await call('network-packet-loss/start', LOSS, { eid: 'eid-other', ip: OTHER_IP })
  t.equal(own.body, '{"Status":"running"}', 'each task in its own namespace')
  t.ok(kernel.held(5252).length > 0)
  t.strictSame(kernel.held(PAUSE_PID), [])
  t.ok(other.definition.enableFaultInjection)
})

t.test('the fault routes allow one request per route and caller every 5 s (tollbooth 0.2/s, burst 1)', async (t) => {
  const { app, tick } = setup()
  const post = (path: string) =>
    app.inject({ method: 'POST', url: `/api/eid-app/fault/v1/${path}`, remoteAddress: TASK_IP })
  t.equal((await post('network-latency/status')).statusCode, 200)
  const limited = await post('network-latency/status')
  t.equal(limited.statusCode, 429)
  t.equal(limited.body, 'You have reached maximum request limit')
  t.equal(limited.headers['content-type'], 'text/plain; charset=utf-8')
  t.equal(limited.headers['x-rate-limit-limit'], '0.20')
  t.equal((await post('network-packet-loss/status')).statusCode, 200, 'another route has its own budget')
  tick(4.9)
  t.equal((await post('network-latency/status')).statusCode, 429)
  tick(0.1)
  t.equal((await post('network-latency/status')).statusCode, 200, 'five seconds later')
})

t.test('failures: a command failing, the 5 s budget spent, a tool missing, the pause container gone', async (t) => {
  {
    const { call, kernel } = setup()
    kernel.override = (argv) => (argv.includes('DROP') ? { code: 1, output: 'iptables: nope.\n' } : undefined)
    const res = await call('network-blackhole-port/start', BLACKHOLE)
    t.equal(res.statusCode, 500)
    t.equal(res.body, '{"Error":"internal error"}')
    t.strictSame(kernel.held(PAUSE_PID), [], 'the chain made before the failure is taken back')
  }
  {
    const { call, kernel } = setup({ timeoutMs: 20 })
    kernel.delayMs = 30
    const res = await call('network-packet-loss/start', LOSS)
    t.equal(res.statusCode, 500)
    t.equal(res.body, '{"Error":"start network-packet-loss: request timed out"}')
    const status = await call('network-blackhole-port/status', BLACKHOLE)
    t.equal(status.body, '{"Error":"check status network-blackhole-port: request timed out"}')
  }
  {
    const { call, kernel } = setup()
    kernel.absent = new Set(['tc'])
    const res = await call('network-packet-loss/start', LOSS)
    t.equal(res.statusCode, 500, 'no tc to check for a latency fault')
    t.equal(res.body, '{"Error":"internal error"}')
  }
  {
    const { call } = setup({ pauseRunning: false })
    t.equal((await call('network-latency/status')).body, '{"Error":"internal error"}')
  }
})
