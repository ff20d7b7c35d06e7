import t from 'tap'
import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { harness, taskDef } from './lifecycleHelpers.js'

// What the record keeps of a started container, as the engine's inspect shows it: TMDE serves these fields from
// the record, so they must come from the engine, not from the task definition.

const POLL = { health: 2, dependency: 2 }
const web = (extra: Partial<ContainerDefinition> = {}): ContainerDefinition => ({
  name: 'web',
  image: 'web:1',
  ...extra,
})

t.test('awsvpc: the pause container keeps the ENI details and the published ports', async (t) => {
  const h = harness(taskDef([web({ portMappings: [{ containerPort: 80 }] })]), () => ({}), { pollMs: POLL })
  await h.runner.start()
  t.teardown(() => h.runner.stop('done'))
  const pause = h.task.record.pause!
  const address = pause.networks[0]?.ipv4Addresses[0] as string
  t.match(pause.networks, [
    {
      networkMode: 'ecs-local',
      ipv4Addresses: [address],
      macAddress: /^02:42:/,
      ipv4SubnetCidrBlock: '169.254.170.0/24',
      subnetGatewayIpv4Address: '169.254.170.2/24',
      domainNameServers: ['127.0.0.11'],
      privateDnsName: pause.dockerName,
    },
  ])
  t.strictSame(pause.portBindings, [
    { containerPort: 80, protocol: 'tcp', hostPort: 80, hostIp: '0.0.0.0' },
    { containerPort: 80, protocol: 'tcp', hostPort: 80, hostIp: '::' },
  ])
  const c = h.task.container('web')
  t.strictSame(c.networks, [{ networkMode: 'awsvpc', ipv4Addresses: [address] }], 'joined the namespace: as before')
  t.strictSame(c.portBindings, [], 'its own inspect publishes nothing')
  t.match(c.volumes, [{ source: /\/tokens\//, destination: '/run/ecs-local/credentials-token' }], 'the token file')
})

t.test('bridge: each container its own network, ports as the engine bound them, mounts', async (t) => {
  const def = taskDef(
    [
      web({
        portMappings: [{ containerPort: 8080, hostPort: 0 }],
        mountPoints: [{ sourceVolume: 'd', containerPath: '/d' }],
      }),
    ],
    { networkMode: 'bridge', volumes: [{ name: 'd' }] },
  )
  const h = harness(def, () => ({}), { pollMs: POLL })
  await h.runner.start()
  t.teardown(() => h.runner.stop('done'))
  const c = h.task.container('web')
  t.equal(c.networks[0]?.networkMode, 'ecs-local', 'the Docker network by name, as the agent reports it')
  t.equal(c.portBindings?.[0]?.hostPort, 32768, 'the dynamic host port the engine chose')
  t.match(c.volumes, [{}, { name: `ecs-local-${h.task.id}-d`, destination: '/d' }])
})

t.test('ExecutionStoppedAt: set when the first essential container stops, not before', async (t) => {
  const h = harness(
    taskDef([web(), { name: 'side', image: 'side:1', essential: false }]),
    (name) => (name === 'side' ? { exitAfterMs: 1 } : { exitAfterMs: 30 }),
    { pollMs: POLL },
  )
  await h.runner.start()
  await new Promise((r) => setTimeout(r, 10))
  t.equal(h.task.container('side').knownStatus, 'STOPPED')
  t.equal(h.task.record.executionStoppedAt, undefined, 'a non-essential exit does not count')
  await h.runner.done
  t.type(h.task.record.executionStoppedAt, Date)
})

t.test('health: the failing probe exit code is kept while unhealthy', async (t) => {
  const h = harness(
    taskDef([web({ healthCheck: { command: ['CMD', 'false'] } })]),
    () => ({ healthy: { afterMs: 1, status: 'unhealthy' } }),
    { pollMs: POLL },
  )
  await h.runner.start()
  t.teardown(() => h.runner.stop('done'))
  for (let i = 0; i < 100 && h.task.container('web').health?.status !== 'UNHEALTHY'; i++) {
    await new Promise((r) => setTimeout(r, 5))
  }
  t.match(h.task.container('web').health, { status: 'UNHEALTHY', exitCode: 1 })
})
