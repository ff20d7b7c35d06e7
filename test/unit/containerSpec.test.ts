import t from 'tap'
import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { containerSpec, portBindings } from '../../src/agent/containerSpec.js'
import type { ContainerRecord } from '../../src/model/task.js'

const record: ContainerRecord = {
  name: 'app',
  endpointId: 'eid',
  type: 'NORMAL',
  dockerName: 'ecs-web-1-app-0123456789abcdef0123',
  image: 'nginx',
  labels: { 'ecs-local': 'true' },
  desiredStatus: 'RUNNING',
  knownStatus: 'NONE',
  steadyStatus: 'RUNNING',
  networks: [],
  limits: {},
  essential: true,
}
const bridge = { mode: 'ecs-local', awsvpc: false }
const awsvpc = { mode: 'container:pause', awsvpc: true }
const ports: ContainerDefinition = {
  name: 'app',
  portMappings: [
    { containerPort: 80, hostPort: 8080 },
    { containerPort: 53, protocol: 'udp' },
    { containerPort: 9000, hostPort: 0 },
  ],
}

t.test(`${portBindings.name} in bridge mode`, async (t) => {
  t.same(portBindings([ports], false), { '80/tcp': '8080', '53/udp': '', '9000/tcp': '' }, 'absent or 0: ephemeral')
})

t.test(`${portBindings.name} in awsvpc mode`, async (t) => {
  t.same(
    portBindings([ports], true),
    { '80/tcp': '8080', '53/udp': '53', '9000/tcp': '9000' },
    'hostPort = containerPort',
  )
  t.same(
    portBindings(
      [
        { name: 'a', portMappings: [{ containerPort: 1 }] },
        { name: 'b', portMappings: [{ containerPort: 2 }] },
      ],
      true,
    ),
    { '1/tcp': '1', '2/tcp': '2' },
    'all containers of the task',
  )
  t.same(portBindings([{ name: 'a' }], true), {}, 'none')
})

t.test(`${containerSpec.name}: awsvpc containers publish nothing themselves`, async (t) => {
  const spec = containerSpec(record, ports, [], awsvpc)
  t.equal(spec.portBindings, undefined)
  t.same(spec.exposedPorts, [])
  t.equal(spec.networkMode, 'container:pause')
})

t.test(`${containerSpec.name}: bridge containers publish their ports`, async (t) => {
  const spec = containerSpec(record, ports, [], bridge)
  t.same(spec.portBindings, { '80/tcp': '8080', '53/udp': '', '9000/tcp': '' })
  t.same(spec.exposedPorts, ['80/tcp', '53/udp', '9000/tcp'])
  t.equal(containerSpec(record, { name: 'app' }, [], bridge).portBindings, undefined, 'none: undefined')
})

t.test(`${containerSpec.name}: memory MiB -> bytes`, async (t) => {
  const spec = containerSpec(record, { name: 'app', memory: 512, memoryReservation: 128 }, [], bridge)
  t.equal(spec.memoryBytes, 512 * 1024 * 1024)
  t.equal(spec.memoryReservationBytes, 128 * 1024 * 1024)
  t.equal(containerSpec(record, { name: 'app' }, [], bridge).memoryBytes, undefined, 'no limit when absent')
})

t.test(`${containerSpec.name}: cpu shares at least 2`, async (t) => {
  t.equal(containerSpec(record, { name: 'app', cpu: 1 }, [], bridge).cpuShares, 2)
  t.equal(containerSpec(record, { name: 'app', cpu: 256 }, [], bridge).cpuShares, 256)
})

t.test(`${containerSpec.name}: cpu 0 or absent gives 2 shares, as the agent does`, async (t) => {
  t.equal(containerSpec(record, { name: 'app', cpu: 0 }, [], bridge).cpuShares, 2, 'cpu 0')
  t.equal(containerSpec(record, { name: 'app' }, [], bridge).cpuShares, 2, 'cpu absent')
})

t.test(`${containerSpec.name}: stopTimeout default 30`, async (t) => {
  t.equal(containerSpec(record, { name: 'app' }, [], bridge).stopTimeoutSeconds, 30)
  t.equal(containerSpec(record, { name: 'app', stopTimeout: 5 }, [], bridge).stopTimeoutSeconds, 5)
})

t.test(`${containerSpec.name}: carries the definition`, async (t) => {
  const def: ContainerDefinition = {
    name: 'app',
    entryPoint: ['sh', '-c'],
    command: ['echo hi'],
    workingDirectory: '/srv',
    user: '1000',
    hostname: 'h',
    links: ['db:db'],
  }
  const spec = containerSpec(record, def, ['A=1'], { ...bridge, ipv4Address: '169.254.170.40' }, ['/a:/b:ro'])
  t.match(spec, {
    name: record.dockerName,
    image: 'nginx',
    entrypoint: ['sh', '-c'],
    cmd: ['echo hi'],
    env: ['A=1'],
    labels: record.labels,
    workingDir: '/srv',
    user: '1000',
    hostname: 'h',
    networkMode: 'ecs-local',
    ipv4Address: '169.254.170.40',
    links: ['db:db'],
    binds: ['/a:/b:ro'],
  })
  t.equal(containerSpec(record, { name: 'app' }, [], bridge).binds, undefined, 'no binds: undefined')
})
