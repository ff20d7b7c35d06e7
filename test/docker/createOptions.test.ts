import t from 'tap'
import type { ContainerSpec } from '../../src/agent/engine.js'
import { createOptions } from '../../src/docker/createOptions.js'

// Our ContainerSpec -> the Engine API's ContainerCreate body (pure: no engine needed). The Docker field names are
// the ones the ECS API reference gives for each ContainerDefinition member ("This parameter maps to Ulimits in the
// docker container create command"); the values are the Engine API's units (bytes, microseconds).

const base: ContainerSpec = {
  name: 'ecs-web-1-app-0123',
  image: 'nginx',
  env: [],
  labels: {},
  networkMode: 'ecs-local',
}
const MiB = 1024 * 1024

const cases: Array<[string, Partial<ContainerSpec>, { config?: object; host?: object }]> = [
  [
    'ulimits -> HostConfig.Ulimits',
    { ulimits: [{ name: 'nofile', soft: 2048, hard: 8192 }] },
    { host: { Ulimits: [{ Name: 'nofile', Soft: 2048, Hard: 8192 }] } },
  ],
  [
    'capabilities -> CapAdd, CapDrop',
    { capAdd: ['SYS_PTRACE'], capDrop: ['ALL'] },
    { host: { CapAdd: ['SYS_PTRACE'], CapDrop: ['ALL'] } },
  ],
  ['privileged -> Privileged', { privileged: true }, { host: { Privileged: true } }],
  ['read-only root -> ReadonlyRootfs', { readonlyRootfs: true }, { host: { ReadonlyRootfs: true } }],
  [
    'security options -> SecurityOpt',
    { securityOpt: ['no-new-privileges'] },
    { host: { SecurityOpt: ['no-new-privileges'] } },
  ],
  ['init -> Init', { init: true }, { host: { Init: true } }],
  ['shm -> ShmSize (bytes)', { shmSizeBytes: 64 * MiB }, { host: { ShmSize: 64 * MiB } }],
  [
    'tmpfs -> Tmpfs',
    { tmpfs: { '/scratch': 'size=32m,noexec' } },
    { host: { Tmpfs: { '/scratch': 'size=32m,noexec' } } },
  ],
  [
    'devices -> Devices',
    { devices: [{ hostPath: '/dev/fuse', containerPath: '/dev/fuse', permissions: 'rwm' }] },
    { host: { Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' }] } },
  ],
  [
    'sysctls -> Sysctls',
    { sysctls: { 'net.core.somaxconn': '1024' } },
    { host: { Sysctls: { 'net.core.somaxconn': '1024' } } },
  ],
  [
    'DNS and hosts -> Dns, DnsSearch, ExtraHosts',
    { dns: ['10.0.0.2'], dnsSearch: ['corp.example'], extraHosts: ['db:10.1.2.3'] },
    { host: { Dns: ['10.0.0.2'], DnsSearch: ['corp.example'], ExtraHosts: ['db:10.1.2.3'] } },
  ],
  [
    'namespaces -> PidMode, IpcMode',
    { pidMode: 'container:abc', ipcMode: 'shareable' },
    { host: { PidMode: 'container:abc', IpcMode: 'shareable' } },
  ],
  [
    'memory, swap and cpu -> Memory, MemorySwap, MemorySwappiness, CpuShares, CpuQuota/CpuPeriod (µs)',
    {
      memoryBytes: 512 * MiB,
      memorySwapBytes: 512 * MiB,
      memorySwappiness: 60,
      cpuShares: 128,
      cpuQuota: { quotaMicros: 25_000, periodMicros: 100_000 },
    },
    {
      host: {
        Memory: 512 * MiB,
        MemorySwap: 512 * MiB,
        MemorySwappiness: 60,
        CpuShares: 128,
        CpuQuota: 25_000,
        CpuPeriod: 100_000,
      },
    },
  ],
  [
    'interactive, pseudoTerminal, disableNetworking -> Config.OpenStdin, Tty, NetworkDisabled',
    { openStdin: true, tty: true, networkDisabled: true },
    { config: { OpenStdin: true, Tty: true, NetworkDisabled: true } },
  ],
]

for (const [title, fields, want] of cases) {
  t.test(`${createOptions.name}: ${title}`, async (t) => {
    const body = createOptions({ ...base, ...fields })
    t.match(body, { ...want.config, HostConfig: want.host ?? {} })
  })
}

t.test(`${createOptions.name}: nothing set, nothing sent (the engine's defaults stay)`, async (t) => {
  const body = JSON.parse(JSON.stringify(createOptions(base))) as { HostConfig: Record<string, unknown> }
  t.strictSame(Object.keys(body.HostConfig), ['NetworkMode'])
  for (const key of ['Tty', 'OpenStdin', 'NetworkDisabled']) t.notOk(key in body, key)
})

t.test(`${createOptions.name}: a container in another's network namespace sends no hostname or address`, async (t) => {
  const body = createOptions({ ...base, networkMode: 'container:pause', hostname: 'h', ipv4Address: '169.254.170.9' })
  t.equal(body.Hostname, undefined)
  t.equal(body.NetworkingConfig, undefined)
  const own = createOptions({ ...base, hostname: 'h', ipv4Address: '169.254.170.9' })
  t.equal(own.Hostname, 'h')
  t.strictSame(own.NetworkingConfig, {
    EndpointsConfig: { 'ecs-local': { IPAMConfig: { IPv4Address: '169.254.170.9' } } },
  })
})
