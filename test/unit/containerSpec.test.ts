import t from 'tap'
import type { ContainerDefinition } from '@aws-sdk/client-ecs'
import { containerSpec, portBindings } from '../../src/agent/containerSpec.js'
import type { ContainerSpec } from '../../src/agent/engine.js'
import { resourceLimits, type ResourceLimits, type TaskResources } from '../../src/agent/resourceLimits.js'
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

// Each ContainerDefinition member that ECS hands to Docker, and what it becomes in our ContainerSpec. The Docker
// field each maps to, and the units, are the ECS API reference's (ContainerDefinition, LinuxParameters,
// KernelCapabilities, Device, Tmpfs, Ulimit, SystemControl, HostEntry); test/docker/createOptions.test.ts takes the
// spec on to the Engine API's names.
const MiB = 1024 * 1024
const runtimeCases: Array<[string, Partial<ContainerDefinition>, Partial<ContainerSpec>]> = [
  [
    'ulimits -> Ulimits, soft and hard as given',
    { ulimits: [{ name: 'nofile', softLimit: 2048, hardLimit: 8192 }] },
    { ulimits: [{ name: 'nofile', soft: 2048, hard: 8192 }] },
  ],
  [
    'linuxParameters.capabilities -> CapAdd / CapDrop, names as given (Docker takes them with or without CAP_)',
    { linuxParameters: { capabilities: { add: ['SYS_PTRACE', 'CAP_NET_ADMIN'], drop: ['ALL'] } } },
    { capAdd: ['SYS_PTRACE', 'CAP_NET_ADMIN'], capDrop: ['ALL'] },
  ],
  [
    'linuxParameters.initProcessEnabled -> Init (--init)',
    { linuxParameters: { initProcessEnabled: true } },
    { init: true },
  ],
  [
    'linuxParameters.sharedMemorySize (MiB) -> ShmSize (bytes)',
    { linuxParameters: { sharedMemorySize: 64 } },
    { shmSizeBytes: 64 * MiB },
  ],
  [
    'linuxParameters.tmpfs -> Tmpfs: path -> size in MiB, then the mount options',
    {
      linuxParameters: {
        tmpfs: [
          { containerPath: '/scratch', size: 32, mountOptions: ['noexec', 'mode=1777'] },
          { containerPath: '/run', size: 8 },
        ],
      },
    },
    { tmpfs: { '/scratch': 'size=32m,noexec,mode=1777', '/run': 'size=8m' } },
  ],
  [
    'linuxParameters.devices -> Devices; permissions as cgroup letters, all three by default, same path by default',
    {
      linuxParameters: {
        devices: [
          { hostPath: '/dev/fuse' },
          { hostPath: '/dev/sda', containerPath: '/dev/xvda', permissions: ['read', 'write'] },
          { hostPath: '/dev/kmsg', permissions: ['read'] },
        ],
      },
    },
    {
      devices: [
        { hostPath: '/dev/fuse', containerPath: '/dev/fuse', permissions: 'rwm' },
        { hostPath: '/dev/sda', containerPath: '/dev/xvda', permissions: 'rw' },
        { hostPath: '/dev/kmsg', containerPath: '/dev/kmsg', permissions: 'r' },
      ],
    },
  ],
  ['readonlyRootFilesystem -> ReadonlyRootfs', { readonlyRootFilesystem: true }, { readonlyRootfs: true }],
  ['privileged -> Privileged', { privileged: true }, { privileged: true }],
  [
    'dockerSecurityOptions -> SecurityOpt',
    { dockerSecurityOptions: ['no-new-privileges', 'apparmor:docker-default'] },
    { securityOpt: ['no-new-privileges', 'apparmor:docker-default'] },
  ],
  [
    'systemControls -> Sysctls',
    {
      systemControls: [
        { namespace: 'net.ipv4.tcp_keepalive_time', value: '500' },
        { namespace: 'kernel.shmmax', value: '68719476736' },
      ],
    },
    { sysctls: { 'net.ipv4.tcp_keepalive_time': '500', 'kernel.shmmax': '68719476736' } },
  ],
  ['dnsServers -> Dns', { dnsServers: ['10.0.0.2', '1.1.1.1'] }, { dns: ['10.0.0.2', '1.1.1.1'] }],
  ['dnsSearchDomains -> DnsSearch', { dnsSearchDomains: ['corp.example'] }, { dnsSearch: ['corp.example'] }],
  [
    'extraHosts -> ExtraHosts as hostname:address',
    { extraHosts: [{ hostname: 'db.internal', ipAddress: '10.1.2.3' }] },
    { extraHosts: ['db.internal:10.1.2.3'] },
  ],
  ['interactive -> OpenStdin', { interactive: true }, { openStdin: true }],
  ['pseudoTerminal -> Tty', { pseudoTerminal: true }, { tty: true }],
  ['disableNetworking -> NetworkDisabled', { disableNetworking: true }, { networkDisabled: true }],
]

for (const [title, fields, want] of runtimeCases) {
  t.test(`${containerSpec.name}: ${title}`, async (t) => {
    t.match(containerSpec(record, { name: 'app', ...fields }, [], bridge), want)
  })
}

t.test(`${containerSpec.name}: members left out or false leave the engine's defaults`, async (t) => {
  const spec = containerSpec(
    record,
    { name: 'app', privileged: false, readonlyRootFilesystem: false, dnsServers: [], linuxParameters: {} },
    [],
    bridge,
  )
  for (const key of new Set(runtimeCases.flatMap(([, , want]) => Object.keys(want)))) t.notOk(key in spec, key)
})

// Memory and cpu. Container level: the API reference (memory, memoryReservation in MiB; maxSwap -> MemorySwap =
// memory + maxSwap; swappiness 60 by default, ignored without maxSwap) and the agent's cpu share bounds
// (agent/api/task/task_linux.go dockerCPUShares). Task level: see src/agent/resourceLimits.ts.
const ec2 = { launchType: 'EC2' as const }
const limitCases: Array<[string, Partial<ContainerDefinition>, TaskResources, Partial<ResourceLimits>]> = [
  ['container memory alone: the engine decides swap', { memory: 256 }, ec2, { memoryBytes: 256 * MiB }],
  [
    'maxSwap: MemorySwap = memory + maxSwap, swappiness 60 when not given',
    { memory: 256, linuxParameters: { maxSwap: 512 } },
    ec2,
    { memoryBytes: 256 * MiB, memorySwapBytes: 768 * MiB, memorySwappiness: 60 },
  ],
  [
    'maxSwap 0: no swap; swappiness as given',
    { memory: 256, linuxParameters: { maxSwap: 0, swappiness: 10 } },
    ec2,
    { memorySwapBytes: 256 * MiB, memorySwappiness: 10 },
  ],
  [
    'task memory, none on the container: the task limit, no swap',
    { memoryReservation: 64 },
    { memory: 512, launchType: 'EC2' },
    { memoryBytes: 512 * MiB, memorySwapBytes: 512 * MiB, memoryReservationBytes: 64 * MiB },
  ],
  [
    'task memory and container memory: the container limit',
    { memory: 128 },
    { memory: 512, launchType: 'EC2' },
    { memoryBytes: 128 * MiB },
  ],
  [
    'FARGATE: never swap',
    { memory: 128 },
    { memory: 512, launchType: 'FARGATE' },
    { memoryBytes: 128 * MiB, memorySwapBytes: 128 * MiB },
  ],
  [
    'task cpu: a CFS quota of cpu/1024 vCPU over the agent’s 100 ms period',
    { cpu: 128 },
    { cpu: 256, launchType: 'FARGATE' },
    { cpuShares: 128, cpuQuota: { quotaMicros: 25_000, periodMicros: 100_000 } },
  ],
  ['cpu above the kernel’s maximum: 262144 shares', { cpu: 300_000 }, ec2, { cpuShares: 262_144 }],
]

for (const [title, fields, task, want] of limitCases) {
  t.test(`${resourceLimits.name}: ${title}`, async (t) => {
    const got = resourceLimits({ name: 'app', ...fields }, task)
    t.match(got, want)
    for (const key of ['memorySwapBytes', 'memorySwappiness', 'cpuQuota'] as const)
      if (!(key in want)) t.notOk(key in got, `no ${key}`)
  })
}

t.test(`${containerSpec.name}: the task's limits and namespaces`, async (t) => {
  const spec = containerSpec(record, { name: 'app' }, [], bridge, [], {
    memory: 512,
    cpu: 1024,
    launchType: 'EC2',
    pidMode: 'container:abc',
    ipcMode: 'host',
  })
  t.match(spec, {
    memoryBytes: 512 * MiB,
    cpuQuota: { quotaMicros: 100_000, periodMicros: 100_000 },
    pidMode: 'container:abc',
    ipcMode: 'host',
  })
})
