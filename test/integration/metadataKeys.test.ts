import t, { type Test } from 'tap'
import { cli, startDaemon } from '../helpers/cli.js'
import { ensureNodeSdkImage } from '../helpers/images.js'
import { jsonOutputOf, writeTask } from '../helpers/tasks.js'
import { HEALTH, PORT, V4_CONTAINER, V4_ENI, V4_STATS, V4_TASK, VOLUME } from '../endpoints/goldenKeys.js'

// The container's own view: what a real app reads from ECS_CONTAINER_METADATA_URI_V4 in a real awsvpc task has
// only keys of the agent's structs, in the agent's order (the golden lists come from the agent's source).

/** Runs in the task: prints the key lists of every object it reads, once the first stats sample is there. */
const SCRIPT = `
const base = process.env.ECS_CONTAINER_METADATA_URI_V4
const get = async (p) => (await fetch(base + p)).json()
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
let stats
for (let i = 0; i < 50; i++) { const r = await fetch(base + '/stats'); if (r.ok) { stats = await r.json(); break } await sleep(200) }
const task = await get('/taskWithTags')
const c = await get('')
console.log(JSON.stringify({
  task: Object.keys(task), container: Object.keys(c), network: Object.keys(c.Networks[0]),
  port: Object.keys(c.Ports[0]), volume: Object.keys(c.Volumes[0]), health: Object.keys(c.Health ?? {}),
  stats: Object.keys(stats ?? {}),
}))
`

/** Every key is one of the agent's, and they come in the agent's order. */
function inAgentOrder(t: Test, what: string, keys: string[], golden: readonly string[], required: string[]) {
  const unknown = keys.filter((k) => !golden.includes(k))
  t.strictSame(unknown, [], `${what}: no key the agent does not have`)
  const positions = keys.map((k) => golden.indexOf(k))
  t.ok(
    positions.every((p, i) => i === 0 || p > (positions[i - 1] as number)),
    `${what}: in the agent's order (${keys.join(', ')})`,
  )
  t.strictSame(
    required.filter((k) => !keys.includes(k)),
    [],
    `${what}: the keys this task has values for`,
  )
}

t.test('v4 metadata as a container reads it: the agent key sets and order', async (t) => {
  const image = await ensureNodeSdkImage()
  const d = await startDaemon(['--aws', 'local'])
  t.teardown(d.stop)
  const file = writeTask(
    d.stateDir,
    'keys',
    [
      {
        name: 'app',
        image,
        command: ['node', '--input-type=module', '-e', SCRIPT],
        portMappings: [{ containerPort: 8080 }],
        mountPoints: [{ sourceVolume: 'scratch', containerPath: '/scratch' }],
        healthCheck: { command: ['CMD', 'node', '-e', '0'], interval: 5, startPeriod: 0 },
      },
    ],
    { networkMode: 'awsvpc', volumes: [{ name: 'scratch' }] },
  )
  const r = await cli(['run', file, '--aws', 'local', '--json', '--tags', 'team=keys'], d.env)
  t.equal(r.code, 0, r.stderr)
  const seen = jsonOutputOf<Record<string, string[]>>(r, 'app')[0]
  if (!seen) throw new Error(`no output: ${r.stdout}`)
  inAgentOrder(t, 'task', seen.task ?? [], V4_TASK, [
    'Cluster',
    'TaskARN',
    'Family',
    'Revision',
    'DesiredStatus',
    'KnownStatus',
    'PullStartedAt',
    'PullStoppedAt',
    'AvailabilityZone',
    'TaskTags',
    'LaunchType',
    'Containers',
    'FaultInjectionEnabled',
  ])
  inAgentOrder(t, 'container', seen.container ?? [], V4_CONTAINER, [
    'DockerId',
    'Name',
    'DockerName',
    'Image',
    'ImageID',
    'Ports',
    'Labels',
    'DesiredStatus',
    'KnownStatus',
    'CreatedAt',
    'StartedAt',
    'Type',
    'Health',
    'Volumes',
    'ContainerARN',
    'Networks',
  ])
  inAgentOrder(t, 'awsvpc network', seen.network ?? [], V4_ENI, [
    'NetworkMode',
    'IPv4Addresses',
    'AttachmentIndex',
    'MACAddress',
    'IPv4SubnetCIDRBlock',
    'PrivateDNSName',
    'SubnetGatewayIpv4Address',
  ])
  inAgentOrder(t, 'port', seen.port ?? [], PORT, ['ContainerPort', 'Protocol', 'HostPort'])
  inAgentOrder(t, 'volume', seen.volume ?? [], VOLUME, ['Source', 'Destination'])
  inAgentOrder(t, 'health', seen.health ?? [], HEALTH, [])
  inAgentOrder(t, 'stats', seen.stats ?? [], V4_STATS, ['read', 'cpu_stats', 'memory_stats', 'networks'])
})
